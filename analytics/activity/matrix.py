"""Agent activity across groupings at once (spec/analytics.md, "Activity analysis"): agents x activity kind x
period, hours per period, and what one agent touched (organisations and contacts), each one grouped SQL statement.

Activities count in the half-open range [first day 00:00, day after the last day 00:00), like
`activities_per_group`; an activity counts at every organisation it landed at (activity_links).
Analytics knows no users: the caller passes the organisations a viewer may see as a condition.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, func, select, true, union

from analytics.restricted import outside_projects
from analytics.sqlfuncs import period_start
from core.schema import Activity, ActivityLink, Contact, Organisation, TimeEntry
from core.vocabulary import Period


def _in_range(first: date, last: date) -> list[ColumnElement[bool]]:
    return [Activity.occurred_at >= datetime.combine(first, time()),
            Activity.occurred_at < datetime.combine(last + timedelta(days=1), time())]


def agent_kind_period_counts(period: Period, first: date, last: date) -> Select[tuple[str | None, str, date, int]]:
    """`agent_id, kind, start, activities`: activities per agent, kind and period (`start`: the period's first
    day) from `first` to `last`; one pass over the range serves the heatmap and the course over time."""
    start = period_start(Activity.occurred_at, period)
    return (select(Activity.agent_id, Activity.kind, start.label("start"), func.count().label("activities"))
            .where(*_in_range(first, last)).group_by(Activity.agent_id, Activity.kind, start))


def hours_per_period(period: Period, first: date, last: date, agent_id: str | None = None,
                     hidden_projects: Select | None = None) -> Select[tuple[date, float]]:
    """`start, hours`: hours logged per period from `first` to `last` (one agent's with `agent_id`), without the
    entries at `hidden_projects` (a restricted project the caller may not see)."""
    start = period_start(TimeEntry.entry_date, period)
    q = (select(start.label("start"), func.sum(TimeEntry.hours).label("hours"))
         .where(TimeEntry.entry_date.between(first, last), outside_projects(TimeEntry.project_id, hidden_projects)))
    if agent_id is not None:
        q = q.where(TimeEntry.agent_id == agent_id)
    return q.group_by(start)


def organisations_touched(agent_id: str, first: date, last: date,
                          visible: ColumnElement[bool] | None = None) -> Select[tuple[str, str, int, datetime]]:
    """`organisation_id, name, activities, last_at`: where the agent's activities of the range landed.

    `visible` is a condition on `activity_links.organisation_id` (the viewer's organisations); most first.
    """
    link = ActivityLink
    n = func.count().label("activities")
    return (
        select(link.organisation_id, Organisation.name, n, func.max(Activity.occurred_at).label("last_at"))
        .select_from(Activity.__table__.join(link.__table__, link.activity_id == Activity.id)
                     .join(Organisation.__table__, Organisation.id == link.organisation_id))
        .where(Activity.agent_id == agent_id, *_in_range(first, last), visible if visible is not None else true())
        .group_by(link.organisation_id, Organisation.name)
        .order_by(n.desc(), link.organisation_id)
    )


def contacts_touched(agent_id: str, first: date, last: date,
                     visible: ColumnElement[bool] | None = None) -> Select[tuple[str, str | None, str, str, int]]:
    """`contact_id, first_name, last_name, organisation_id, activities`: the contacts the agent's activities of
    the range named (on the activity or on one of its links), each activity once per contact; most first.

    `visible` is a condition on `contacts.organisation_id` (the viewer's organisations).
    """
    link = ActivityLink
    mine = [Activity.agent_id == agent_id, *_in_range(first, last)]
    # the pairs of the agent's activities in the range only (the index on agent and time finds them)
    pairs = union(
        select(link.activity_id, link.contact_id).select_from(
            Activity.__table__.join(link.__table__, link.activity_id == Activity.id))
        .where(*mine, link.contact_id.is_not(None)),
        select(Activity.id.label("activity_id"), Activity.contact_id).where(*mine, Activity.contact_id.is_not(None)),
    ).subquery("pairs")
    n = func.count().label("activities")
    return (
        select(Contact.id.label("contact_id"), Contact.first_name, Contact.last_name, Contact.organisation_id, n)
        .select_from(pairs.join(Contact.__table__, Contact.id == pairs.c.contact_id))
        .where(visible if visible is not None else true())
        .group_by(Contact.id, Contact.first_name, Contact.last_name, Contact.organisation_id)
        .order_by(n.desc(), Contact.id)
    )


__all__ = ["agent_kind_period_counts", "contacts_touched", "hours_per_period",
           "organisations_touched"]
