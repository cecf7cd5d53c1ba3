"""The sales forecast: the weighted pipeline by expected closing month against the revenue invoiced before.

* **Weighted pipeline** (spec/analytics.md, the `opportunities` model and the worked example): every
  opportunity open at D (created on or before D, not closed by D, its latest status on or before D neither
  won nor rejected) counts target_value x the probability of that status (the change's own probability,
  else the status's default from `opportunity_statuses`, the business configuration).
* **Expected closing month**: the interchange format carries no planned closing date, so an opportunity is
  expected to close `SALES_CYCLE_DAYS` after it was created, and one older than that in D's month (it is
  due). So the pipeline spreads over D's month and the next few.
* **Invoiced revenue** (spec: revenue is the net sum of non-cancelled outgoing invoices; a credit note is a
  negative amount_net, so it is netted): per calendar month of the `months_back` months up to D, D's month
  counted up to D. Whole months come from the maintained `invoice_months`, D's month from the invoices.
* **Per team or agent**: an opportunity belongs to its agent (else its organisation's key account manager),
  revenue to the organisation's key account manager; a team is its agents.

Need-to-know: the pipeline needs the pipeline area, revenue the billing area (one without the other shows
its part only); only organisations in the user's scope count, and invoices of restricted projects the user
may not see are left out. Everything is summed in SQL: one grouped query per part, a row per month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Date, Engine, Select, false, func, literal, select, true, union_all

from analytics.abc.queries import tune_for_analytics
from analytics.invoice_months import not_cancelled
from analytics.period import as_of_date
from analytics.relationships import open_opportunities
from analytics.sqlfuncs import add_months, latest, period_start, plus_days
from core.errors import InvalidInput
from core.schema import Agent, Invoice, InvoiceMonth, Opportunity, Organisation
from core.vocabulary import Area, Period
from services import policy
from services.policy import Grants
from services.users import CurrentUser

#: days from an opportunity's creation to its expected closing (no planned date in the interchange format)
SALES_CYCLE_DAYS = 90
#: months of invoiced revenue shown by default (D's month and the 11 before it)
MONTHS_BACK = 12
MAX_MONTHS_BACK = 36
MAX_TEAM = 100


@dataclass(frozen=True)
class ForecastParams:
    """As of D (None: today), one team or one agent (None: everyone), how many months of revenue."""

    as_of: date | None = None
    team: str | None = None
    agent_id: str | None = None
    months_back: int = MONTHS_BACK


@dataclass(frozen=True)
class ForecastMonth:
    """One calendar month: revenue invoiced in it (up to D; None after D's month or without billing), the weighted
    pipeline expected to close in it and the number of those opportunities (None before D's month or without
    pipeline)."""

    month: date
    revenue: float | None
    pipeline: float | None
    opportunities: int | None


@dataclass(frozen=True)
class Forecast:
    """The months in order, and which parts the user may see."""

    as_of: date
    months: tuple[ForecastMonth, ...]
    shows_revenue: bool
    shows_pipeline: bool
    team: str | None
    agent_id: str | None
    cycle_days: int = SALES_CYCLE_DAYS

    @property
    def pipeline_total(self) -> float | None:
        return sum(m.pipeline or 0.0 for m in self.months) if self.shows_pipeline else None

    @property
    def opportunities_total(self) -> int | None:
        return sum(m.opportunities or 0 for m in self.months) if self.shows_pipeline else None

    @property
    def average_revenue(self) -> float | None:
        """The mean revenue of the whole months before D's month (None: no billing, or no such month)."""
        whole = [m.revenue or 0.0 for m in self.months if m.month < self.as_of.replace(day=1)]
        return sum(whole) / len(whole) if self.shows_revenue and whole else None

    @property
    def is_empty(self) -> bool:
        return not any(m.revenue or m.pipeline for m in self.months)


@dataclass(frozen=True)
class Owners:
    """Who the forecast can be narrowed to: the teams, and the agents (id, name, team) in name order."""

    teams: tuple[str, ...]
    agents: tuple[tuple[str, str, str | None], ...]


def _checked(params: ForecastParams) -> ForecastParams:
    if params.team is not None and (not isinstance(params.team, str) or not 0 < len(params.team) <= MAX_TEAM
                                    or "\x00" in params.team):
        raise InvalidInput("not a valid team")
    if params.agent_id is not None:
        policy.checked_id(params.agent_id, "agent id")
    if params.team is not None and params.agent_id is not None:
        raise InvalidInput("a team or an agent, not both")
    if isinstance(params.months_back, bool) or not isinstance(params.months_back, int) \
            or not 1 <= params.months_back <= MAX_MONTHS_BACK:
        raise InvalidInput(f"months_back must be 1 to {MAX_MONTHS_BACK}")
    if params.as_of is not None and not isinstance(params.as_of, date):
        raise InvalidInput("not a valid date")
    return params


def _agent_condition(agent: ColumnElement[str | None], params: ForecastParams,
                     team_agents: Sequence[str] = ()) -> ColumnElement[bool]:
    """The rows of the chosen agent or team (its agents' ids, looked up first: a list the planner can count, where
    a subquery on the small agents table may be guessed at one row); everyone: true."""
    if params.agent_id is not None:
        return agent == params.agent_id
    if params.team is not None:
        return agent.in_(list(team_agents)) if team_agents else false()
    return true()


def _revenue_query(g: Grants, params: ForecastParams, as_of: date, first_month: date,
                   team_agents: Sequence[str] = ()) -> Select:
    """month, revenue: the net sum of non-cancelled outgoing invoices per month from `first_month` to D."""
    i, m, o = Invoice, InvoiceMonth, Organisation
    month_of_d = as_of.replace(day=1)
    d_is_month_end = (as_of + timedelta(days=1)).day == 1
    whole_end = add_months(month_of_d, 1) if d_is_month_end else month_of_d

    def mine(organisation_id: ColumnElement[str]) -> list[ColumnElement[bool]]:
        conditions = [policy.organisation_clause(g, organisation_id)]
        if params.agent_id is not None or params.team is not None:
            conditions.append(organisation_id.in_(
                select(o.id).where(_agent_condition(o.key_account_manager_id, params, team_agents))))
        return conditions

    parts: list[Select] = []
    if first_month < whole_end:
        parts.append(select(m.month.label("month"), m.revenue.label("amount"))
                     .where(m.month >= first_month, m.month < whole_end, *mine(m.organisation_id)))
    if not d_is_month_end:
        parts.append(select(literal(month_of_d, Date).label("month"), i.amount_net.label("amount"))
                     .where(i.invoice_date >= month_of_d, i.invoice_date <= as_of, not_cancelled(),
                            *mine(i.organisation_id)))
    hidden = policy.hidden_projects(g.user)
    if hidden is not None:  # the month aggregate holds every invoice: those of hidden projects are taken back out
        parts.append(select(period_start(i.invoice_date, Period.MONTH).label("month"), (-i.amount_net).label("amount"))
                     .where(i.project_id.in_(hidden), i.invoice_date >= first_month, i.invoice_date <= as_of,
                            not_cancelled(), *mine(i.organisation_id)))
    rows = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("revenue_parts")
    return select(rows.c.month, func.sum(rows.c.amount)).group_by(rows.c.month)


def _pipeline_query(g: Grants, params: ForecastParams, as_of: date, team_agents: Sequence[str] = ()) -> Select:
    """month, weighted value, count of the opportunities open at D by expected closing month.

    The opportunities are joined to their agent and organisation only when the forecast is narrowed to a
    team or an agent: the open opportunities alone are the bulk of the cost (100,000 of them: see the report)."""
    opens = open_opportunities(as_of).subquery("open_opportunities")
    opp, o = Opportunity, Organisation
    expected = latest(plus_days(opens.c.created_at, SALES_CYCLE_DAYS), literal(as_of, Date))
    per_opportunity = (select(period_start(expected, Period.MONTH).label("month"), opens.c.value)
                       .where(policy.organisation_clause(g, opens.c.organisation_id)))
    if params.agent_id is not None or params.team is not None:
        owner = func.coalesce(opp.agent_id, o.key_account_manager_id)
        per_opportunity = (per_opportunity.join_from(opens, opp, opp.id == opens.c.id)
                           .join(o, o.id == opens.c.organisation_id)
                           .where(_agent_condition(owner, params, team_agents)))
    rows = per_opportunity.subquery("expected")
    return select(rows.c.month, func.sum(rows.c.value), func.count()).group_by(rows.c.month)


def _month(value: object) -> date:
    """A month as the database returns it (a date; SQLite's text in a union) as the first of the month."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    assert isinstance(value, date)
    return value.replace(day=1)


def forecast(engine: Engine, user: CurrentUser, params: ForecastParams = ForecastParams()) -> Forecast:
    """The forecast as of D for everyone, a team or an agent: revenue needs billing, the pipeline needs pipeline
    (either one suffices; neither: an audited Forbidden)."""
    params = _checked(params)
    as_of = as_of_date(params.as_of)
    month_of_d = as_of.replace(day=1)
    first_month = add_months(month_of_d, -(params.months_back - 1))
    last_month = (as_of + timedelta(days=SALES_CYCLE_DAYS)).replace(day=1)
    with engine.connect() as conn:
        g = policy.grants(conn, user)
        tune_for_analytics(conn)
        revenue_ok, pipeline_ok = g.reads(Area.BILLING), g.reads(Area.PIPELINE)
        if not (revenue_ok or pipeline_ok):
            policy.deny(engine, user, "read pipeline or billing (forecast)")
        team_agents: list[str] = [] if params.team is None else list(
            conn.execute(select(Agent.id).where(Agent.team == params.team)).scalars())
        revenue: dict[date, float] = {}
        pipeline: dict[date, tuple[float, int]] = {}
        if revenue_ok:
            for month, amount in conn.execute(_revenue_query(g, params, as_of, first_month, team_agents)):
                key = _month(month)
                revenue[key] = revenue.get(key, 0.0) + float(amount or 0)
        if pipeline_ok:
            for month, value, count in conn.execute(_pipeline_query(g, params, as_of, team_agents)):
                pipeline[_month(month)] = (float(value or 0), int(count))
    months: list[ForecastMonth] = []
    month = first_month
    while month <= last_month:
        past, future = month <= month_of_d, month >= month_of_d
        weighted, count = pipeline.get(month, (0.0, 0))
        months.append(ForecastMonth(month, revenue.get(month, 0.0) if revenue_ok and past else None,
                                    weighted if pipeline_ok and future else None,
                                    count if pipeline_ok and future else None))
        month = add_months(month, 1)
    return Forecast(as_of, tuple(months), revenue_ok, pipeline_ok, params.team, params.agent_id)


def forecast_owners(engine: Engine, user: CurrentUser) -> Owners:
    """The teams and agents the forecast can be narrowed to (for a user who may read pipeline or billing)."""
    a = Agent
    with engine.connect() as conn:
        g = policy.grants(conn, user)
        if not (g.reads(Area.BILLING) or g.reads(Area.PIPELINE)):
            policy.deny(engine, user, "read pipeline or billing (forecast)")
        agents = conn.execute(select(a.id, a.name, a.team).where(a.active.is_not(False))
                              .order_by(a.name, a.id)).all()
    teams = sorted({team for _id, _name, team in agents if team})
    return Owners(tuple(teams), tuple((i, n, t) for i, n, t in agents))


__all__ = ["MONTHS_BACK", "SALES_CYCLE_DAYS", "Forecast", "ForecastMonth", "ForecastParams", "Owners", "forecast",
           "forecast_owners"]
