"""`kundenakte import PATH` (spec/analytics.md, command line contract; spec/interchange.md, "Bad input")."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import schema
from core.db import make_engine
from kundenakte.cli import main
from tests.support import write_interchange

ROWS = {
    "organisations": [{"id": "O1", "name": "Heyer Plan", "email_domains": "heyer-plan.de"}],
    "invoices": [{"id": "I1", "organisation_id": "O1", "invoice_date": "2026-01-15", "amount_net": "10",
                  "status": "paid"}],
}


def _count(db_url: str, table: type) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()
    finally:
        engine.dispose()


def test_import_exit_0_and_summary(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract: a good import exits 0 and prints rows per table."""
    folder = write_interchange(tmp_path / "in", ROWS)
    assert main(["import", str(folder), "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "2 row(s) new" in out and "invoices" in out
    assert _count(db_url, schema.Invoice) == 1
    assert main(["import", str(folder), "--db", db_url, "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert _count(db_url, schema.Invoice) == 1


def test_import_refused_exit_1_lists_problems(db_url: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input: a refused import exits 1 and names file, row, column and what was wrong, for every problem."""
    folder = write_interchange(tmp_path / "in", {
        "organisations": ROWS["organisations"],
        "invoices": [{**ROWS["invoices"][0], "status": "late"},
                     {**ROWS["invoices"][0], "id": "I2", "invoice_date": "2026-02-30"}],
    })
    assert main(["import", str(folder), "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert "invoices.csv, row 2, column status: unknown value 'late'" in err
    assert "invoices.csv, row 3, column invoice_date: impossible date: '2026-02-30'" in err
    assert _count(db_url, schema.Organisation) == 0


def test_import_missing_path_exit_2(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract: wrong usage (no such path) exits 2."""
    assert main(["import", str(tmp_path / "nowhere"), "--db", db_url]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_import_with_broken_inbound_file_exit_1(db_url: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input: tables load, an unreadable inbound file beside them is named and skipped, exit 1."""
    folder = write_interchange(tmp_path / "in", ROWS)
    (folder / "inbound").mkdir()
    (folder / "inbound" / "broken.ics").write_text("this is no calendar")
    assert main(["import", str(folder), "--db", db_url]) == 1
    captured = capsys.readouterr()
    assert "broken.ics" in captured.err and "1 skipped" in captured.out
    assert _count(db_url, schema.Invoice) == 1
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(schema.ImportLogEntry.status)).scalars().all() == ["partial"]
    engine.dispose()
