"""The small demo loads through `kundenakte import` on both databases; a second import changes no counts,
a corrupted copy is refused whole."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core import schema
from core.errors import ImportRejected
from services.commands.imports import run_import
from tests.kundenakte.demo.conftest import TODAY

COUNTED = ("organisations", "contacts", "agents", "invoices", "incoming_invoices", "purchase_orders", "quotes",
           "opportunities", "opportunity_status_changes", "projects", "time_entries", "tickets", "activities",
           "activity_links", "inbox_items", "documents", "supplier_ratings", "account_numbers")


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(select(func.count()).select_from(schema.metadata.tables[t])).scalar_one()
                for t in COUNTED}


def test_small_demo_imports_and_reimports_without_duplicates(engine: Engine, small_folder: Path,
                                                             small_tables: dict[str, list[dict[str, str]]]) -> None:
    """interchange.md: the demo is valid import input; re-importing the same rows upserts (same counts)."""
    report = run_import(engine, small_folder, as_of=TODAY)
    first = _counts(engine)
    for table in ("organisations", "contacts", "agents", "invoices", "quotes", "time_entries", "documents"):
        assert first[table] == len(small_tables[table]), table
    assert first["activities"] > len(small_tables["activities"])  # plus mails, calls, appointments
    assert first["inbox_items"] > 0 and first["activity_links"] > first["inbox_items"]
    assert report.skipped == ()
    run_import(engine, small_folder, as_of=TODAY)
    assert _counts(engine) == first


def _rewrite(path: Path, edit: Callable[[list[list[str]]], None]) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def _set(rows: list[list[str]], row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (header = row 1) and column name."""
    rows[row - 1][rows[0].index(column)] = value


def test_corrupted_demo_copy_is_refused_whole_with_every_problem(engine: Engine, small_folder: Path,
                                                                 tmp_path: Path) -> None:
    """interchange.md, Bad input: one transaction, every problem with file/row/column, database unchanged."""
    run_import(engine, small_folder, as_of=TODAY)
    before = _counts(engine)
    bad = tmp_path / "corrupted"
    shutil.copytree(small_folder, bad)
    _rewrite(bad / "invoices.csv", lambda r: _set(r, 10, "invoice_date", "2026-02-30"))
    _rewrite(bad / "quotes.csv", lambda r: _set(r, 5, "status", "maybe"))
    _rewrite(bad / "contacts.csv", lambda r: _set(r, 7, "organisation_id", "ORG-DOES-NOT-EXIST"))
    _rewrite(bad / "organisations.csv", lambda r: _set(r, 3, "id", r[1][r[0].index("id")]))
    _rewrite(bad / "time_entries.csv", lambda r: _set(r, 4, "hours", "viele"))
    (bad / "documents.csv").write_bytes(bytes(range(256)) * 40)

    with pytest.raises(ImportRejected) as refused:
        run_import(engine, bad, as_of=TODAY)

    found = {(p.file, p.row, p.column) for p in refused.value.problems}
    assert ("invoices.csv", 10, "invoice_date") in found
    assert ("quotes.csv", 5, "status") in found
    assert ("contacts.csv", 7, "organisation_id") in found
    assert ("organisations.csv", 3, "id") in found
    assert ("time_entries.csv", 4, "hours") in found
    assert any(p.file == "documents.csv" for p in refused.value.problems)
    assert _counts(engine) == before
