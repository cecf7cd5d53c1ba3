"""Timestamp helpers behave the same on SQLite and PostgreSQL (preamble: one test per dialect helper)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, literal, select

from analytics.sqltime import as_timestamp, plus_hours
from kundenakte.schema import Invoice, Ticket
from tests.support import seed


def test_plus_hours_takes_fractions_and_crosses_midnight(engine: Engine) -> None:
    """Tickets tile (spec/analytics.md): the SLA deadline is opened_at plus (fractional) SLA hours."""
    seed(engine, {"organisations": [{"id": "o1", "name": "X"}], "tickets": [
        {"id": "t1", "organisation_id": "o1", "status": "open", "opened_at": "2026-03-15T22:30:00", "sla_hours": 4.25},
    ]})
    with engine.connect() as conn:
        due = conn.execute(select(plus_hours(Ticket.opened_at, Ticket.sla_hours))).scalar_one()
        later = conn.execute(select(Ticket.id).where(
            plus_hours(Ticket.opened_at, literal(1.5)) < datetime(2026, 3, 16, 0, 0, 1))).all()
    assert due == datetime(2026, 3, 16, 2, 45)
    assert later == [("t1",)]


def test_dates_as_timestamps_sort_with_timestamps(engine: Engine) -> None:
    """Timeline (customer record): a dated fact is midnight of its day, comparable with datetime bounds."""
    seed(engine, {"invoices": [{"id": "i1", "organisation_id": "o1", "invoice_date": "2026-03-12", "amount_net": 1,
                                "status": "open"}]})
    with engine.connect() as conn:
        stamp = conn.execute(select(as_timestamp(Invoice.invoice_date))).scalar_one()
        bound = datetime(2026, 3, 12, 0, 1)
        assert conn.execute(select(Invoice.id).where(as_timestamp(Invoice.invoice_date) < bound)).all() == [("i1",)]
    assert stamp == datetime(2026, 3, 12)
