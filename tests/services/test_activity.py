"""The activity service (spec/analytics.md, "Activity analysis"): rows for writers, own work for agents; the
activity page's agents x kinds, course over time and drill into an agent (issue 20), restricted hours left out
(spec/analytics.md, "Security": a restricted project and all that hangs at it)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from core.errors import Forbidden, NotFound
from core.vocabulary import Period, Role
from services.activity import ActivityParams, activity, activity_overview, agent_drill
from services.users import SYSTEM, CurrentUser
from tests.access_world import access_data
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


# --- the activity page (issue 20): agents x kinds, over time, one agent's organisations and contacts -----------

PAGE_DAY = date(2026, 3, 15)
MANAGEMENT = CurrentUser("leitung", Role.MANAGEMENT, agent_id="ag4", teams=frozenset({"Leitung"}))
NORD = CurrentUser("nord", Role.MANAGEMENT, agent_id="ag1", teams=frozenset({"Nord"}))


def page_world() -> dict[str, list[dict[str, object]]]:
    """The access world (a restricted project p2 of team Nord with hours of ag1) with activities of two agents."""
    data = access_data()
    data["activities"] = [
        {"id": "x1", "kind": "email", "occurred_at": "2026-03-05T08:00:00", "agent_id": "ag1",
         "organisation_id": "o1", "contact_id": "c1", "subject": "Angebot besprochen"},
        {"id": "x2", "kind": "call", "occurred_at": "2026-03-06T08:00:00", "agent_id": "ag1",
         "organisation_id": "o2", "subject": "Rückruf"},
        {"id": "x3", "kind": "call", "occurred_at": "2026-02-06T08:00:00", "agent_id": "ag1",
         "organisation_id": "o1", "contact_id": "c2"},
        {"id": "x4", "kind": "note", "occurred_at": "2026-03-10T08:00:00", "agent_id": "ag2",
         "organisation_id": "o2", "contact_id": "c3"},
        # after the as-of date: in no figure
        {"id": "x5", "kind": "call", "occurred_at": "2026-03-16T08:00:00", "agent_id": "ag2",
         "organisation_id": "o2"},
        # before the twelve months
        {"id": "x6", "kind": "call", "occurred_at": "2025-03-31T08:00:00", "agent_id": "ag2",
         "organisation_id": "o2"},
    ]
    return data


def test_the_heatmap_counts_agents_by_kind_up_to_the_as_of_date(engine: Engine) -> None:
    """Twelve months up to D: Anna Nord 1 e-mail + 2 calls, Bernd Süd 1 note; later and earlier ones not counted."""
    seed(engine, page_world())
    page = activity_overview(engine, MANAGEMENT, ActivityParams(Period.MONTH, PAGE_DAY))
    assert (page.first, page.last) == (date(2025, 4, 1), PAGE_DAY)
    assert page.kinds == ("email", "call", "appointment", "note", "task")
    assert [(r.agent_id, r.name, r.counts, r.total) for r in page.heatmap] == [
        ("ag1", "Anna Nord", (1, 2, 0, 0, 0), 3), ("ag2", "Bernd Süd", (0, 0, 0, 1, 0), 1)]
    assert len(page.over_time) == 12 and page.over_time[0].period == "2025-04"
    march = page.over_time[-1]
    assert (march.period, march.counts) == ("2026-03", (1, 1, 0, 1, 0))
    assert page.over_time[-2].counts == (0, 1, 0, 0, 0) and not page.own_only


def test_weeks_and_one_agent_over_time(engine: Engine) -> None:
    seed(engine, page_world())
    page = activity_overview(engine, MANAGEMENT, ActivityParams(Period.WEEK, PAGE_DAY, "ag2"))
    assert len(page.over_time) == 13 and page.over_time[-1].period == "2026-W11"
    assert sum(sum(p.counts) for p in page.over_time) == 1  # ag2's note only
    assert page.agent_id == "ag2" and [r.agent_id for r in page.heatmap] == ["ag1", "ag2"]


def test_hours_of_a_restricted_project_only_for_its_team(engine: Engine) -> None:
    """ag1 logged 2 h at p1 and 5 h at the restricted p2 in March (3 h at p2 in February): outsiders get 2 h."""
    seed(engine, page_world())
    outsider = {p.period: p.hours for p in activity_overview(engine, MANAGEMENT,
                                                              ActivityParams(Period.MONTH, PAGE_DAY)).over_time}
    member = {p.period: p.hours for p in activity_overview(engine, NORD,
                                                            ActivityParams(Period.MONTH, PAGE_DAY)).over_time}
    assert (outsider["2026-03"], outsider["2026-02"]) == (2.0, 0.0)
    assert (member["2026-03"], member["2026-02"]) == (7.0, 3.0)
    report = {r["period"]: r["hours"] for r in activity(engine, MANAGEMENT, "agent").rows if r["agent_id"] == "ag1"}
    assert report["2026-03"] == 2.0  # the report (CLI, API) leaves them out too


def test_drill_into_an_agent(engine: Engine) -> None:
    """Anna Nord touched o1 twice (c1, c2) and o2 once in the twelve months."""
    seed(engine, page_world())
    drill = agent_drill(engine, MANAGEMENT, ActivityParams(Period.MONTH, PAGE_DAY, "ag1"))
    assert drill.name == "Anna Nord"
    assert [(o.organisation_id, o.name, o.activities) for o in drill.organisations] == [
        ("o1", "Alpha GmbH", 2), ("o2", "Beta AG", 1)]
    assert [(c.contact_id, c.name, c.organisation_id, c.activities) for c in drill.contacts] == [
        ("c1", "Eva Extern", "o1", 1), ("c2", "Otto Other", "o1", 1)]
    weeks = agent_drill(engine, MANAGEMENT, ActivityParams(Period.WEEK, PAGE_DAY, "ag1"))
    assert [o.organisation_id for o in weeks.organisations] == ["o1", "o2"]


def test_who_may_see_agent_activity(engine: Engine) -> None:
    """Analytics: management, accounting, purchasing read it; sales and support do not (audited). A user
    scoped to own accounts sees their own agent only; another agent or an unknown one is not found."""
    seed(engine, page_world())
    for role in (Role.ACCOUNTING, Role.PURCHASING):
        assert activity_overview(engine, CurrentUser("u", role), ActivityParams()).kinds
    for role in (Role.SALES, Role.SUPPORT, Role.EXTERNAL):
        with pytest.raises(Forbidden):
            activity_overview(engine, CurrentUser(f"u-{role.value}", role), ActivityParams())
        with pytest.raises(Forbidden):
            agent_drill(engine, CurrentUser(f"u-{role.value}", role), ActivityParams(agent_id="ag1"))
    with pytest.raises(NotFound):
        agent_drill(engine, MANAGEMENT, ActivityParams(Period.MONTH, PAGE_DAY, "nobody"))
    own = own_accounts_user(engine, "ag2", Role.MANAGEMENT)
    page = activity_overview(engine, own, ActivityParams(Period.MONTH, PAGE_DAY))
    assert [r.agent_id for r in page.heatmap] == ["ag2"] and page.own_only
    with pytest.raises(NotFound):
        agent_drill(engine, own, ActivityParams(Period.MONTH, PAGE_DAY, "ag1"))
    assert [o.organisation_id for o in agent_drill(engine, own, ActivityParams(Period.MONTH, PAGE_DAY,
                                                                               "ag2")).organisations] == ["o2"]


def test_the_drill_lists_only_the_organisations_the_viewer_may_see(engine: Engine) -> None:
    """A purchaser scoped to own accounts of agent ag1 (o1's KAM) sees o1 in ag1's drill, not o2."""
    seed(engine, page_world())
    own = own_accounts_user(engine, "ag1", Role.PURCHASING)
    drill = agent_drill(engine, own, ActivityParams(Period.MONTH, PAGE_DAY, "ag1"))
    assert [o.organisation_id for o in drill.organisations] == ["o1"]
    assert {c.organisation_id for c in drill.contacts} == {"o1"}
