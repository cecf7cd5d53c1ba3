"""The customer record tiles of one hand-made organisation (spec/analytics.md, "The customer record tiles")."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine

from analytics.tiles import record_tiles
from tests.support import seed

D = date(2026, 3, 15)
NOW = datetime(2026, 3, 15, 12, 0)

ORG = {"id": "o1", "name": "Heyer Plan GmbH", "sla_hours": 48}
OTHER = {"id": "o2", "name": "Other AG"}


def _record_data() -> dict[str, list[dict[str, object]]]:
    return {
        "agents": [{"id": "ag1", "name": "Anna Agent"}],
        "organisations": [ORG, OTHER],
        "projects": [
            {"id": "p1", "organisation_id": "o1", "kind": "customer", "status": "running",
             "start_date": "2026-01-01", "revenue": 10000, "cost": 7500},
            {"id": "p2", "organisation_id": "o1", "kind": "customer", "status": "running", "revenue": 2000,
             "cost": 500},
            {"id": "p3", "organisation_id": "o1", "kind": "customer", "status": "closed", "revenue": 99, "cost": 1},
            {"id": "p4", "organisation_id": "o1", "kind": "contractor", "status": "running", "revenue": 5},
            {"id": "p5", "organisation_id": "o1", "kind": "customer", "status": "running",
             "start_date": "2026-04-01", "revenue": 7},
            {"id": "p6", "organisation_id": "o2", "kind": "customer", "status": "running", "revenue": 3},
        ],
        "invoices": [
            {"id": "i1", "organisation_id": "o1", "invoice_date": "2026-02-01", "amount_net": 1000.50,
             "status": "open", "dunning_level": 1},
            {"id": "i2", "organisation_id": "o1", "invoice_date": "2026-03-01", "amount_net": 250,
             "status": "open"},
            # paid after D: still open at D
            {"id": "i3", "organisation_id": "o1", "invoice_date": "2026-03-02", "amount_net": 100,
             "status": "paid", "paid_date": "2026-03-20", "dunning_level": 2},
            {"id": "i4", "organisation_id": "o1", "invoice_date": "2026-01-02", "amount_net": 77,
             "status": "paid", "paid_date": "2026-02-01"},
            {"id": "i5", "organisation_id": "o1", "invoice_date": "2026-01-03", "amount_net": 55,
             "status": "cancelled"},
            {"id": "i6", "organisation_id": "o1", "invoice_date": "2026-03-16", "amount_net": 33,
             "status": "open"},
            {"id": "i7", "organisation_id": "o2", "invoice_date": "2026-03-01", "amount_net": 11, "status": "open"},
        ],
        "tickets": [
            # due 2026-03-14 10:00 (org SLA 48 h): breached at noon of D
            {"id": "t1", "organisation_id": "o1", "status": "open", "opened_at": "2026-03-12T10:00:00"},
            # own SLA 4 h: due 2026-03-15 13:00, later than t1
            {"id": "t2", "organisation_id": "o1", "status": "open", "opened_at": "2026-03-15T09:00:00",
             "sla_hours": 4},
            {"id": "t3", "organisation_id": "o1", "status": "closed", "opened_at": "2026-03-01T10:00:00",
             "closed_at": "2026-03-02T10:00:00"},
            # closed after D: open at D
            {"id": "t4", "organisation_id": "o1", "status": "closed", "opened_at": "2026-03-13T10:00:00",
             "closed_at": "2026-03-18T10:00:00", "sla_hours": 100},
            {"id": "t5", "organisation_id": "o2", "status": "open", "opened_at": "2026-03-01T10:00:00",
             "sla_hours": 1},
        ],
        "time_entries": [
            {"id": "h1", "agent_id": "ag1", "entry_date": "2026-03-01", "hours": 2.5, "organisation_id": "o1"},
            {"id": "h2", "agent_id": "ag1", "entry_date": "2026-03-15", "hours": 1.25, "organisation_id": "o1"},
            {"id": "h3", "agent_id": "ag1", "entry_date": "2026-02-28", "hours": 8, "organisation_id": "o1"},
            {"id": "h4", "agent_id": "ag1", "entry_date": "2026-03-16", "hours": 8, "organisation_id": "o1"},
            {"id": "h5", "agent_id": "ag1", "entry_date": "2026-03-10", "hours": 8, "organisation_id": "o2"},
        ],
        "documents": [
            {"id": "d1", "organisation_id": "o1", "folder": "Verträge/2026", "filename": "rahmen.pdf", "version": 1,
             "created_at": "2026-01-01T08:00:00"},
            {"id": "d2", "organisation_id": "o1", "folder": "Verträge/2026", "filename": "rahmen.pdf", "version": 2,
             "created_at": "2026-02-01T08:00:00"},
            {"id": "d3", "organisation_id": "o1", "folder": "Angebote", "filename": "rahmen.pdf", "version": 1},
            {"id": "d4", "organisation_id": "o1", "folder": "Angebote", "filename": "neu.pdf", "version": 1,
             "created_at": "2026-03-16T08:00:00"},
        ],
        "activities": [
            {"id": "a1", "kind": "call", "occurred_at": "2026-03-10T09:00:00", "organisation_id": "o1",
             "subject": "Rückruf"},
            {"id": "a2", "kind": "email", "occurred_at": "2026-03-15T23:59:00", "organisation_id": "o1",
             "subject": "Angebot"},
            {"id": "a3", "kind": "note", "occurred_at": "2026-03-16T00:00:00", "organisation_id": "o1",
             "subject": "too late"},
            {"id": "a4", "kind": "note", "occurred_at": "2026-03-15T23:59:30", "organisation_id": "o2"},
        ],
    }


def _with_dunning(data: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    """Every invoice row names its dunning level (0 = none), as the interchange files do."""
    return {**data, "invoices": [{"dunning_level": 0, **r} for r in data["invoices"]]}


def test_tiles_of_a_hand_made_organisation(engine: Engine) -> None:
    """Record tiles (spec/analytics.md): each tile counts only this organisation's facts as of D."""
    seed(engine, _with_dunning(_record_data()))
    with engine.connect() as conn:
        tiles = record_tiles(conn, "o1", D, now=NOW)
    assert tiles.engagements.running_projects == 2
    assert tiles.engagements.revenue == pytest.approx(12000)
    assert tiles.engagements.cost == pytest.approx(8000)
    assert tiles.engagements.margin == pytest.approx(4000 / 12000)
    assert (tiles.invoices.open_count, tiles.invoices.dunned_count) == (3, 2)
    assert tiles.invoices.open_amount == pytest.approx(1350.50)
    assert tiles.tickets.open_count == 3
    assert tiles.tickets.tightest_ticket_id == "t1"
    assert tiles.tickets.tightest_sla_hours == pytest.approx(48)
    assert tiles.tickets.tightest_due_at == datetime(2026, 3, 14, 10, 0)
    assert tiles.tickets.breached is True
    assert (tiles.hours.month_start, tiles.hours.hours) == (date(2026, 3, 1), pytest.approx(3.75))
    assert tiles.documents.documents == 2
    assert (tiles.last_touch.at, tiles.last_touch.kind, tiles.last_touch.subject) == (
        datetime(2026, 3, 15, 23, 59), "email", "Angebot")


def test_sla_not_yet_run_out_is_not_breached(engine: Engine) -> None:
    """Tickets tile (spec/analytics.md): an SLA that ends after the moment looked at is not breached."""
    seed(engine, {"organisations": [ORG], "tickets": [
        {"id": "t2", "organisation_id": "o1", "status": "open", "opened_at": "2026-03-15T09:00:00",
         "sla_hours": 4.5},
    ]})
    with engine.connect() as conn:
        early = record_tiles(conn, "o1", D, now=datetime(2026, 3, 15, 13, 29)).tickets
        late = record_tiles(conn, "o1", D, now=datetime(2026, 3, 15, 13, 31)).tickets
    assert early.tightest_due_at == datetime(2026, 3, 15, 13, 30)
    assert (early.breached, late.breached) == (False, True)


def test_empty_organisation_has_empty_tiles(engine: Engine) -> None:
    """Record tiles (spec/analytics.md): no facts give zeros, no margin and no last touch."""
    seed(engine, {"organisations": [OTHER]})
    with engine.connect() as conn:
        tiles = record_tiles(conn, "o2", D, now=NOW)
    assert tiles.engagements.running_projects == 0 and tiles.engagements.margin is None
    assert (tiles.invoices.open_count, tiles.invoices.open_amount) == (0, 0)
    assert (tiles.tickets.open_count, tiles.tickets.tightest_ticket_id, tiles.tickets.breached) == (0, None, False)
    assert tiles.hours.hours == 0 and tiles.documents.documents == 0
    assert tiles.last_touch.at is None
