"""Activity analysis per agent, organisation, contact or kind and period (spec/analytics.md, "Activity analysis")."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select, true

from analytics.abc import tune_for_analytics
from analytics.activity import (
    GROUP_COLUMNS,
    activity_frame,
    agent_kind_period_counts,
    contacts_touched,
    hours_per_period,
    organisations_touched,
)
from analytics.period import as_of_date
from analytics.sqlfuncs import add_months, period_label_of, quarter_start
from core.errors import InvalidInput, NotFound
from core.schema import Activity, Agent, Contact, Organisation
from core.vocabulary import ActivityGrouping, ActivityKind, Area, Level, Period, Scope
from services import policy
from services.users import CurrentUser


@dataclass(frozen=True)
class ActivityReport:
    """One row per group and period: `period`, the group column, `activities`, `minutes`, `hours`."""

    by: ActivityGrouping
    period: Period
    date_from: date | None
    date_until: date | None
    columns: tuple[str, ...]
    #: the rows as the analytics made them (for writers that take a whole frame)
    frame: pd.DataFrame = field(compare=False, repr=False)

    @property
    def rows(self) -> tuple[dict[str, Any], ...]:
        """The rows as records (empty values None)."""
        return tuple({k: _plain(v) for k, v in r.items()} for r in self.frame[list(self.columns)].to_dict("records"))


def _plain(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def activity(engine: Engine, user: CurrentUser, by: ActivityGrouping = ActivityGrouping.AGENT,
             period: Period = Period.MONTH, date_from: date | None = None,
             date_until: date | None = None) -> ActivityReport:
    """The activity analysis (the analytics area); a user scoped to own accounts gets only their own agent's.

    By kind the hours stay empty: time entries carry no activity kind. Hours at a restricted project the
    user is no member of are left out (spec/analytics.md, "Security": all that hangs at it).
    """
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ANALYTICS)
        own = None if g.scope is Scope.ALL else (user.agent_id or "")
        frame = activity_frame(conn, by, period, date_from, date_until, agent_id=own,
                               hidden_projects=policy.hidden_projects(user))
    columns = ("period", GROUP_COLUMNS[by], "activities", "minutes", "hours")
    return ActivityReport(by=by, period=period, date_from=date_from, date_until=date_until, columns=columns,
                          frame=frame)



# --- the activity page: agents x kinds, over time, one agent's organisations and contacts -----------------------

#: how many periods of each length the page shows, ending with the as-of date's
PERIODS_SHOWN: dict[Period, int] = {Period.WEEK: 13, Period.MONTH: 12, Period.QUARTER: 8}
#: the heatmap's rows: the most active agents (the rest are counted, and each can be drilled into)
MAX_AGENTS = 25
#: organisations and contacts listed for one agent (the most touched)
MAX_TOUCHED = 50
KINDS: tuple[str, ...] = tuple(k.value for k in ActivityKind)


@dataclass(frozen=True)
class ActivityParams:
    """The page's question: periods of `period` up to the as-of date (None: today), optionally one agent."""

    period: Period = Period.MONTH
    as_of: date | None = None
    agent_id: str | None = None


def period_range(period: Period, as_of: date) -> tuple[date, date]:
    """The first and last day of the `PERIODS_SHOWN[period]` periods ending with the one holding D (last = D)."""
    if period not in PERIODS_SHOWN:
        raise InvalidInput(f"unknown period '{period}' ({', '.join(Period)})")
    n = PERIODS_SHOWN[Period(period)]
    if period is Period.WEEK:
        first = as_of - timedelta(days=as_of.weekday()) - timedelta(weeks=n - 1)
    elif period is Period.MONTH:
        first = add_months(as_of.replace(day=1), -(n - 1))
    else:
        first = add_months(quarter_start(as_of), -3 * (n - 1))
    return first, as_of


def period_starts(period: Period, first: date, last: date) -> tuple[date, ...]:
    """The first day of every period from `first` to `last`, in order (what `period_start` gives in SQL)."""
    starts: list[date] = []
    day = first
    while day <= last:
        start = (day - timedelta(days=day.weekday()) if period is Period.WEEK
                 else day.replace(day=1) if period is Period.MONTH else quarter_start(day))
        starts.append(start)
        day = (start + timedelta(weeks=1) if period is Period.WEEK
               else add_months(start, 1) if period is Period.MONTH else add_months(start, 3))
    return tuple(starts)


def period_labels(period: Period, first: date, last: date) -> tuple[str, ...]:
    """Every period label from `first` to `last` in order (the SQL labels: `2026-W05`, `2026-01`, `2026-Q1`)."""
    return tuple(period_label_of(s, period) for s in period_starts(period, first, last))


def _day(value: object) -> date:
    """A period start as the driver gives it (a date on PostgreSQL, a text on SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class HeatRow:
    """One agent's activities per kind (in `KINDS` order) and in all; agent_id None: without agent."""

    agent_id: str | None
    name: str
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class PeriodRow:
    """One period: activities per kind (in `KINDS` order) and the hours logged."""

    period: str
    counts: tuple[int, ...]
    hours: float


@dataclass(frozen=True)
class ActivityOverview:
    """The heatmap (the most active agents), every agent with activities for the drill, and the course over time."""

    period: Period
    first: date
    last: date
    kinds: tuple[str, ...]
    heatmap: tuple[HeatRow, ...]
    #: every agent with activities in the range, most active first (the heatmap shows the first MAX_AGENTS)
    agents: tuple[HeatRow, ...]
    over_time: tuple[PeriodRow, ...]
    #: the user sees only their own agent's work (scope: own accounts)
    own_only: bool
    agent_id: str | None = None

    @property
    def total(self) -> int:
        return sum(r.total for r in self.agents)


def _names(conn: Any, agent_ids: set[str]) -> dict[str, str]:
    if not agent_ids:
        return {}
    return dict(conn.execute(select(Agent.id, Agent.name).where(Agent.id.in_(sorted(agent_ids)))).all())


def _own_agent(g: policy.Grants, user: CurrentUser) -> str | None:
    """None: every agent; else the only agent a user scoped to own accounts may see ('' for none)."""
    return None if g.scope is Scope.ALL and not user.is_external else (user.agent_id or "")


def activity_overview(engine: Engine, user: CurrentUser, params: ActivityParams) -> ActivityOverview:
    """Agents x activity kind in the periods up to D, and activities per kind and hours per period (the analytics
    area; all agents, or only one's own for a user scoped to own accounts; one agent with `params.agent_id`).

    Two grouped statements: activities per agent, kind and period (one pass serves both figures), hours per
    period (without those at a restricted project the user is no member of).
    """
    period = Period(params.period)
    as_of = as_of_date(params.as_of)
    first, last = period_range(period, as_of)
    if params.agent_id is not None:
        policy.checked_id(params.agent_id, "agent id")
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ANALYTICS)
        own = _own_agent(g, user)
        only = params.agent_id if own is None else own
        tune_for_analytics(conn)
        cells = conn.execute(agent_kind_period_counts(period, first, last)
                             .where(true() if own is None else Activity.agent_id == own)).all()
        names = _names(conn, {a for a, _k, _s, _n in cells if a})
        logged = {_day(s): float(h or 0.0) for s, h in conn.execute(
            hours_per_period(period, first, last, only, policy.hidden_projects(user)))}
    per_agent: dict[str | None, dict[str, int]] = {}
    per_period: dict[tuple[date, str], int] = {}
    for agent, kind, start, n in cells:
        agent_counts = per_agent.setdefault(agent, {})
        agent_counts[kind] = agent_counts.get(kind, 0) + int(n)
        if only is None or agent == only:
            key = (_day(start), kind)
            per_period[key] = per_period.get(key, 0) + int(n)
    rows = [HeatRow(agent, names.get(agent, agent) if agent else "", tuple(c.get(k, 0) for k in KINDS),
                    sum(c.values())) for agent, c in per_agent.items()]
    rows.sort(key=lambda r: (-r.total, r.name.casefold(), r.agent_id or ""))
    over_time = tuple(PeriodRow(period_label_of(start, period), tuple(per_period.get((start, k), 0) for k in KINDS),
                                logged.get(start, 0.0)) for start in period_starts(period, first, last))
    return ActivityOverview(period, first, last, KINDS, tuple(rows[:MAX_AGENTS]), tuple(rows), over_time,
                            own is not None, only)


@dataclass(frozen=True)
class Touched:
    """An organisation the agent's activities landed at: how many, and the latest."""

    organisation_id: str
    name: str
    activities: int
    last_at: datetime | None


@dataclass(frozen=True)
class ContactTouched:
    """A contact the agent's activities named, with its organisation."""

    contact_id: str
    name: str
    organisation_id: str
    activities: int


@dataclass(frozen=True)
class AgentDrill:
    """One agent's work in the range: the organisations and contacts touched (the most touched first)."""

    agent_id: str
    name: str
    first: date
    last: date
    organisations: tuple[Touched, ...]
    contacts: tuple[ContactTouched, ...]


def agent_drill(engine: Engine, user: CurrentUser, params: ActivityParams) -> AgentDrill:
    """The organisations and contacts `params.agent_id` touched in the periods up to D, those the user may see.

    Needs the analytics and the activities areas; a user scoped to own accounts may drill into their own agent
    only, and an unknown agent is NotFound (both audited).
    """
    if params.agent_id is None:
        raise InvalidInput("no agent chosen")
    agent_id = policy.checked_id(params.agent_id, "agent id")
    first, last = period_range(Period(params.period), as_of_date(params.as_of))
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ANALYTICS)
        if not g.reads(Area.ACTIVITIES):
            policy.deny(engine, user, f"{Level.READ.value} {Area.ACTIVITIES.value}")
        own = _own_agent(g, user)
        name = conn.execute(select(Agent.name).where(Agent.id == agent_id)).scalar()
        if name is None or (own is not None and own != agent_id):
            policy.deny(engine, user, f"agent {agent_id!r}", NotFound)
        orgs = conn.execute(organisations_touched(agent_id, first, last,
                                                  policy.organisation_clause(g, Organisation.id))
                            .limit(MAX_TOUCHED)).all()
        people = conn.execute(contacts_touched(agent_id, first, last,
                                               policy.organisation_clause(g, Contact.organisation_id))
                              .limit(MAX_TOUCHED)).all()
    return AgentDrill(
        agent_id, name, first, last,
        tuple(Touched(o, n or o, int(c), at) for o, n, c, at in orgs),
        tuple(ContactTouched(cid, " ".join(p for p in (fn, ln) if p), org, int(c)) for cid, fn, ln, org, c in people),
    )


__all__ = ["KINDS", "MAX_AGENTS", "MAX_TOUCHED", "PERIODS_SHOWN", "ActivityOverview", "ActivityParams",
           "ActivityReport", "AgentDrill", "ContactTouched", "HeatRow", "PeriodRow", "Touched", "activity",
           "activity_overview", "agent_drill", "period_labels", "period_range", "period_starts"]
