"""The ABC classification of one relationship as one SQL select: letter, rank and metric per holder at D.

The same rule as `analytics.abc.classify.cut` (spec/analytics.md, "ABC classification"), written with
window functions so that a list can filter, sort and page on the letter inside the database instead of
ranking every holder in pandas for each block: the holders with movement are ranked by the metric
(rounded like the model ranks it), highest first, `RANK()` (1 + the number of strictly higher metrics);
with n of them, A if (r - 1) / n < a_share, B if < a_share + b_share, else C, in whole numbers
((r - 1) * q < p * n for the share p / q), so no float decides a boundary. Those without movement keep
the relationship, no letter, no metric. Company-wide: need-to-know restricts the rows afterwards.

The customers' default model (invoices in 365 days) reads the window's cached sums
(`invoice_window_sums`, filled by `ensure_window_sums`) where the caller has them: one row per
customer instead of its invoices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import Boolean, Engine, Float, Numeric, Subquery, case, cast, func, select, type_coerce

from analytics.abc.queries import classification_select, model_query
from analytics.invoice_months import cached_window_sums
from analytics.relationships import holders
from core.businessconfig import AbcConfig
from core.vocabulary import MODEL_UNITS, AbcModel, Aspect, MetricUnit
from services.commands.maintained import ensure_window_sums


@dataclass(frozen=True)
class RankedModel:
    """What a list ranks by: the model, its window (days; None: the model has none) and its metric's unit."""

    aspect: Aspect
    model: AbcModel
    window_days: int | None
    unit: MetricUnit
    #: the decimals the metric is ranked (and shown) with
    decimals: int


def ranked_model(aspect: Aspect, config: AbcConfig) -> RankedModel:
    """The configured model of `aspect` with its window and unit."""
    query = model_query(aspect, None, config)
    return RankedModel(aspect, query.model, query.window_days, MODEL_UNITS[query.model], query.decimals)


def _share(value: float) -> Fraction:
    """A configured share as an exact fraction (as `analytics.abc.classify` reads it: 0.2 + 0.6 is 0.8)."""
    return Fraction(str(value)).limit_denominator(1_000_000)


def _base(engine: Engine | None, aspect: Aspect, as_of: date, config: AbcConfig) -> Subquery:
    """organisation_id, metric, movement of every holder of `aspect` at D (the input of the ranking)."""
    query = model_query(aspect, None, config)
    w = query.window(as_of)
    if engine is not None and query.model is AbcModel.INVOICES and w is not None and ensure_window_sums(engine, w):
        held = holders(aspect, as_of).subquery("held")
        sums = cached_window_sums(w, name="cached")
        return (select(held.c.organisation_id, cast(sums.c.revenue, Float).label("metric"),
                       type_coerce(sums.c.organisation_id.is_not(None), Boolean).label("movement"))
                .select_from(held.outerjoin(sums, sums.c.organisation_id == held.c.organisation_id))
                .subquery("base"))
    return classification_select(aspect, None, as_of, config).subquery("base")


def ranked(engine: Engine | None, aspect: Aspect, as_of: date, config: AbcConfig) -> Subquery:
    """organisation_id, metric (None without movement), rank, n, letter (A/B/C, None without movement) of every
    holder of `aspect` at D, company-wide. With `engine` the customers' invoices come from the cached sums."""
    decimals = model_query(aspect, None, config).decimals
    base = _base(engine, aspect, as_of, config)
    moving = case((base.c.movement, 1), else_=0)
    key = func.round(cast(base.c.metric, Numeric), decimals)
    steps = select(
        base.c.organisation_id,
        case((base.c.movement, base.c.metric), else_=None).label("metric"),
        moving.label("moving"),
        func.rank().over(partition_by=moving, order_by=key.desc()).label("pos"),
        func.sum(moving).over().label("n"),
    ).subquery("ranks")
    a, b = _share(config.a_share), _share(config.a_share) + _share(config.b_share)
    below = steps.c.pos - 1
    letter = case((steps.c.moving == 0, None), (below * a.denominator < a.numerator * steps.c.n, "A"),
                  (below * b.denominator < b.numerator * steps.c.n, "B"), else_="C")
    return select(steps.c.organisation_id, steps.c.metric,
                  case((steps.c.moving == 1, steps.c.pos), else_=None).label("rank"),
                  steps.c.n, letter.label("letter")).subquery("ranked")


__all__ = ["RankedModel", "ranked", "ranked_model"]
