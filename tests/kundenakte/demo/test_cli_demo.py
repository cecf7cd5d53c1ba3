"""`kundenakte demo`: generate, load through the import, refuse a database with other data unless --fresh."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.db import make_engine
from core.schema import Invoice, Organisation
from kundenakte.cli import main
from kundenakte.demo.target import has_data, remove_sqlite_database
from tests.support import seed

ORG = {"id": "O1", "name": "Vorhandene GmbH"}


def test_has_data_tells_an_empty_database_from_a_filled_one(engine: Engine) -> None:
    """demo refuses a database holding data: empty (migrated) says no, one organisation says yes."""
    assert not has_data(engine)
    seed(engine, {"organisations": [ORG]})
    assert has_data(engine)


def test_demo_refuses_a_sqlite_database_with_data_without_fresh(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Contract: exit 1 with a clear message when the target already holds data; nothing is generated."""
    url = f"sqlite:///{tmp_path / 'full.db'}"
    from core.db import migrate

    engine = make_engine(url)
    migrate(engine)
    seed(engine, {"organisations": [ORG]})
    engine.dispose()
    out = tmp_path / "files"
    assert main(["demo", "--generate-only", "--db", url, "--out", str(out)]) == 1
    assert "--fresh" in capsys.readouterr().err
    assert not out.exists()


def test_remove_sqlite_database_deletes_the_file_and_leaves_other_urls(tmp_path: Path) -> None:
    """--fresh deletes the SQLite file (and its WAL companions); other databases are not files."""
    path = tmp_path / "x.db"
    for p in (path, tmp_path / "x.db-wal"):
        p.write_bytes(b"x")
    assert remove_sqlite_database(f"sqlite:///{path}") == path
    assert not path.exists() and not (tmp_path / "x.db-wal").exists()
    assert remove_sqlite_database("postgresql://u@h/db") is None


def test_demo_generates_loads_and_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """demo: files into --out, the import of that folder, then the dashboard served at --host/--port."""
    served: list[tuple[str, str, int]] = []
    web = types.ModuleType("kundenakte.web")
    web.serve = lambda url, host, port: served.append((url, host, port))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kundenakte.web", web)
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    out = tmp_path / "files"
    code = main(["demo", "--db", url, "--out", str(out), "--today", "2026-03-15", "--host", "0.0.0.0",
                 "--port", "8123"])
    assert code == 0
    assert (out / "organisations.csv").exists() and (out / "inbound" / "calls.csv").exists()
    assert served == [(url, "0.0.0.0", 8123)]
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Organisation)).scalar_one() == 600
    engine.dispose()
    # a second run serves the same demo again (tests/kundenakte/demo/test_rerun.py); another seed is
    # refused, with --fresh it starts afresh
    assert main(["demo", "--generate-only", "--db", url, "--seed", "5"]) == 1
    assert main(["demo", "--generate-only", "--fresh", "--db", url, "--today", "2026-03-15", "--seed", "5"]) == 0
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Invoice)).scalar_one() > 1000
    engine.dispose()
