"""Retention (spec/analytics.md, "Retention (GDPR)"): last trace per contact and who is due for deletion."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, update

from analytics.retention import cutoff, due_contacts, last_trace_query
from core.schema import ActivityLink, Contact
from tests.support import seed

D = date(2026, 6, 30)
CUTOFF = date(2024, 6, 30)  # D minus 24 calendar months
OLD = "2020-01-01T09:00:00"
ORG = {"id": "o1", "name": "Org"}


def _contact(created_at: str | None = OLD, cid: str = "c1") -> dict[str, Any]:
    return {"id": cid, "organisation_id": "o1", "first_name": "Anna", "last_name": "Meier", "created_at": created_at}


def _closed_ticket(tid: str, opened: str = OLD, closed: str = "2020-01-02T09:00:00") -> dict[str, Any]:
    return {"id": tid, "organisation_id": "o1", "contact_id": "c1", "status": "closed", "opened_at": opened,
            "closed_at": closed}


def _tables(kind: str, day: str) -> dict[str, list[dict[str, Any]]]:
    """One contact (created long ago) with exactly one recent trace of `kind` on `day`."""
    tables: dict[str, list[dict[str, Any]]] = {"organisations": [ORG], "contacts": [_contact()]}
    stamp = f"{day}T23:30:00"
    if kind == "created_at":
        tables["contacts"] = [_contact(stamp)]
    elif kind == "activity_contact":
        tables["activities"] = [{"id": "a1", "kind": "call", "occurred_at": stamp, "contact_id": "c1"}]
    elif kind == "activity_link":
        tables["activities"] = [{"id": "a1", "kind": "email", "occurred_at": stamp, "organisation_id": "o1"}]
    elif kind == "ticket_opened":
        tables["tickets"] = [_closed_ticket("t1", stamp, stamp)]
    elif kind == "ticket_closed":
        tables["tickets"] = [_closed_ticket("t1", OLD, stamp)]
    elif kind == "quote":
        tables["quotes"] = [{"id": "q1", "organisation_id": "o1", "contact_id": "c1", "quote_date": day,
                             "amount_net": 10, "status": "rejected"}]
    elif kind == "document":
        tables["documents"] = [{"id": "d1", "organisation_id": "o1", "contact_id": "c1", "folder": "x",
                                "filename": "a.pdf", "created_at": stamp}]
    elif kind == "time_entry":
        tables["tickets"] = [_closed_ticket("t1")]
        tables["time_entries"] = [{"id": "e1", "agent_id": "ann", "entry_date": day, "hours": 1, "ticket_id": "t1"}]
    return tables


def _seed(engine: Engine, tables: dict[str, list[dict[str, Any]]], kind: str = "") -> None:
    seed(engine, tables)
    if kind == "activity_link":  # the link names the contact, the activity row does not
        with engine.begin() as conn:
            conn.execute(update(ActivityLink).values(contact_id="c1"))


def _due(engine: Engine, as_of: date = D, months: int | None = 24) -> dict[str, date | None]:
    with engine.connect() as conn:
        frame = due_contacts(conn, as_of, months)
    return {c: (d if isinstance(d, date) else None) for c, d in zip(frame["contact_id"], frame["last_trace"],
                                                                      strict=True)}


KINDS = ["created_at", "activity_contact", "activity_link", "ticket_opened", "ticket_closed", "quote", "document",
         "time_entry"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_trace_counts_and_the_boundary_day_is_kept(engine: Engine, kind: str) -> None:
    """A trace on D minus 24 months (any time that day) is not before the cut-off: not due (spec, Retention)."""
    _seed(engine, _tables(kind, CUTOFF.isoformat()), kind)
    assert _due(engine) == {}
    with engine.connect() as conn:
        assert dict(conn.execute(last_trace_query(D)).all()) == {"c1": CUTOFF}


@pytest.mark.parametrize("kind", KINDS)
def test_a_trace_one_day_before_the_cutoff_is_due(engine: Engine, kind: str) -> None:
    """A last trace the day before D minus the retention period makes the contact due, with that date."""
    _seed(engine, _tables(kind, "2024-06-29"), kind)
    assert _due(engine) == {"c1": date(2024, 6, 29)}


def test_no_trace_at_all_is_due_with_empty_last_trace(engine: Engine) -> None:
    """A contact without any trace (not even created_at) is due; its last_trace is empty (spec, Retention)."""
    seed(engine, {"organisations": [ORG], "contacts": [_contact(None)]})
    assert _due(engine) == {"c1": None}


def test_latest_trace_wins(engine: Engine) -> None:
    """The last trace is the latest of all kinds: one recent quote keeps an old contact."""
    tables = _tables("quote", "2026-01-01")
    tables["documents"] = _tables("document", "2023-01-01")["documents"]
    seed(engine, tables)
    assert _due(engine) == {}
    assert _due(engine, date(2028, 1, 2)) == {"c1": date(2026, 1, 1)}


@pytest.mark.parametrize(("ticket", "due"), [
    ({"status": "open", "opened_at": OLD}, False),
    ({"status": "open", "opened_at": OLD, "closed_at": "2026-07-01T08:00:00"}, False),  # closed after D
    ({"status": "closed", "opened_at": OLD, "closed_at": "2026-07-01T08:00:00"}, False),
    ({"status": "closed", "opened_at": OLD, "closed_at": "2020-02-01T08:00:00"}, True),
    ({"status": "closed", "opened_at": OLD}, True),                                  # closed, no closing time
    ({"status": "open", "opened_at": "2026-07-01T08:00:00"}, True),                   # opened after D
])
def test_a_ticket_open_at_d_keeps_the_contact(engine: Engine, ticket: dict[str, Any], due: bool) -> None:
    """A contact with a ticket still open at D (opened on or before D, not closed by D) is never due."""
    seed(engine, {"organisations": [ORG], "contacts": [_contact()],
                  "tickets": [{"id": "t1", "organisation_id": "o1", "contact_id": "c1", **ticket}]})
    assert ("c1" in _due(engine)) is due


def test_traces_after_d_and_contacts_created_after_d_do_not_count(engine: Engine) -> None:
    """As of D only facts dated on or before D count; a contact created after D does not exist yet."""
    seed(engine, {"organisations": [ORG], "contacts": [_contact(), _contact("2026-07-01T08:00:00", "c2")],
                  "activities": [{"id": "a1", "kind": "call", "occurred_at": "2026-07-01T00:00:00",
                                  "contact_id": "c1"}]})
    assert _due(engine) == {"c1": date(2020, 1, 1)}


def test_anonymised_contacts_are_not_due_again(engine: Engine) -> None:
    """An erased contact (anonymised_at set) no longer shows up as due (documented choice)."""
    seed(engine, {"organisations": [ORG], "contacts": [_contact(), _contact(OLD, "c2")]})
    with engine.begin() as conn:
        conn.execute(update(Contact).where(Contact.id == "c2").values(anonymised_at=D))
    assert list(_due(engine)) == ["c1"]


def test_retention_period_comes_from_the_configuration(engine: Engine) -> None:
    """The period defaults to BusinessConfig.retention_months (24) and may be changed."""
    seed(engine, _tables("quote", "2025-06-01"))
    assert _due(engine, months=None) == {}
    assert _due(engine, months=12) == {"c1": date(2025, 6, 1)}
    assert cutoff(date(2026, 2, 28), 24) == date(2024, 2, 28)
