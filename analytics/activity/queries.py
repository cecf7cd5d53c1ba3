"""Activity analysis (spec/analytics.md, "Activity analysis"): counts, minutes and logged hours per group and period.

One SQL statement: the activities aggregated per (period, group) and the time
entries aggregated per (period, group), stacked with UNION ALL and summed again,
so a group-period with hours but no activities (or the reverse) still appears.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, Float, Select, cast, func, literal, null, select, union, union_all
from sqlalchemy.sql.elements import ColumnElement

from analytics.restricted import outside_projects
from analytics.sqlfuncs import period_label
from core.errors import InvalidInput
from core.frames import TEXT
from core.schema import Activity, ActivityLink, Project, Ticket, TimeEntry
from core.vocabulary import ActivityGrouping, Period

#: the group's column in the result, per `by`
GROUP_COLUMNS: dict[ActivityGrouping, str] = {
    ActivityGrouping.AGENT: "agent_id", ActivityGrouping.ORGANISATION: "organisation_id",
    ActivityGrouping.CONTACT: "contact_id", ActivityGrouping.KIND: "kind",
}
COLUMNS = ("period", "activities", "minutes", "hours")


def _check(by: ActivityGrouping, period: Period) -> None:
    if by not in GROUP_COLUMNS:
        raise InvalidInput(f"unknown grouping '{by}' ({', '.join(GROUP_COLUMNS)})")
    if period not in tuple(Period):
        raise InvalidInput(f"unknown period '{period}' ({', '.join(Period)})")


def _contact_pairs() -> Select[tuple[int, str]]:
    """(activity_id, contact_id): a contact named on the activity or on one of its links, each pair once."""
    return union(
        select(ActivityLink.activity_id, ActivityLink.contact_id).where(ActivityLink.contact_id.is_not(None)),
        select(Activity.id.label("activity_id"), Activity.contact_id).where(Activity.contact_id.is_not(None)),
    )


def activities_per_group(by: ActivityGrouping, period: Period, date_from: date | None = None,
                         date_until: date | None = None,
                         agent_id: str | None = None) -> Select[tuple[str, str, int, float, float]]:
    """`period, grp, activities, minutes, hours(=0)`: activities counted per period and group.

    By organisation an activity counts at every organisation it landed at
    (activity_links); by contact at every contact named on it or its links.
    """
    _check(by, period)
    grp: ColumnElement[str | None]
    source = Activity.__table__
    if by == ActivityGrouping.AGENT:
        grp = Activity.agent_id
    elif by == ActivityGrouping.KIND:
        grp = Activity.kind
    elif by == ActivityGrouping.ORGANISATION:
        grp = ActivityLink.organisation_id
        source = source.join(ActivityLink.__table__, ActivityLink.activity_id == Activity.id)
    else:
        pairs = _contact_pairs().subquery("pairs")
        grp = pairs.c.contact_id
        source = source.join(pairs, pairs.c.activity_id == Activity.id)
    label = period_label(Activity.occurred_at, period)
    q = select(label.label("period"), grp.label("grp"), func.count().label("activities"),
               func.coalesce(func.sum(Activity.duration_minutes), 0.0).label("minutes"),
               cast(literal(0.0), Float).label("hours")).select_from(source)
    if date_from is not None:
        q = q.where(Activity.occurred_at >= datetime.combine(date_from, time()))
    if date_until is not None:
        q = q.where(Activity.occurred_at < datetime.combine(date_until + timedelta(days=1), time()))
    if agent_id is not None:
        q = q.where(Activity.agent_id == agent_id)
    return q.group_by(label, grp)


def hours_per_group(by: ActivityGrouping, period: Period, date_from: date | None = None, date_until: date | None = None,
                    agent_id: str | None = None,
                    hidden_projects: Select | None = None) -> Select[tuple[str, str, int, float, float]] | None:
    """`period, grp, activities(=0), minutes(=0), hours`: logged hours per period and group; None by kind.

    By organisation an entry without organisation_id counts at its project's or
    ticket's organisation; by contact an entry counts at its ticket's contact.
    Time entries carry no activity kind, so there are no hours by kind. Entries at
    `hidden_projects` (a restricted project the caller may not see) are left out.
    """
    _check(by, period)
    if by == ActivityGrouping.KIND:
        return None
    source = TimeEntry.__table__
    grp: ColumnElement[str | None]
    if by == ActivityGrouping.AGENT:
        grp = TimeEntry.agent_id
    elif by == ActivityGrouping.ORGANISATION:
        source = (source.outerjoin(Project.__table__, Project.id == TimeEntry.project_id)
                  .outerjoin(Ticket.__table__, Ticket.id == TimeEntry.ticket_id))
        grp = func.coalesce(TimeEntry.organisation_id, Project.organisation_id, Ticket.organisation_id)
    else:
        source = source.join(Ticket.__table__, Ticket.id == TimeEntry.ticket_id)
        grp = Ticket.contact_id
    label = period_label(TimeEntry.entry_date, period)
    q = (select(label.label("period"), grp.label("grp"), literal(0).label("activities"),
                cast(literal(0.0), Float).label("minutes"), func.sum(TimeEntry.hours).label("hours"))
         .select_from(source).where(grp.is_not(None), outside_projects(TimeEntry.project_id, hidden_projects)))
    if date_from is not None:
        q = q.where(TimeEntry.entry_date >= date_from)
    if date_until is not None:
        q = q.where(TimeEntry.entry_date <= date_until)
    if agent_id is not None:
        q = q.where(TimeEntry.agent_id == agent_id)
    return q.group_by(label, grp)


def activity_query(by: ActivityGrouping, period: Period, date_from: date | None = None, date_until: date | None = None,
                   agent_id: str | None = None,
                   hidden_projects: Select | None = None) -> Select[tuple[str, str, int, float, float | None]]:
    """`period, <group column>, activities, minutes, hours`: both sides combined, one row per group and period."""
    parts = [activities_per_group(by, period, date_from, date_until, agent_id)]
    hours = hours_per_group(by, period, date_from, date_until, agent_id, hidden_projects)
    if hours is not None:
        parts.append(hours)
    stacked = union_all(*parts).subquery("stacked")
    hours_total = func.sum(stacked.c.hours) if hours is not None else cast(null(), Float)
    return (select(stacked.c.period, stacked.c.grp.label(GROUP_COLUMNS[by]),
                   func.sum(stacked.c.activities).label("activities"), func.sum(stacked.c.minutes).label("minutes"),
                   hours_total.label("hours"))
            .group_by(stacked.c.period, stacked.c.grp))


def activity_frame(conn: Connection, by: ActivityGrouping = ActivityGrouping.AGENT, period: Period = Period.MONTH,
                   date_from: date | None = None, date_until: date | None = None,
                   agent_id: str | None = None, hidden_projects: Select | None = None) -> pd.DataFrame:
    """The tidy activity analysis: one row per period and group, sorted by period then group.

    Columns: period, the group column, activities (int), minutes and hours (float;
    hours empty by kind). `agent_id` restricts everything to one agent's work; the
    hours at `hidden_projects` are left out.
    """
    if date_from is not None and date_until is not None and date_from > date_until:
        raise InvalidInput(f"--from {date_from} lies after --until {date_until}")
    rows = conn.execute(activity_query(by, period, date_from, date_until, agent_id, hidden_projects)).all()
    column = GROUP_COLUMNS[by]
    frame = pd.DataFrame(rows, columns=["period", column, "activities", "minutes", "hours"])
    frame = frame.astype({"period": TEXT, column: TEXT, "activities": "int64", "minutes": "float64",
                          "hours": "float64"})
    return frame.sort_values(["period", column], na_position="last", kind="mergesort").reset_index(drop=True)


__all__ = [
    "GROUP_COLUMNS",
    "activities_per_group",
    "activity_frame",
    "activity_query",
    "hours_per_group",
]
