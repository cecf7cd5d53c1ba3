"""ABC warnings at D: stale revenue potentials of prospects, A-customers trending down, too large shares."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Float, cast, func, or_, select

from analytics.abc.classify import classification
from analytics.relationships import relationship_flag
from analytics.sqlfuncs import last_quarter_ends, period_label, period_label_of, quarter_start
from core.businessconfig import BusinessConfig, load_config
from core.schema import Invoice, Organisation
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
    """Invoiced revenue per organisation and quarter over the last complete quarters, one grouped query.

    Columns: organisation_id, quarter (label `2026-Q1`), revenue.
    """
    ends = last_quarter_ends(as_of, quarters)
    bucket = period_label(Invoice.invoice_date, Period.QUARTER)
    rows = conn.execute(
        select(Invoice.organisation_id, bucket.label("quarter"), func.sum(Invoice.amount_net).label("revenue"))
        .where(Invoice.invoice_date.between(quarter_start(ends[0]), ends[-1]),
               Invoice.status != "cancelled")
        .group_by(Invoice.organisation_id, bucket)
    ).all()
    return pd.DataFrame(rows, columns=["organisation_id", "quarter", "revenue"])


def downward_trends(conn: Connection, as_of: date, organisation_ids: list[str], names: dict[str, str],
                    quarters: int = TREND_QUARTERS, p_value: float = TREND_P_VALUE) -> list[AbcWarning]:
    """Organisations whose quarterly revenue falls: linregress slope < 0 with p-value below `p_value`."""
    from scipy.stats import linregress  # imported here: scipy.stats costs 0.8 s at start of every CLI command

    labels = [period_label_of(end, Period.QUARTER) for end in last_quarter_ends(as_of, quarters)]
    sums = quarterly_revenue(conn, as_of, quarters)
    sums = sums.loc[sums["organisation_id"].isin(organisation_ids)]
    grid = sums.pivot_table(index="organisation_id", columns="quarter", values="revenue", aggfunc="sum")
    grid = grid.reindex(index=organisation_ids, columns=labels, fill_value=0.0).fillna(0.0)
    x = np.arange(len(labels), dtype=float)
    found = []
    for org, series in grid.iterrows():
        y = series.to_numpy(dtype=float)
        if np.ptp(y) == 0:
            continue
        fit = linregress(x, y)
        if fit.slope < 0 and fit.pvalue < p_value:
            found.append(AbcWarning(
                "downward_trend", Aspect.CUSTOMER, str(org), names.get(str(org), ""),
                f"revenue falls by {-fit.slope:,.2f} EUR per quarter over {quarters} quarters (p = {fit.pvalue:.3f})",
                value=float(y[-1]), slope=float(fit.slope), p_value=float(fit.pvalue)))
    return found


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
    "high_shares",
    "quarterly_revenue",
    "stale_potentials",
]
