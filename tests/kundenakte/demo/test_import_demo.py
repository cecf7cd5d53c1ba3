"""The small demo loads through `kundenakte import` on both databases, and a second import changes no counts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from kundenakte import schema
from kundenakte.services.commands.imports import run_import
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
