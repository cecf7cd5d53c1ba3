"""The organisation list as of D: one row per organisation with its controlling figures, as one Core select.

Relationships and account numbers come from `analytics.relationships`; revenue
and open invoices are grouped aggregates joined once, so the database reduces
the invoices to one row per organisation. A caller names the columns it needs
and may restrict the rows to a few ids: a page sorted by name then costs a
look-up in `organisations`, and the figures are computed for that page only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, Subquery, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from analytics.invoice_months import cached_window_sums, window_invoice_sums
from analytics.period import window
from analytics.relationships import ROLES, relationship_flag
from analytics.restricted import outside_projects
from analytics.tiles import open_invoice_parts, open_invoice_rows
from core.schema import AccountNumber, Agent, Invoice, Organisation
from core.vocabulary import ACCOUNT_ASPECTS

#: the default window of "revenue 12 months" (the spec's 365 days up to D)
REVENUE_DAYS = 365
#: every column of the list, in output order
LIST_COLUMNS = (
    "id", "name", "parent_id", "parent_name", "city", "country", *ROLES, "customer_number", "supplier_number",
    "key_account_manager_id", "key_account_manager", "revenue_12m", "open_invoices", "open_amount",
)
#: columns read from `organisations` itself (and the names of the parent and the key account manager):
#: sorting or filtering on them needs no figure of any organisation
PLAIN_COLUMNS = frozenset({
    "id", "name", "parent_id", "parent_name", "city", "country", "key_account_manager_id", "key_account_manager",
})
#: columns that are never empty: their order needs no NULLS LAST, so an index on them serves it
NOT_NULL_COLUMNS = frozenset({"id", "name", *ROLES, "revenue_12m", "open_invoices", "open_amount"})


def _only(ids: Sequence[str] | None, column: ColumnElement[str]) -> list[ColumnElement[bool]]:
    return [] if ids is None else [column.in_(list(ids))]


def revenue_per_organisation(as_of: date, days: int = REVENUE_DAYS, ids: Sequence[str] | None = None,
                             hidden_projects: Select | None = None, *, cached: bool = False) -> Subquery:
    """organisation_id, revenue: net sum of non-cancelled outgoing invoices dated in the `days` days up to D
    (but those of `hidden_projects`), from the month aggregate and the window's edge days, or with `cached`
    from the window's cached sums (the caller has filled them: `ensure_window_sums`)."""
    sums = cached_window_sums if cached else window_invoice_sums
    return sums(window(as_of, days), ids, hidden_projects, name="revenue")


def open_invoices_per_organisation(as_of: date, ids: Sequence[str] | None = None,
                                   hidden_projects: Select | None = None) -> Subquery:
    """organisation_id, open_invoices, open_amount: outgoing invoices unpaid at D (but those of `hidden_projects`)."""
    i = Invoice
    rows = open_invoice_rows(as_of, *_only(ids, i.organisation_id), outside_projects(i.project_id, hidden_projects))
    return (select(rows.c.organisation_id, func.count().label("open_invoices"),
                   func.sum(rows.c.amount_net).label("open_amount"))
            .group_by(rows.c.organisation_id).subquery("open_invoices"))


def _open_of(organisation_id: ColumnElement[str], as_of: date,
             hidden_projects: Select | None) -> tuple[ColumnElement[int], ColumnElement[float]]:
    """One organisation's open invoices at D (count, amount) as correlated look-ups, one per partial index."""
    i = Invoice
    mine = (i.organisation_id == organisation_id, outside_projects(i.project_id, hidden_projects))
    parts = open_invoice_parts(as_of)
    counts = [select(func.count()).where(part, *mine).scalar_subquery() for part in parts]
    amounts = [select(func.coalesce(func.sum(i.amount_net), 0)).where(part, *mine).scalar_subquery() for part in parts]
    return counts[0] + counts[1], amounts[0] + amounts[1]


def _wanted(columns: Iterable[str] | None) -> list[str]:
    if columns is None:
        return list(LIST_COLUMNS)
    names = set(columns) | {"id"}
    unknown = names - set(LIST_COLUMNS)
    if unknown:
        raise ValueError(f"unknown list columns {sorted(unknown)}")
    return [c for c in LIST_COLUMNS if c in names]


def organisation_list(as_of: date, *, columns: Iterable[str] | None = None, ids: Sequence[str] | None = None,
                      revenue_days: int = REVENUE_DAYS, hidden_projects: Select | None = None,
                      cached_revenue: bool = False) -> Select:
    """One row per organisation (unordered) with `id` and `columns` (default: all of LIST_COLUMNS).

    The figures leave out the invoices of `hidden_projects` (ids; the policy's restricted engagements).
    `cached_revenue`: the revenue from the window's cached sums (filled by the caller).

    Only what the columns need is joined; with `ids` every part (relationship
    probes, aggregates) is restricted to those organisations.
    """
    wanted = _wanted(columns)
    o = Organisation
    out: dict[str, ColumnElement[Any]] = {
        "id": o.id, "name": o.name, "parent_id": o.parent_id, "city": o.city, "country": o.country,
        "key_account_manager_id": o.key_account_manager_id,
    }
    joined: FromClause = o.__table__
    if "parent_name" in wanted:
        parent = aliased(Organisation, name="parent")
        joined = joined.outerjoin(parent, parent.id == o.parent_id)
        out["parent_name"] = parent.name
    if "key_account_manager" in wanted:
        kam = aliased(Agent, name="kam")
        joined = joined.outerjoin(kam, kam.id == o.key_account_manager_id)
        out["key_account_manager"] = kam.name
    roles = [r for r in ROLES if r in wanted or f"{r}_number" in wanted]
    if roles:
        rel = (select(o.id.label("organisation_id"), *[relationship_flag(r, as_of).label(r) for r in roles])
               .where(*_only(ids, o.id)).subquery("rel"))
        joined = joined.join(rel, rel.c.organisation_id == o.id)
        out.update({r: rel.c[r] for r in roles})
        for role in ACCOUNT_ASPECTS:
            if f"{role}_number" in wanted:
                num = AccountNumber.__table__.alias(f"{role}_no")
                joined = joined.outerjoin(num, and_(num.c.organisation_id == o.id, num.c.role == role))
                valid = and_(rel.c[role], or_(num.c.valid_from.is_(None), num.c.valid_from <= as_of))
                out[f"{role}_number"] = case((valid, num.c.number), else_=None)
    if "revenue_12m" in wanted:
        revenue = revenue_per_organisation(as_of, revenue_days, ids, hidden_projects, cached=cached_revenue)
        joined = joined.outerjoin(revenue, revenue.c.organisation_id == o.id)
        out["revenue_12m"] = func.coalesce(revenue.c.revenue, 0)
    if ("open_invoices" in wanted or "open_amount" in wanted) and ids is not None:
        # a few rows (one block of the list): each organisation's open invoices are index ranges of its own
        out["open_invoices"], out["open_amount"] = _open_of(o.id, as_of, hidden_projects)
    elif "open_invoices" in wanted or "open_amount" in wanted:
        open_inv = open_invoices_per_organisation(as_of, ids, hidden_projects)
        joined = joined.outerjoin(open_inv, open_inv.c.organisation_id == o.id)
        out["open_invoices"] = func.coalesce(open_inv.c.open_invoices, 0)
        out["open_amount"] = func.coalesce(open_inv.c.open_amount, 0)
    return select(*[out[c].label(c) for c in wanted]).select_from(joined).where(*_only(ids, o.id))


__all__ = [
    "LIST_COLUMNS", "NOT_NULL_COLUMNS", "PLAIN_COLUMNS", "REVENUE_DAYS", "open_invoices_per_organisation",
    "organisation_list", "revenue_per_organisation",
]
