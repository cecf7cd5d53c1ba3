"""Activity analysis (spec/analytics.md, "Activity analysis"): counts, minutes and hours per group and period."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from analytics.activity import activity_frame
from core.errors import InvalidInput
from tests.support import seed

DATA = {
    "agents": [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}],
    "organisations": [{"id": "o1", "name": "One"}, {"id": "o2", "name": "Two"}],
    "contacts": [{"id": "c1", "organisation_id": "o1", "last_name": "Meier"}],
    "projects": [{"id": "p2", "organisation_id": "o2", "kind": "customer", "status": "running"}],
    "tickets": [{"id": "t1", "organisation_id": "o1", "contact_id": "c1", "status": "open",
                 "opened_at": "2026-01-02T09:00:00"}],
    "activities": [
        # Monday 26 Jan 2026 = 2026-W05; Sunday 4 Jan 2026 = 2026-W01; 31 Dec 2025 = 2026-W01
        {"id": "a1", "kind": "call", "occurred_at": "2026-01-26T08:00:00", "agent_id": "ann",
         "organisation_id": "o1", "contact_id": "c1", "duration_minutes": 10},
        {"id": "a2", "kind": "call", "occurred_at": "2026-01-04T23:59:59", "agent_id": "ann",
         "organisation_id": "o1", "duration_minutes": 5},
        {"id": "a3", "kind": "email", "occurred_at": "2025-12-31T12:00:00", "agent_id": "bob",
         "organisation_id": "o2"},
        {"id": "a4", "kind": "note", "occurred_at": "2026-04-01T00:00:00", "agent_id": "bob",
         "duration_minutes": 30},
    ],
    "time_entries": [
        {"id": "e1", "agent_id": "ann", "entry_date": "2026-01-27", "hours": 2.5, "organisation_id": "o1"},
        {"id": "e2", "agent_id": "bob", "entry_date": "2026-02-10", "hours": 4, "project_id": "p2"},
        {"id": "e3", "agent_id": "ann", "entry_date": "2026-01-05", "hours": 1, "ticket_id": "t1"},
        {"id": "e4", "agent_id": "bob", "entry_date": "2026-02-11", "hours": 8},  # nowhere: agent only
    ],
}


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False, name=None)]


def test_by_agent_per_month_with_hours_beside(engine: Engine) -> None:
    """Per agent and month: activities, minutes and the hours the agent logged in that month."""
    seed(engine, DATA)
    with engine.connect() as conn:
        frame = activity_frame(conn, "agent", "month")
    assert list(frame.columns) == ["period", "agent_id", "activities", "minutes", "hours"]
    assert _rows(frame) == [
        ("2025-12", "bob", 1, 0.0, 0.0),
        ("2026-01", "ann", 2, 15.0, 3.5),
        ("2026-02", "bob", 0, 0.0, 12.0),     # hours without any activity still appear
        ("2026-04", "bob", 1, 30.0, 0.0),
    ]


def test_by_organisation_per_iso_week(engine: Engine) -> None:
    """Per organisation (via activity_links) and ISO week; hours from the entry's org, project or ticket."""
    seed(engine, DATA)
    with engine.connect() as conn:
        frame = activity_frame(conn, "organisation", "week")
    assert _rows(frame) == [
        ("2026-W01", "o1", 1, 5.0, 0.0),
        ("2026-W01", "o2", 1, 0.0, 0.0),      # 31 Dec 2025 lies in ISO week 2026-W01
        ("2026-W02", "o1", 0, 0.0, 1.0),      # time entry on ticket t1 of o1
        ("2026-W05", "o1", 1, 10.0, 2.5),
        ("2026-W07", "o2", 0, 0.0, 4.0),      # time entry on project p2 of o2
    ]


def test_by_kind_per_quarter_has_no_hours(engine: Engine) -> None:
    """Per kind and quarter; time entries have no kind, so hours stay empty (documented choice)."""
    seed(engine, DATA)
    with engine.connect() as conn:
        frame = activity_frame(conn, "kind", "quarter")
    assert _rows(frame) == [
        ("2025-Q4", "email", 1, 0.0, None),
        ("2026-Q1", "call", 2, 15.0, None),
        ("2026-Q2", "note", 1, 30.0, None),
    ]


def test_by_contact_counts_activities_and_ticket_hours(engine: Engine) -> None:
    """Per contact: activities naming the contact, and hours booked on the contact's tickets."""
    seed(engine, DATA)
    with engine.connect() as conn:
        frame = activity_frame(conn, "contact", "month")
    assert _rows(frame) == [("2026-01", "c1", 1, 10.0, 1.0)]


def test_from_and_until_bound_both_sides(engine: Engine) -> None:
    """--from/--until include both days: an activity at 23:59:59 on --until counts, entries likewise."""
    seed(engine, DATA)
    with engine.connect() as conn:
        frame = activity_frame(conn, "agent", "month", date(2026, 1, 4), date(2026, 1, 26))
    assert _rows(frame) == [("2026-01", "ann", 2, 15.0, 1.0)]


def test_one_agent_only(engine: Engine) -> None:
    """Restricted to one agent, other agents' activities and hours are left out."""
    seed(engine, DATA)
    with engine.connect() as conn:
        frame = activity_frame(conn, "organisation", "quarter", agent_id="bob")
    assert _rows(frame) == [("2025-Q4", "o2", 1, 0.0, 0.0), ("2026-Q1", "o2", 0, 0.0, 4.0)]


def test_activities_without_agent_are_a_group_of_their_own(engine: Engine) -> None:
    """An activity without agent is still counted, in a row with an empty agent_id."""
    seed(engine, {"activities": [{"id": "x", "kind": "email", "occurred_at": "2026-03-03T10:00:00"}]})
    with engine.connect() as conn:
        frame = activity_frame(conn, "agent", "month")
    assert _rows(frame) == [("2026-03", None, 1, 0.0, 0.0)]


def test_wrong_parameters_are_refused(engine: Engine) -> None:
    """Unknown groupings or periods, and --from after --until, are wrong usage."""
    with engine.connect() as conn:
        with pytest.raises(InvalidInput):
            activity_frame(conn, "team", "month")  # type: ignore[arg-type]
        with pytest.raises(InvalidInput):
            activity_frame(conn, "agent", "year")
        with pytest.raises(InvalidInput):
            activity_frame(conn, "agent", "month", date(2026, 2, 1), date(2026, 1, 1))
