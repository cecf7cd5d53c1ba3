"""Old migrations stand on their own: they carry their SQL and do what the code of their day did (both backends)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, insert, inspect, select

from analytics.invoice_months import invoice_months_select
from analytics.relationships import holders
from core.db import _alembic_config
from core.schema import InvoiceMonth, InvoiceRunningTotal
from core.schema.admin import FOREVER, ProspectSpan
from services.commands.maintained import refresh_invoice_months, refresh_prospect_spans
from tests.analytics.abc.rows import change, invoice, opportunity, org, quote
from tests.support import seed

VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"

Spans = list[tuple[str, date, date]]


def _spans(engine: Engine) -> Spans:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(ProspectSpan.organisation_id, ProspectSpan.since, ProspectSpan.until)
            .order_by(ProspectSpan.organisation_id, ProspectSpan.since))]


def _move(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Upgrade (or downgrade) the database to `revision` in one transaction."""
    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


@contextmanager
def _at_revision(engine: Engine, revision: str) -> Iterator[None]:
    """The database downgraded to `revision` for the block, back at head afterwards (the PostgreSQL test
    database is shared by the worker's later tests)."""
    _move(engine, revision, down=True)
    try:
        yield
    finally:
        _move(engine, "head")


def test_migrations_import_nothing_of_the_project() -> None:
    """A migration imports only alembic and sqlalchemy: project code changes, a migration must not."""
    for path in sorted(VERSIONS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert roots <= {"alembic", "sqlalchemy", "__future__"}, f"{path.name}:{node.lineno} imports {roots}"


def test_upgrade_to_0007_fills_the_prospect_spans_of_existing_data(engine: Engine,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0007 creates `prospect_spans` and fills it from the data already there, so an upgraded
    database knows its prospects before the next import recomputes them: its frozen SQL gives exactly
    what `refresh_prospect_spans` computes (quotes open, decided and expired, opportunities reopened,
    rejected, closed and without history, a status nobody knows, a customer's spans cut where its invoices begin)."""
    # at 0006 there is no prospect_spans table to refresh yet: that is the migration's part
    monkeypatch.setattr("tests.support.refresh_prospect_spans", lambda conn: None)
    monkeypatch.setattr("tests.support.refresh_invoice_months", lambda conn: None)
    with _at_revision(engine, "0006"):
        assert "prospect_spans" not in inspect(engine).get_table_names()
        seed(engine, {
            "organisations": [org(x) for x in ("P", "merged", "forever", "reopened", "lost", "unknown", "customer",
                                               "idle")],
            "quotes": [quote("Q", "P", "2025-06-01", 10, valid_until="2025-06-30"),
                       quote("m1", "merged", "2025-01-01", 10, valid_until="2025-01-10"),
                       quote("m2", "merged", "2025-01-11", 10, decided_at="2025-01-20", status="accepted"),
                       quote("m3", "merged", "2025-03-01", 10, decided_at="2025-03-01", status="rejected"),
                       quote("f", "forever", "2025-01-01", 10, valid_until="9999-12-31"),
                       quote("c1", "customer", "2025-02-01", 10)],
            "opportunities": [opportunity("op", "reopened", "2025-03-01", 1000, closed="2025-03-20"),
                              opportunity("lo", "lost", "2025-03-01", 1),
                              opportunity("un", "unknown", "2025-03-01", 1),
                              opportunity("c2", "customer", "2025-01-15", 1),
                              opportunity("bare", "idle", "2025-04-01", 1, closed="2025-04-11")],
            "opportunity_status_changes": [change("op", "2025-03-03T10:00:00", "Won"),
                                           change("op", "2025-03-06T08:00:00", "Negotiation"),
                                           change("lo", "2025-04-05T09:00:00", "Rejected"),
                                           change("un", "2025-03-02T08:00:00", "Nobody knows"),
                                           change("c2", "2025-01-16T08:00:00", "New")],
            "invoices": [invoice("i", "customer", "2025-05-01", 100)],
        })
        _move(engine, "0007")
        migrated = _spans(engine)
        with engine.begin() as conn:
            refresh_prospect_spans(conn)
        assert migrated == _spans(engine)
    assert ("P", date(2025, 6, 1), date(2025, 7, 1)) in migrated
    assert [s for s in migrated if s[0] in ("customer", "lost", "reopened", "unknown")] == [
        ("customer", date(2025, 1, 15), date(2025, 5, 1)), ("lost", date(2025, 3, 1), date(2025, 4, 5)),
        ("reopened", date(2025, 3, 1), date(2025, 3, 3)), ("reopened", date(2025, 3, 6), date(2025, 3, 20)),
        ("unknown", date(2025, 3, 1), FOREVER),
    ]
    with engine.connect() as conn:
        assert "P" in conn.execute(holders("prospect", date(2025, 6, 30))).scalars().all()


def _months(engine: Engine) -> list[tuple[str, date, float, int]]:
    m = InvoiceMonth
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(m.organisation_id, m.month, m.revenue, m.invoices).order_by(m.organisation_id, m.month))]


def test_upgrade_to_0009_fills_the_invoice_months_of_existing_data(engine: Engine,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0009 creates `invoice_months` from the invoices already there, exactly as `refresh_invoice_months`
    computes it: cancelled invoices left out, credit notes netted, one row per organisation and calendar month."""
    monkeypatch.setattr("tests.support.refresh_invoice_months", lambda conn: None)
    with _at_revision(engine, "0008"):
        assert "invoice_months" not in inspect(engine).get_table_names()
        seed(engine, {
            "organisations": [org("a"), org("b")],
            "invoices": [invoice("1", "a", "2025-01-01", 100), invoice("2", "a", "2025-01-31", 50),
                         invoice("3", "a", "2025-02-01", -20), invoice("4", "a", "2025-02-10", 999, status="cancelled"),
                         invoice("5", "b", "2024-12-31", 7)],
        })
        _move(engine, "0009")
        migrated = _months(engine)
        with engine.connect() as conn:  # what refresh_invoice_months writes (it fills later tables too)
            computed = sorted(tuple(r) for r in conn.execute(invoice_months_select()))
        assert migrated == computed
    assert migrated == [("a", date(2025, 1, 1), 150.0, 2), ("a", date(2025, 2, 1), -20.0, 1),
                        ("b", date(2024, 12, 1), 7.0, 1)]


def _running(engine: Engine) -> list[tuple[str, date, float, int]]:
    r = InvoiceRunningTotal
    with engine.connect() as conn:
        return [tuple(x) for x in conn.execute(
            select(r.organisation_id, r.month, r.revenue, r.invoices).order_by(r.organisation_id, r.month))]


def test_upgrade_to_0012_fills_the_running_totals_as_an_import_would(engine: Engine,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0012 creates `invoice_running_totals` from the months already there, exactly as
    `refresh_invoice_months` computes them: dense from each organisation's first month to the greatest month
    held, a month without invoices carrying the total before it."""
    monkeypatch.setattr("tests.support.refresh_invoice_months", lambda conn: None)
    with _at_revision(engine, "0011"):
        assert "invoice_running_totals" not in inspect(engine).get_table_names()
        seed(engine, {
            "organisations": [org("a"), org("b")],
            "invoices": [invoice("1", "a", "2025-01-01", 100), invoice("2", "a", "2025-03-31", 50),
                         invoice("3", "b", "2025-02-10", 7), invoice("4", "b", "2025-02-11", 9, status="cancelled")],
        })
        with engine.begin() as conn:  # the months as the import before 0012 kept them
            conn.execute(insert(InvoiceMonth).from_select(["organisation_id", "month", "revenue", "invoices"],
                                                          invoice_months_select()))
        _move(engine, "0012")
        migrated = _running(engine)
        with engine.begin() as conn:
            refresh_invoice_months(conn)
        assert migrated == _running(engine)
    assert migrated == [("a", date(2025, 1, 1), 100.0, 1), ("a", date(2025, 2, 1), 100.0, 1),
                        ("a", date(2025, 3, 1), 150.0, 2), ("b", date(2025, 2, 1), 7.0, 1),
                        ("b", date(2025, 3, 1), 7.0, 1)]
