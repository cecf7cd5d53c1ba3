"""Window sums of outgoing invoices from the maintained month aggregate (`invoice_months`) and the edge days.

A window's whole calendar months are read from `invoice_months` (one row per organisation and month);
only the days of its partial months at either end are read from `invoices`. Invoices of projects the
caller hides are taken back out of the whole window, read by the projects' index (restricted
engagements are few), so no other part needs to read a row's project. Every part is grouped by
organisation, so the union stays co-located on a database distributed by organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, Subquery, func, literal, or_, select, union_all

from analytics.period import Window
from analytics.sqlfuncs import period_start
from core.schema import Invoice, InvoiceMonth, InvoiceWindowSum
from core.vocabulary import Period


def not_cancelled() -> ColumnElement[bool]:
    """The invoices that count: every status but `cancelled` (spec/analytics.md, customer and revenue)."""
    return or_(Invoice.status.is_(None), Invoice.status != "cancelled")


def invoice_months_select() -> Select:
    """organisation_id, month, revenue, invoices: what `invoice_months` holds, computed from `invoices`."""
    i = Invoice
    month = period_start(i.invoice_date, Period.MONTH)
    return (select(i.organisation_id, month.label("month"), func.sum(i.amount_net).label("revenue"),
                   func.count().label("invoices"))
            .where(not_cancelled()).group_by(i.organisation_id, month))


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class MonthSplit:
    """A window cut into whole months [first_month, end_month) and the days at its edges outside them."""

    first_month: date | None
    end_month: date | None
    edges: tuple[Window, ...]


def split_window(w: Window) -> MonthSplit:
    """The whole calendar months inside `w` and the (at most two) runs of days left at its ends."""
    first_month = w.first if w.first.day == 1 else _next_month(w.first)
    after = w.last + timedelta(days=1)
    end_month = after if after.day == 1 else _month_start(w.last)
    if first_month >= end_month:
        return MonthSplit(None, None, (w,))
    edges = []
    if w.first < first_month:
        edges.append(Window(w.first, first_month - timedelta(days=1)))
    if end_month <= w.last:
        edges.append(Window(end_month, w.last))
    return MonthSplit(first_month, end_month, tuple(edges))


def window_invoice_sums(w: Window, ids: Sequence[str] | None = None,
                        hidden_projects: Select | None = None, name: str = "invoice_sums") -> Subquery:
    """organisation_id, revenue, invoices: the net sum and count of non-cancelled outgoing invoices dated in `w`
    (but those of `hidden_projects`), one row per organisation with at least one such invoice."""
    i, m = Invoice, InvoiceMonth
    only_i = [] if ids is None else [i.organisation_id.in_(list(ids))]
    parts: list[Select] = []
    split = split_window(w)
    if split.first_month is not None:
        only_m = [] if ids is None else [m.organisation_id.in_(list(ids))]
        parts.append(select(m.organisation_id, m.revenue, m.invoices)
                     .where(m.month >= split.first_month, m.month < split.end_month, *only_m))
    for edge in split.edges:
        # every invoice of the edge days (the covering indexes answer without the table), hidden ones below
        parts.append(select(i.organisation_id, i.amount_net, literal(1))
                     .where(i.invoice_date >= edge.first, i.invoice_date <= edge.last, not_cancelled(), *only_i))
    if hidden_projects is not None:
        parts.append(select(i.organisation_id, -i.amount_net, literal(-1))
                     .where(i.project_id.in_(hidden_projects), i.invoice_date >= w.first, i.invoice_date <= w.last,
                            not_cancelled(), *only_i))
    return _summed(parts, name)


def _summed(parts: list[Select], name: str) -> Subquery:
    """The union of (organisation_id, revenue, invoices) parts summed per organisation; none left: no row."""
    rows = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery(f"{name}_parts")
    org, revenue, count = rows.c
    return (select(org.label("organisation_id"), func.sum(revenue).label("revenue"),
                   func.sum(count).label("invoices"))
            .group_by(org).having(func.sum(count) > 0).subquery(name))


def window_sums_to_cache(w: Window) -> Select:
    """first, last, organisation_id, revenue, invoices: the rows `invoice_window_sums` keeps for `w`
    (nothing hidden: the reader takes hidden projects back out)."""
    sums = window_invoice_sums(w, name="to_cache")
    return select(literal(w.first).label("first"), literal(w.last).label("last"), sums.c.organisation_id,
                  sums.c.revenue, sums.c.invoices)


def cached_window_sums(w: Window, ids: Sequence[str] | None = None,
                       hidden_projects: Select | None = None, name: str = "invoice_sums") -> Subquery:
    """What `window_invoice_sums` answers, read from the cached sums of `w` (the caller has filled them), the
    invoices of `hidden_projects` in `w` taken back out (few: grouped apart and subtracted)."""
    c, i = InvoiceWindowSum, Invoice
    mine = [c.first == w.first, c.last == w.last, *([] if ids is None else [c.organisation_id.in_(list(ids))])]
    if hidden_projects is None:
        return select(c.organisation_id, c.revenue, c.invoices).where(*mine).subquery(name)
    hidden = (select(i.organisation_id, func.sum(i.amount_net).label("revenue"), func.count().label("invoices"))
              .where(i.project_id.in_(hidden_projects), i.invoice_date >= w.first, i.invoice_date <= w.last,
                     not_cancelled(), *([] if ids is None else [i.organisation_id.in_(list(ids))]))
              .group_by(i.organisation_id).subquery(f"{name}_hidden"))
    left = c.invoices - func.coalesce(hidden.c.invoices, 0)
    return (select(c.organisation_id, (c.revenue - func.coalesce(hidden.c.revenue, 0)).label("revenue"),
                   left.label("invoices"))
            .select_from(c).outerjoin(hidden, hidden.c.organisation_id == c.organisation_id)
            .where(*mine, left > 0).subquery(name))


__all__ = [
    "MonthSplit", "cached_window_sums", "invoice_months_select", "not_cancelled", "split_window",
    "window_invoice_sums", "window_sums_to_cache",
]
