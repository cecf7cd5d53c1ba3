"""One SQLAlchemy Core select per rating model: one row per organisation (organisation_id, metric, movement).

The models and their windows are those of spec/analytics.md, "ABC classification";
the database does the aggregation, pandas only ranks the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Float,
    Select,
    Subquery,
    and_,
    case,
    cast,
    false,
    func,
    not_,
    or_,
    select,
    text,
    type_coerce,
)
from sqlalchemy.sql.elements import Label
from sqlalchemy.sql.selectable import Join, ScalarSelect

from analytics.invoice_months import joined_window_sums, window_invoice_sums
from analytics.period import Window, window
from analytics.relationships import holders, open_opportunities
from core.businessconfig import DEFAULT_WINDOWS, AbcConfig
from core.db import is_postgres
from core.errors import InvalidInput
from core.schema import IncomingInvoice, Organisation, Project, Quote, SupplierRating, Ticket, TimeEntry
from core.vocabulary import MODELS, AbcModel, Aspect

#: PostgreSQL memory for the hash aggregates of one analytic query (the 4 MB default spills at 100k groups)
ANALYTIC_WORK_MEM = "128MB"


def _movement() -> Label[bool]:
    return type_coerce(func.count() > 0, Boolean).label("movement")


@dataclass(frozen=True)
class Rollup:
    """A metric that is one aggregate over the qualifying rows of one fact table, keyed by organisation.

    Its aggregates take NOT NULL columns only, so the metric is NULL exactly when no row qualifies:
    movement is `metric IS NOT NULL`, and the metric of one organisation is an index range of its
    own rows (`of`). `per_holder`: the classification looks the metric up holder by holder instead
    of grouping every organisation's rows; that pays where an organisation has many rows in the
    window (invoices), not for a handful (ratings, quotes: hashing the small aggregate is cheaper).
    """

    key: ColumnElement[str]
    metric: ColumnElement[float]
    conditions: tuple[ColumnElement[bool], ...]
    per_holder: bool = False

    def grouped(self) -> Select:
        """One row per organisation with a qualifying row: organisation_id, metric, movement."""
        return (
            select(self.key.label("organisation_id"), self.metric.label("metric"), _movement())
            .where(*self.conditions)
            .group_by(self.key)
        )

    def of(self, organisation_id: ColumnElement[str]) -> ScalarSelect[float]:
        """The metric of the organisation `organisation_id` (a correlated scalar subquery; NULL: no movement)."""
        return select(self.metric).where(*self.conditions, self.key == organisation_id).scalar_subquery()


@dataclass(frozen=True)
class ModelQuery:
    """A rating model: its aspect, name, window (None: no window) and how its metric is rounded for ranking."""

    aspect: Aspect
    model: AbcModel
    window_days: int | None
    decimals: int
    build: Callable[[date, Window | None, AbcConfig], Select | Rollup | WindowSums]

    def aggregate(self, as_of: date, config: AbcConfig) -> Select | Rollup | WindowSums:
        """The model at D as its builder gives it: a `Rollup` where the metric is one aggregate of one table,
        `WindowSums` for the invoices, else the select."""
        return self.build(as_of, self.window(as_of), config)

    def select(self, as_of: date, config: AbcConfig) -> Select:
        """The aggregate: one row per organisation with organisation_id, metric, movement."""
        return as_select(self.aggregate(as_of, config))

    def window(self, as_of: date) -> Window | None:
        return None if self.window_days is None else window(as_of, self.window_days)


def as_select(aggregate: Select | Rollup | WindowSums) -> Select:
    """A model's aggregate as one row per organisation (organisation_id, metric, movement)."""
    return aggregate.grouped() if isinstance(aggregate, Rollup | WindowSums) else aggregate


@dataclass(frozen=True)
class WindowSums:
    """The invoice model's metric: the window's net sum from the maintained running totals (whole months) and
    the edge days' invoices (analytics.invoice_months). `grouped`: one row per organisation with invoices
    in the window; `joined`: the classification's holders joined to its parts, so nothing but the edge
    days is aggregated."""

    w: Window

    def grouped(self) -> Select:
        sums = window_invoice_sums(self.w, name="invoice_metric")
        return select(sums.c.organisation_id, sums.c.revenue.label("metric"),
                      type_coerce(sums.c.invoices > 0, Boolean).label("movement"))

    def joined(self, held: Subquery) -> Select:
        """held's organisation_id and name with metric (NULL: no invoice in the window) and movement."""
        joined, revenue, count = joined_window_sums(held, self.w)
        moved = count > 0
        return (select(held.c.organisation_id, held.c.name, cast(case((moved, revenue)), Float).label("metric"),
                       type_coerce(moved, Boolean).label("movement"))
                .select_from(joined))


def _invoices(as_of: date, w: Window | None, config: AbcConfig) -> WindowSums:
    assert w is not None
    return WindowSums(w)


def time_entry_organisation() -> ColumnElement[str]:
    """The organisation a time entry is logged at: its own, else its project's, else its ticket's."""
    return func.coalesce(TimeEntry.organisation_id, Project.organisation_id, Ticket.organisation_id)


def time_entries_joined() -> Join:
    """time_entries with their project and ticket (for `time_entry_organisation`)."""
    return TimeEntry.__table__.outerjoin(Project, Project.id == TimeEntry.project_id).outerjoin(
        Ticket, Ticket.id == TimeEntry.ticket_id
    )


def _project_hours(as_of: date, w: Window | None, config: AbcConfig) -> Select:
    assert w is not None
    org = time_entry_organisation()
    return (
        select(org.label("organisation_id"), func.sum(TimeEntry.hours).label("metric"), _movement())
        .select_from(time_entries_joined())
        .where(TimeEntry.entry_date.between(w.first, w.last), org.is_not(None))
        .group_by(org)
    )


def _revenue_potential(as_of: date, w: Window | None, config: AbcConfig) -> Select:
    value = Organisation.revenue_potential
    return select(
        Organisation.id.label("organisation_id"), cast(value, Float).label("metric"),
        type_coerce(value > 0, Boolean).label("movement"),
    ).where(value > 0)


def quote_not_rejected(as_of: date) -> ColumnElement[bool]:
    """A quote counts unless it was rejected on or before D."""
    return not_(and_(Quote.status == "rejected", Quote.decided_at.is_not(None), Quote.decided_at <= as_of))


def _quotes(as_of: date, w: Window | None, config: AbcConfig) -> Rollup:
    assert w is not None
    return Rollup(Quote.organisation_id, func.sum(Quote.amount_net),
                  (Quote.quote_date.between(w.first, w.last), quote_not_rejected(as_of)))


def _opportunities(as_of: date, w: Window | None, config: AbcConfig) -> Select:
    opps = open_opportunities(as_of).subquery("open_opps")
    return select(
        opps.c.organisation_id, func.sum(opps.c.value).label("metric"), _movement()
    ).group_by(opps.c.organisation_id)


def _potential_and_opportunities(as_of: date, w: Window | None, config: AbcConfig) -> Select:
    opps = _opportunities(as_of, None, config).subquery("opp_metric")
    potential = func.coalesce(cast(Organisation.revenue_potential, Float), 0.0)
    movement = or_(potential > 0, func.coalesce(opps.c.movement, false()))
    return (
        select(
            Organisation.id.label("organisation_id"),
            (potential + func.coalesce(opps.c.metric, 0.0)).label("metric"),
            type_coerce(movement, Boolean).label("movement"),
        )
        .select_from(Organisation.__table__.outerjoin(opps, opps.c.organisation_id == Organisation.id))
        .where(movement)
    )


def rating_score(config: AbcConfig) -> tuple[float, float, float, float]:
    """The weights of time, quality and cost and their sum."""
    weights = config.rating_weights
    total = weights.time + weights.quality + weights.cost
    if total <= 0:
        raise InvalidInput("the rating weights must add up to more than 0")
    return weights.time, weights.quality, weights.cost, total


def _ratings(as_of: date, w: Window | None, config: AbcConfig) -> Rollup:
    assert w is not None
    wt, wq, wc, total = rating_score(config)
    r = SupplierRating
    score = (wt * func.avg(r.time) + wq * func.avg(r.quality) + wc * func.avg(r.cost)) / total
    return Rollup(r.organisation_id, cast(score, Float), (r.rated_at.between(w.first, w.last),))


def _incoming_invoices(as_of: date, w: Window | None, config: AbcConfig) -> Rollup:
    assert w is not None
    inv = IncomingInvoice
    return Rollup(inv.organisation_id, func.sum(inv.amount_net),
                  (inv.invoice_date.between(w.first, w.last), or_(inv.status.is_(None), inv.status != "cancelled")),
                  per_holder=True)


#: (aspect, model) -> (builder, has a window, decimals for ranking)
_BUILDERS: dict[tuple[Aspect, AbcModel],
                tuple[Callable[[date, Window | None, AbcConfig], Select | Rollup | WindowSums], bool, int]] = {
    (Aspect.CUSTOMER, AbcModel.INVOICES): (_invoices, True, 2),
    (Aspect.CUSTOMER, AbcModel.PROJECT_HOURS): (_project_hours, True, 4),
    (Aspect.CUSTOMER, AbcModel.REVENUE_POTENTIAL): (_revenue_potential, False, 2),
    (Aspect.PROSPECT, AbcModel.QUOTES): (_quotes, True, 2),
    (Aspect.PROSPECT, AbcModel.OPPORTUNITIES): (_opportunities, False, 2),
    (Aspect.PROSPECT, AbcModel.REVENUE_POTENTIAL): (_revenue_potential, False, 2),
    (Aspect.PROSPECT, AbcModel.POTENTIAL_AND_OPPORTUNITIES): (_potential_and_opportunities, False, 2),
    (Aspect.SUPPLIER, AbcModel.RATINGS): (_ratings, True, 6),
    (Aspect.SUPPLIER, AbcModel.INCOMING_INVOICES): (_incoming_invoices, True, 2),
}


def _models(aspect: Aspect) -> tuple[AbcModel, ...]:
    """The models of `aspect`; an unknown aspect is InvalidInput."""
    if aspect not in MODELS:
        raise InvalidInput(f"unknown aspect '{aspect}'; choose one of {', '.join(MODELS)}")
    return MODELS[aspect]


def model_of(aspect: Aspect, word: str) -> AbcModel:
    """`word` as one of the models of `aspect`; any other word (or another aspect's model) is InvalidInput."""
    models = _models(aspect)
    if word not in models:
        raise InvalidInput(f"unknown model '{word}' for aspect {aspect}; choose one of {', '.join(models)}")
    return AbcModel(word)


def model_query(aspect: Aspect, model: AbcModel | None, config: AbcConfig) -> ModelQuery:
    """The model `model` of `aspect` (None: the configured one); one the aspect does not have is InvalidInput."""
    _models(aspect)
    name = model_of(aspect, model or config.model_for(aspect))
    build, windowed, decimals = _BUILDERS[(aspect, name)]
    days = config.windows.get(name, DEFAULT_WINDOWS[name]) if windowed else None
    return ModelQuery(aspect, name, days, decimals, build)


def metric_select(aspect: Aspect, model: AbcModel | None, as_of: date, config: AbcConfig) -> Select:
    """The bare aggregate of a model: one row per organisation with movement (organisation_id, metric, movement)."""
    return model_query(aspect, model, config).select(as_of, config)


def classification_select(aspect: Aspect, model: AbcModel | None, as_of: date, config: AbcConfig) -> Select:
    """Every organisation holding `aspect` at D with name, metric and movement (the input of the ranking).

    The holders (`holders`: found by key from `relationship_starts` and `prospect_spans`, plus those
    in fixed mode) with their metric: for a per-holder `Rollup` (invoices) looked up holder by holder
    in one statement (an index range of its own rows: less than grouping every organisation's rows,
    on both databases), for the others joined to the model's aggregate.
    """
    query = model_query(aspect, model, config)
    held = holders(aspect, as_of).subquery("held")
    aggregate = query.aggregate(as_of, config)
    if isinstance(aggregate, WindowSums):
        return aggregate.joined(held)
    if isinstance(aggregate, Rollup) and aggregate.per_holder:
        rollup = aggregate
        # OFFSET 0: computed once, not flattened into the outer select (which would look it up twice)
        looked_up = (
            select(held.c.organisation_id, held.c.name,
                   cast(rollup.of(held.c.organisation_id), Float).label("metric"))
            .offset(0)
            .subquery("looked_up")
        )
        return select(looked_up.c.organisation_id, looked_up.c.name, looked_up.c.metric,
                      type_coerce(looked_up.c.metric.is_not(None), Boolean).label("movement"))
    metric = as_select(aggregate).subquery("metric")
    # the metric joined last: SQLite keeps LEFT JOINs in order and finds the holders before probing the metric
    return (
        select(
            held.c.organisation_id,
            held.c.name,
            cast(metric.c.metric, Float).label("metric"),
            type_coerce(func.coalesce(metric.c.movement, false()), Boolean).label("movement"),
        )
        .select_from(held.outerjoin(metric, metric.c.organisation_id == held.c.organisation_id))
    )


def tune_for_analytics(conn: Connection) -> None:
    """On PostgreSQL, give this transaction's hash aggregates enough memory not to spill (style guide 6), no JIT."""
    if is_postgres(conn):
        # set_config(..., true) is SET LOCAL, both in one round trip; JIT compiling costs more than it
        # saves on these one-pass aggregates (40 ms on 10k organisations)
        conn.execute(text("SELECT set_config('work_mem', :mem, true), set_config('jit', 'off', true)"),
                     {"mem": ANALYTIC_WORK_MEM})


__all__ = [
    "ModelQuery",
    "Rollup",
    "classification_select",
    "metric_select",
    "model_of",
    "model_query",
    "quote_not_rejected",
    "rating_score",
    "time_entries_joined",
    "time_entry_organisation",
    "tune_for_analytics",
]
