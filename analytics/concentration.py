"""Concentration risk (spec/analytics.md, "Concentration risk"): Pareto, top shares, Gini, HHI, flagged.

The database sums the window's invoices to one row per organisation (or per
group root); the figures are pure functions on that one Series of positive
metrics, indexed by organisation id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Float, Select, Subquery, Table, case, cast, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from analytics.fetch import plain_rows
from analytics.sqlfuncs import last_quarter_ends
from core.businessconfig import BusinessConfig, load_config
from core.errors import InvalidInput
from core.schema import IncomingInvoice, Invoice, Organisation
from core.vocabulary import ACCOUNT_ASPECTS, Aspect, Grouping

TOP_PERCENTS = (1, 5, 10, 20)
#: shares within this of the flag threshold count as reaching it (float noise of metric / total)
SHARE_TOLERANCE = 1e-12
#: at most this many Pareto points are reported; more organisations are thinned evenly
PARETO_POINTS = 500


# --- pure functions on one Series of positive metrics ---------------------------------------


def _desc(metrics: pd.Series) -> pd.Series:
    """Highest first; ties by organisation id, so every order is reproducible."""
    values = metrics.to_numpy(dtype=float)
    ids = np.asarray(metrics.index.astype(str), dtype=str)
    order = np.lexsort((ids, -values))
    return pd.Series(values[order], index=pd.Index(ids[order], name=metrics.index.name), name="metric")


def pareto(metrics: pd.Series) -> pd.DataFrame:
    """Pareto curve: highest first, point k = (k / n, cumulative metric of the first k / T)."""
    ordered = _desc(metrics)
    n, total = len(ordered), float(ordered.sum())
    k = pd.RangeIndex(1, n + 1)
    return pd.DataFrame({"x": k / n if n else [], "y": ordered.cumsum().to_numpy() / total if n else []})


def lorenz(metrics: pd.Series) -> pd.DataFrame:
    """Lorenz curve: the Pareto curve's counterpart, lowest first."""
    ordered = _desc(metrics).iloc[::-1]
    n, total = len(ordered), float(ordered.sum())
    k = pd.RangeIndex(1, n + 1)
    return pd.DataFrame({"x": k / n if n else [], "y": ordered.cumsum().to_numpy() / total if n else []})


def thin(curve: pd.DataFrame, max_points: int = PARETO_POINTS) -> pd.DataFrame:
    """At most `max_points` evenly spaced points of a curve, the last one always kept."""
    if len(curve) <= max_points:
        return curve
    step = len(curve) / max_points
    rows = sorted({min(len(curve) - 1, round((i + 1) * step) - 1) for i in range(max_points)})
    return curve.iloc[rows].reset_index(drop=True)


def top_shares(metrics: pd.Series, percents: tuple[int, ...] = TOP_PERCENTS) -> dict[str, float]:
    """For each p, the share of T held by the k = max(1, ceil(n p / 100)) largest (0 without any)."""
    ordered = _desc(metrics)
    n, total = len(ordered), float(ordered.sum())
    if n == 0 or total <= 0:
        return {str(p): 0.0 for p in percents}
    cumulative = ordered.to_numpy().cumsum()
    return {str(p): float(cumulative[max(1, -(-n * p // 100)) - 1]) / total for p in percents}


def gini(metrics: pd.Series) -> float:
    """G = sum((2i - n - 1) x_i) / (n T), x ascending; 0 when n < 2."""
    x = np.sort(metrics.to_numpy(dtype=float))
    n, total = len(x), float(x.sum())
    if n < 2 or total <= 0:
        return 0.0
    i = np.arange(1, n + 1)
    return float(((2 * i - n - 1) * x).sum() / (n * total))


def hhi(metrics: pd.Series) -> float:
    """Herfindahl-Hirschman index, the sum of (100 x share)^2, 0 to 10,000."""
    x = metrics.to_numpy(dtype=float)
    total = float(x.sum())
    if len(x) == 0 or total <= 0:
        return 0.0
    # 10,000 x sum(m^2) / T^2 keeps equal shares exact (ten equal metrics give 1000.0).
    return float(round(10_000 * float((x * x).sum()) / (total * total), 9))


def band(index: float, moderate_from: float = 1000.0, high_above: float = 1800.0) -> str:
    """`unconcentrated` below moderate_from, `moderate` up to and including high_above, `high` above."""
    if index > high_above:
        return "high"
    return "moderate" if index >= moderate_from else "unconcentrated"


@dataclass(frozen=True)
class Flag:
    """An organisation (or group root) holding at least the flag share of the total."""

    organisation_id: str
    metric: float
    share: float


def flagged(metrics: pd.Series, threshold: float = 0.10) -> tuple[Flag, ...]:
    """Every organisation whose share is `threshold` or more, highest first."""
    ordered = _desc(metrics)
    total = float(ordered.sum())
    if total <= 0:
        return ()
    shares = ordered / total
    hits = ordered[shares >= threshold - SHARE_TOLERANCE]
    return tuple(Flag(str(org), float(m), float(m) / total) for org, m in hits.items())


@dataclass(frozen=True)
class Figures:
    """The headline figures of one distribution."""

    n: int
    total: float
    hhi: float
    band: str
    gini: float
    top_shares: dict[str, float]
    flagged: tuple[Flag, ...]


def figures(metrics: pd.Series, config: BusinessConfig | None = None) -> Figures:
    """n, T, HHI with its band, Gini, top shares and the flagged organisations of positive metrics."""
    cfg = config or BusinessConfig()
    index = hhi(metrics)
    return Figures(
        n=len(metrics), total=float(metrics.sum()), hhi=index,
        band=band(index, cfg.hhi_moderate_from, cfg.hhi_high_above), gini=gini(metrics),
        top_shares=top_shares(metrics), flagged=flagged(metrics, cfg.concentration_flag_share),
    )


# --- SQL: one row per organisation (or group root) ------------------------------------------


def window_start(as_of: date, window: int) -> date:
    """First day of "the N days up to D": D - N + 1."""
    if window < 1:
        raise InvalidInput(f"window must be at least 1 day, not {window}")
    return as_of - timedelta(days=window - 1)


def group_roots() -> Select[tuple[str, str]]:
    """(organisation_id, root_id) for every organisation reachable from a root of the parent tree.

    A recursive CTE walks down from the organisations without parent; members of a
    parent cycle are unreachable and count as their own root.
    """
    org = Organisation.__table__
    roots = select(org.c.id.label("organisation_id"), org.c.id.label("root_id")).where(
        org.c.parent_id.is_(None)).cte("group_roots", recursive=True)
    child = org.alias("child")
    roots = roots.union_all(
        select(child.c.id, roots.c.root_id).where(child.c.parent_id == roots.c.organisation_id))
    return select(roots.c.organisation_id, roots.c.root_id)


def _checked_table(aspect: Aspect, by: Grouping) -> Table:
    """The invoices of `aspect`: outgoing ones of customers, incoming ones of suppliers; else InvalidInput."""
    if aspect not in ACCOUNT_ASPECTS:
        raise InvalidInput(f"aspect must be {' or '.join(ACCOUNT_ASPECTS)}, not '{aspect}'")
    if by not in tuple(Grouping):
        raise InvalidInput(f"by must be {' or '.join(Grouping)}, not '{by}'")
    return (Invoice if aspect == Aspect.CUSTOMER else IncomingInvoice).__table__  # type: ignore[return-value]


def _not_cancelled(inv: Table) -> ColumnElement[bool]:
    return or_(inv.c.status.is_(None), inv.c.status != "cancelled")


def _to_roots(per_org: Subquery, names: list[str]) -> tuple[Select, list[ColumnElement[float]]]:
    """Sum the columns `names` of `per_org` (organisation_id, ...) per group root instead of per organisation;
    the select and its sums (for a HAVING)."""
    roots = group_roots().subquery("roots")
    root = func.coalesce(roots.c.root_id, per_org.c.organisation_id)
    sums = [func.sum(per_org.c[name]) for name in names]
    return (select(root.label("organisation_id"), *[total.label(name) for total, name in zip(sums, names, strict=True)])
            .select_from(per_org.outerjoin(roots, roots.c.organisation_id == per_org.c.organisation_id))
            .group_by(root)), sums


def metric_query(aspect: Aspect, as_of: date, window: int,
                 by: Grouping = Grouping.ORGANISATION) -> Select[tuple[str, float]]:
    """`organisation_id, metric`: the window's non-cancelled invoice sums, only those > 0.

    Customers: outgoing invoices; suppliers: incoming invoices (credit notes reduce).
    `by=Grouping.GROUP` adds every organisation's sum to the root of its parent tree first.
    """
    inv = _checked_table(aspect, by)
    total = func.sum(inv.c.amount_net)
    per_org = (select(inv.c.organisation_id, total.label("metric"))
               .where(inv.c.invoice_date >= window_start(as_of, window), inv.c.invoice_date <= as_of,
                      _not_cancelled(inv))
               .group_by(inv.c.organisation_id))
    if by == Grouping.ORGANISATION:
        return per_org.having(total > 0)
    rolled, (root_total,) = _to_roots(per_org.subquery("per_org"), ["metric"])
    return rolled.having(root_total > literal(0))


def _series(rows: list[tuple[str, float]]) -> pd.Series:
    return pd.Series([float(m) for _, m in rows], index=pd.Index([str(o) for o, _ in rows], name="organisation_id"),
                     name="metric", dtype=float)


def metrics(conn: Connection, aspect: Aspect, as_of: date, window: int,
            by: Grouping = Grouping.ORGANISATION) -> pd.Series:
    """The positive metrics as a Series indexed by organisation id (group roots for `by=Grouping.GROUP`)."""
    return _series([(o, m) for o, m in conn.execute(metric_query(aspect, as_of, window, by)).all()])


def windows_query(aspect: Aspect, ends: list[date], window: int, by: Grouping = Grouping.ORGANISATION) -> Select:
    """One row per organisation (or group root) with its window's non-cancelled sum up to each of `ends`
    (columns organisation_id, m0, m1, ...; NULL where the window has no invoice).

    One pass over the union of the windows with a conditional sum per window, instead of one
    aggregate per window over nearly the same rows (nine windows a quarter apart over 10M
    invoices: one scan of 2.9 years against nine of one year each).
    """
    inv = _checked_table(aspect, by)
    day = inv.c.invoice_date
    sums = [cast(func.sum(case((day.between(window_start(end, window), end), inv.c.amount_net))), Float)
            .label(f"m{i}") for i, end in enumerate(ends)]
    per_org = (select(inv.c.organisation_id, *sums)
               .where(day.between(min(window_start(end, window) for end in ends), max(ends)), _not_cancelled(inv))
               .group_by(inv.c.organisation_id))
    if by == Grouping.ORGANISATION:
        return per_org
    return _to_roots(per_org.subquery("per_org"), [f"m{i}" for i in range(len(ends))])[0]


def trend_metrics(conn: Connection, aspect: Aspect, ends: list[date], window: int,
                  by: Grouping = Grouping.ORGANISATION) -> dict[date, pd.Series]:
    """`metrics` at each of `ends`, from one `windows_query`: per end the positive sums, indexed by id."""
    ends = list(dict.fromkeys(ends))
    if not ends:
        return {}
    rows = plain_rows(conn, windows_query(aspect, ends, window, by))
    frame = pd.DataFrame.from_records(rows, columns=["organisation_id", *[f"m{i}" for i in range(len(ends))]],
                                      nrows=len(rows))
    ids = frame["organisation_id"].astype(str)
    out: dict[date, pd.Series] = {}
    for i, end in enumerate(ends):
        values = pd.to_numeric(frame[f"m{i}"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        keep = values > 0
        out[end] = pd.Series(values[keep], index=pd.Index(ids[keep].to_numpy(), name="organisation_id"),
                             name="metric", dtype=float)
    return out


@dataclass(frozen=True)
class TrendPoint:
    """The figures at one quarter end (same aspect, window and grouping)."""

    quarter_end: date
    figures: Figures


@dataclass(frozen=True)
class ConcentrationReport:
    """Everything `kundenakte concentration` prints."""

    aspect: Aspect
    by: Grouping
    as_of: date
    window: int
    figures: Figures
    #: (x, y) points, highest first; thinned to PARETO_POINTS when n is larger
    pareto: tuple[tuple[float, float], ...]
    pareto_thinned: bool
    trend: tuple[TrendPoint, ...]
    #: the Lorenz curve's (x, y) points, lowest first, thinned like the Pareto curve
    lorenz: tuple[tuple[float, float], ...] = ()


def report(conn: Connection, aspect: Aspect, as_of: date | None = None, window: int | None = None,
           by: Grouping = Grouping.ORGANISATION, config: BusinessConfig | None = None, trend_quarters: int = 8,
           ) -> ConcentrationReport:
    """Figures at D, the Pareto and Lorenz curves and the trend over the last `trend_quarters` quarter ends."""
    cfg = config or load_config(conn)
    as_of = as_of or datetime.now().date()
    window = window if window is not None else cfg.concentration_window
    quarter_ends = last_quarter_ends(as_of, trend_quarters)
    at = trend_metrics(conn, aspect, [as_of, *quarter_ends], window, by)  # D and the quarter ends: one pass
    current = at[as_of]
    curve = pareto(current)
    shown = thin(curve)
    equality = thin(lorenz(current))
    trend = tuple(TrendPoint(q, figures(at[q], cfg)) for q in quarter_ends)
    return ConcentrationReport(
        aspect=aspect, by=by, as_of=as_of, window=window, figures=figures(current, cfg),
        pareto=tuple((float(x), float(y)) for x, y in shown.itertuples(index=False)),
        pareto_thinned=len(shown) < len(curve), trend=trend,
        lorenz=tuple((float(x), float(y)) for x, y in equality.itertuples(index=False)),
    )


__all__ = [
    "ConcentrationReport",
    "Figures",
    "Flag",
    "TrendPoint",
    "band",
    "figures",
    "flagged",
    "gini",
    "group_roots",
    "hhi",
    "lorenz",
    "metric_query",
    "metrics",
    "pareto",
    "report",
    "thin",
    "top_shares",
    "trend_metrics",
    "window_start",
    "windows_query",
]
