"""The activity service (spec/analytics.md, "Activity analysis"): rows for writers, own work for agents."""

from __future__ import annotations

from sqlalchemy import Engine

from core.vocabulary import Role
from services.activity import activity
from services.users import SYSTEM
from tests.support import own_accounts_user, seed

DATA = {
    "activities": [
        {"id": "a1", "kind": "call", "occurred_at": "2026-01-26T08:00:00", "agent_id": "ann", "duration_minutes": 3},
        {"id": "a2", "kind": "email", "occurred_at": "2026-01-27T08:00:00", "agent_id": "bob"},
    ],
    "time_entries": [{"id": "e1", "agent_id": "bob", "entry_date": "2026-01-27", "hours": 2}],
}


def test_rows_carry_the_contract_columns(engine: Engine) -> None:
    """Rows hold period, the group column, activities, minutes and hours; hours empty by kind."""
    seed(engine, DATA)
    rep = activity(engine, SYSTEM, "kind", "week")
    assert rep.columns == ("period", "kind", "activities", "minutes", "hours")
    assert rep.rows == ({"period": "2026-W05", "kind": "call", "activities": 1, "minutes": 3.0, "hours": None},
                        {"period": "2026-W05", "kind": "email", "activities": 1, "minutes": 0.0, "hours": None})


def test_an_agent_sees_only_their_own_work(engine: Engine) -> None:
    """A user without company-wide view gets only their own activities and hours (need to know)."""
    seed(engine, DATA)
    assert [r["agent_id"] for r in activity(engine, SYSTEM, "agent").rows] == ["ann", "bob"]
    own = activity(engine, own_accounts_user(engine, "bob", Role.MANAGEMENT), "agent").rows
    assert own == ({"period": "2026-01", "agent_id": "bob", "activities": 1, "minutes": 0.0, "hours": 2.0},)
