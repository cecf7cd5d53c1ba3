"""Window sums of outgoing invoices from the maintained aggregates and the edge days.

`invoice_months` holds per organisation and calendar month the sum and count of its invoices,
`invoice_running_totals` the same summed up to each month's end. A window's whole months are then two
rows per organisation (the running total of its last month less the one before its first); only the days
of its partial months at either end are read from `invoices`, each the cheaper way (`cover_window`).
Invoices of projects the caller hides are taken back out of the whole window, read by the projects'
index (restricted engagements are few), so no other part needs to read a row's project. Every part is
keyed and grouped by organisation, so the union stays co-located on a database distributed by organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Select,
    Subquery,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)

from analytics.period import Window
from analytics.sqlfuncs import period_start
from core.schema import Invoice, InvoiceMonth, InvoiceRunningTotal, InvoiceWindowSum
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


def invoice_running_totals_select(months: Sequence[date], ids: Select | None = None) -> Select:
    """organisation_id, month, revenue, invoices: what `invoice_running_totals` holds for the month starts
    `months` (a run without gaps), from each organisation's first month on, computed from `invoice_months`;
    `ids`: for these organisations only."""
    m = InvoiceMonth
    only = [] if ids is None else [m.organisation_id.in_(ids)]
    firsts = (select(m.organisation_id, func.min(m.month).label("first")).where(*only)
              .group_by(m.organisation_id).subquery("firsts"))
    calendar = month_calendar(months, "calendar")
    joined = firsts.join(calendar, calendar.c.month >= firsts.c.first).outerjoin(
        m, and_(m.organisation_id == firsts.c.organisation_id, m.month == calendar.c.month))
    so_far = {"partition_by": firsts.c.organisation_id, "order_by": calendar.c.month, "rows": (None, 0)}
    return select(firsts.c.organisation_id, calendar.c.month,
                  func.sum(func.coalesce(m.revenue, 0)).over(**so_far).label("revenue"),
                  func.sum(func.coalesce(m.invoices, 0)).over(**so_far).label("invoices")).select_from(joined)


def month_calendar(months: Sequence[date], name: str) -> Subquery:
    """The month starts `months` as a one-column table (`month`), the same SQL on both databases."""
    rows = [select(literal(x, Date).label("month")) for x in months]
    return (rows[0] if len(rows) == 1 else union_all(*rows)).subquery(name)


def months_between(first: date, last: date) -> list[date]:
    """The month starts from `first`'s month to `last`'s, both included."""
    out, m = [], _month_start(first)
    while m <= last:
        out.append(m)
        m = _next_month(m)
    return out


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


def _month_end(d: date) -> date:
    return _next_month(d) - timedelta(days=1)


def _previous_month(d: date) -> date:
    return _month_start(_month_start(d) - timedelta(days=1))


@dataclass(frozen=True)
class WindowCover:
    """A window as its whole months [first_month, last_month] (None: none) with the days `plus` added from the
    invoices and the days `minus` taken back out; together exactly the window's days."""

    first_month: date | None
    last_month: date | None
    plus: tuple[Window, ...]
    minus: tuple[Window, ...]


def cover_window(w: Window) -> WindowCover:
    """`w` as whole months and edge days, each partial month at an end read the cheaper way: its days inside
    the window added, or the whole month taken and its days outside the window taken back out (fewer days
    read: a window ending today takes its month whole and subtracts the days still to come)."""
    m_first, m_last = _month_start(w.first), _month_start(w.last)
    first_end, last_end = _month_end(w.first), _month_end(w.last)
    one = timedelta(days=1)
    if m_first == m_last:
        around = [x for x in (Window(m_first, w.first - one), Window(w.last + one, last_end)) if x.first <= x.last]
        if sum(x.days for x in around) < w.days:
            return WindowCover(m_first, m_first, (), tuple(around))
        return WindowCover(None, None, (w,), ())
    plus: list[Window] = []
    minus: list[Window] = []
    start, end = m_first, m_last
    if w.first > m_first:
        before = Window(m_first, w.first - one)
        inside = Window(w.first, first_end)
        if before.days <= inside.days:
            minus.append(before)
        else:
            start = _next_month(w.first)
            plus.append(inside)
    if w.last < last_end:
        after = Window(w.last + one, last_end)
        inside = Window(m_last, w.last)
        if after.days <= inside.days:
            minus.append(after)
        else:
            end = _previous_month(w.last)
            plus.append(inside)
    if start > end:
        return WindowCover(None, None, tuple(plus), tuple(minus))
    return WindowCover(start, end, tuple(plus), tuple(minus))


def _ids(ids: Sequence[str] | Select) -> Sequence[str] | Select:
    return ids if isinstance(ids, Select) else list(ids)


def _held(month: date) -> ColumnElement[date]:
    """`month`, or the greatest month the running totals hold where it lies beyond (their horizon: an
    organisation's total stays what it was there)."""
    horizon = select(func.max(InvoiceRunningTotal.month)).scalar_subquery()
    held = literal(month, Date)
    return case((held <= horizon, held), else_=horizon)


def _signed(column: ColumnElement[Any], sign: int) -> ColumnElement[Any]:
    return column if sign > 0 else -column


def _running_total(month: date, only: list[ColumnElement[bool]], sign: int = 1) -> Select:
    """organisation_id, revenue, invoices: the running totals held for `month` (`sign` -1: negated)."""
    r = InvoiceRunningTotal
    return (select(r.organisation_id, _signed(r.revenue, sign), _signed(r.invoices, sign))
            .where(r.month == _held(month), *only))


def _edge_days(cover: WindowCover, only: list[ColumnElement[bool]]) -> list[Select]:
    """organisation_id, amount, ±1 of every invoice of the cover's days: added, or taken back out (the
    covering indexes answer without the table)."""
    i = Invoice
    return [select(i.organisation_id, _signed(i.amount_net, sign), literal(sign))
            .where(i.invoice_date >= edge.first, i.invoice_date <= edge.last, not_cancelled(), *only)
            for edges, sign in ((cover.plus, 1), (cover.minus, -1)) for edge in edges]


def window_invoice_sums(w: Window, ids: Sequence[str] | Select | None = None,
                        hidden_projects: Select | None = None, name: str = "invoice_sums") -> Subquery:
    """organisation_id, revenue, invoices: the net sum and count of non-cancelled outgoing invoices dated in `w`
    (but those of `hidden_projects`), one row per organisation with at least one such invoice; `ids`: of
    these organisations only (a list, or a select of ids).

    The window's whole months are two rows per organisation of the running totals (the last month's less
    the one before the first); only the days of its partial months are read from the invoices (`cover_window`).
    """
    i, r = Invoice, InvoiceRunningTotal
    only_i = [] if ids is None else [i.organisation_id.in_(_ids(ids))]
    only_r = [] if ids is None else [r.organisation_id.in_(_ids(ids))]
    parts: list[Select] = []
    cover = cover_window(w)
    if cover.first_month is not None and cover.last_month is not None:
        parts += [_running_total(cover.last_month, only_r),
                  _running_total(_previous_month(cover.first_month), only_r, -1)]
    parts += _edge_days(cover, only_i)
    if hidden_projects is not None:
        parts.append(select(i.organisation_id, -i.amount_net, literal(-1))
                     .where(i.project_id.in_(hidden_projects), i.invoice_date >= w.first, i.invoice_date <= w.last,
                            not_cancelled(), *only_i))
    return _summed(parts, name)


def joined_window_sums(held: Subquery, w: Window) -> tuple[FromClause, ColumnElement[float], ColumnElement[int]]:
    """What `window_invoice_sums` answers, for organisations the caller has already (`held`, with an
    organisation_id column): `held` LEFT JOINed to the two running totals and the grouped edge days, and
    the revenue and count as expressions over them (0 where nothing). Joined by organisation, the two
    month rows are never summed with the rest: the aggregate runs over the edge days only."""
    key = held.c.organisation_id
    joined: FromClause = held
    revenue: ColumnElement[float] = literal(0)
    count: ColumnElement[int] = literal(0)
    cover = cover_window(w)
    if cover.first_month is not None and cover.last_month is not None:
        hi = _running_total(cover.last_month, []).subquery("totals_last")
        lo = _running_total(_previous_month(cover.first_month), []).subquery("totals_before")
        joined = joined.outerjoin(hi, hi.c.organisation_id == key).outerjoin(lo, lo.c.organisation_id == key)
        revenue = func.coalesce(hi.c.revenue, 0) - func.coalesce(lo.c.revenue, 0)
        count = func.coalesce(hi.c.invoices, 0) - func.coalesce(lo.c.invoices, 0)
    parts = _edge_days(cover, [])
    if parts:
        days = _summed(parts, "edge_days", keep_empty=True)
        joined = joined.outerjoin(days, days.c.organisation_id == key)
        revenue = revenue + func.coalesce(days.c.revenue, 0)
        count = count + func.coalesce(days.c.invoices, 0)
    return joined, revenue, count


def _summed(parts: list[Select], name: str, *, keep_empty: bool = False) -> Subquery:
    """The union of (organisation_id, revenue, invoices) parts summed per organisation; none left: no row
    (`keep_empty`: kept, a part of a larger sum)."""
    rows = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery(f"{name}_parts")
    org, revenue, count = rows.c
    grouped = (select(org.label("organisation_id"), func.sum(revenue).label("revenue"),
                      func.sum(count).label("invoices")).group_by(org))
    return (grouped if keep_empty else grouped.having(func.sum(count) > 0)).subquery(name)


def window_sums_to_cache(w: Window, ids: Sequence[str] | Select | None = None) -> Select:
    """first, last, organisation_id, revenue, invoices: the rows `invoice_window_sums` keeps for `w`
    (nothing hidden: the reader takes hidden projects back out); `ids`: of these organisations only."""
    sums = window_invoice_sums(w, ids, name="to_cache")
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
    "MonthSplit",
    "WindowCover",
    "cached_window_sums",
    "cover_window",
    "invoice_months_select",
    "invoice_running_totals_select",
    "joined_window_sums",
    "month_calendar",
    "months_between",
    "not_cancelled",
    "split_window",
    "window_invoice_sums",
    "window_sums_to_cache",
]
