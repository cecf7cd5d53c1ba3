"""ABC warnings at D: stale revenue potentials of prospects, A-customers trending down, too large shares."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Float, cast, func, or_, select

from analytics.abc.classify import classification
from analytics.fetch import plain_rows
from analytics.relationships import relationship_flag
from analytics.sqlfuncs import last_quarter_ends, period_label, period_label_of, quarter_start
from core.businessconfig import BusinessConfig, load_config
from core.schema import InvoiceMonth, Organisation
from core.vocabulary import AbcModel, Aspect, Period

#: a downward slope counts when its p-value is below this
TREND_P_VALUE = 0.05
TREND_QUARTERS = 8


@dataclass(frozen=True)
class AbcWarning:
    """One warning: kind (`stale_potential`, `downward_trend`, `high_share`), aspect, organisation and figures."""

    kind: str
    aspect: Aspect
    organisation_id: str
    name: str
    message: str
    value: float | None = None
    slope: float | None = None
    p_value: float | None = None


def quarterly_revenue(conn: Connection, as_of: date, quarters: int = TREND_QUARTERS) -> pd.DataFrame:
    """Invoiced revenue per organisation and quarter over the last complete quarters, one grouped query over the
    maintained month aggregate (complete quarters are whole months: no invoice row is read).

    Columns: organisation_id, quarter (label `2026-Q1`), revenue.
    """
    ends = last_quarter_ends(as_of, quarters)
    m = InvoiceMonth
    bucket = period_label(m.month, Period.QUARTER)
    rows = plain_rows(conn,
        select(m.organisation_id, bucket.label("quarter"), cast(func.sum(m.revenue), Float).label("revenue"))
        .where(m.month.between(quarter_start(ends[0]), ends[-1]))
        .group_by(m.organisation_id, bucket))
    return pd.DataFrame(rows, columns=["organisation_id", "quarter", "revenue"])


#: what scipy.stats.linregress adds against a division by zero for a perfect fit
_TINY = 1.0e-20


def falling(series: np.ndarray, p_value: float = TREND_P_VALUE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row of `series` (organisations x equally spaced quarters): the least-squares slope, its two-sided
    p-value (the t-test of scipy.stats.linregress, n - 2 degrees of freedom) and whether it falls significantly;
    one vectorised pass instead of a regression per organisation. A constant row never falls."""
    from scipy.stats import t as student_t  # scipy.stats costs 0.8 s at the start of every CLI command

    n = series.shape[1]
    x = np.arange(n, dtype=float)
    xm = x - x.mean()
    ym = series - series.mean(axis=1, keepdims=True)
    ssxm = float(xm @ xm)
    ssym = (ym * ym).sum(axis=1)
    ssxym = ym @ xm
    slope = ssxym / ssxm
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.clip(ssxym / np.sqrt(ssxm * ssym), -1.0, 1.0)
        t = r * np.sqrt((n - 2) / ((1.0 - r) * (1.0 + r) + _TINY))
    p = 2 * student_t.sf(np.abs(t), n - 2)
    flat = np.ptp(series, axis=1) == 0
    return slope, p, ~flat & (slope < 0) & (p < p_value)


def downward_trends(conn: Connection, as_of: date, organisation_ids: list[str], names: dict[str, str],
                    quarters: int = TREND_QUARTERS, p_value: float = TREND_P_VALUE) -> list[AbcWarning]:
    """Organisations whose quarterly revenue falls: a least-squares slope < 0 with p-value below `p_value`."""
    labels = [period_label_of(end, Period.QUARTER) for end in last_quarter_ends(as_of, quarters)]
    sums = quarterly_revenue(conn, as_of, quarters)
    sums = sums.loc[sums["organisation_id"].isin(organisation_ids)]
    grid = sums.pivot_table(index="organisation_id", columns="quarter", values="revenue", aggfunc="sum")
    grid = grid.reindex(index=organisation_ids, columns=labels, fill_value=0.0).fillna(0.0)
    if grid.empty:
        return []
    y = grid.to_numpy(dtype=float)
    slope, p, falls = falling(y, p_value)
    return [AbcWarning(
        "downward_trend", Aspect.CUSTOMER, str(org), names.get(str(org), ""),
        f"revenue falls by {-slope[i]:,.2f} EUR per quarter over {quarters} quarters (p = {p[i]:.3f})",
        value=float(y[i, -1]), slope=float(slope[i]), p_value=float(p[i]))
        for i, org in enumerate(grid.index) if falls[i]]


def stale_potentials(conn: Connection, as_of: date, days: int) -> list[AbcWarning]:
    """Prospects at D whose revenue_potential was last updated more than `days` days before D (or never dated)."""
    limit = as_of - timedelta(days=days)
    updated = Organisation.revenue_potential_updated_at
    rows = conn.execute(
        select(Organisation.id, Organisation.name, cast(Organisation.revenue_potential, Float), updated)
        .where(relationship_flag(Aspect.PROSPECT, as_of), Organisation.revenue_potential > 0,
               or_(updated.is_(None), updated < limit))
        .order_by(Organisation.id)
    ).all()
    return [AbcWarning("stale_potential", Aspect.PROSPECT, org, name,
                       f"revenue potential last updated {when.isoformat() if when else 'never'}", value=value)
            for org, name, value, when in rows]


def high_shares(frame: pd.DataFrame, aspect: Aspect, share: float) -> list[AbcWarning]:
    """Organisations of a classification frame whose positive metric is `share` or more of the positive total."""
    metric = pd.to_numeric(frame["metric"], errors="coerce").astype(float).fillna(0.0)
    positive = metric.where(metric > 0, 0.0)
    total = float(positive.sum())
    if total <= 0:
        return []
    shares = positive / total
    flagged = frame.assign(share=shares).loc[shares >= share].sort_values("share", ascending=False)
    return [AbcWarning("high_share", aspect, str(r.organisation_id), str(r.name),
                       f"{r.share:.1%} of the {aspect} volume", value=float(r.share))
            for r in flagged.itertuples()]


def abc_warnings(conn: Connection, as_of: date, config: BusinessConfig | None = None,
                 aspects: Collection[Aspect] = tuple(Aspect)) -> tuple[AbcWarning, ...]:
    """The warnings of `aspects` at D (company-wide): prospects' stale potentials, customers' downward trends and
    high shares, suppliers' high shares; an aspect not asked for costs no query."""
    config = config or load_config(conn)
    found: list[AbcWarning] = []
    if Aspect.PROSPECT in aspects:
        found += stale_potentials(conn, as_of, config.stale_potential_days)
    if Aspect.CUSTOMER in aspects:
        customers = classification(conn, Aspect.CUSTOMER, as_of, AbcModel.INVOICES, config)
        a_customers = customers.loc[customers["class"] == "A"]
        names = dict(zip(a_customers["organisation_id"], a_customers["name"], strict=True))
        found += downward_trends(conn, as_of, list(a_customers["organisation_id"]), names)
        found += high_shares(customers, Aspect.CUSTOMER, config.share_warning)
    if Aspect.SUPPLIER in aspects:
        suppliers = classification(conn, Aspect.SUPPLIER, as_of, AbcModel.INCOMING_INVOICES, config)
        found += high_shares(suppliers, Aspect.SUPPLIER, config.share_warning)
    return tuple(found)


__all__ = [
    "AbcWarning",
    "abc_warnings",
    "downward_trends",
    "falling",
    "high_shares",
    "quarterly_revenue",
    "stale_potentials",
]
