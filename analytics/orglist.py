"""The organisation list as of D: one row per organisation with its controlling figures, as one Core select.

Relationships and account numbers come from `analytics.relationships`; revenue
and open invoices are grouped aggregates joined once, so the database reduces
the invoices to one row per organisation.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, Subquery, func, or_, select
from sqlalchemy.orm import aliased

from analytics.period import window
from analytics.relationships import relationships_with_numbers
from analytics.tiles import open_invoices_at
from kundenakte.schema import Agent, Invoice, Organisation

#: the default window of "revenue 12 months" (the spec's 365 days up to D)
REVENUE_DAYS = 365


def revenue_per_organisation(as_of: date, days: int = REVENUE_DAYS) -> Subquery:
    """organisation_id, revenue: net sum of non-cancelled outgoing invoices dated in the `days` days up to D."""
    w = window(as_of, days)
    i = Invoice
    return (select(i.organisation_id, func.sum(i.amount_net).label("revenue"))
            .where(i.invoice_date >= w.first, i.invoice_date <= w.last,
                   or_(i.status.is_(None), i.status != "cancelled"))
            .group_by(i.organisation_id).subquery("revenue"))


def open_invoices_per_organisation(as_of: date) -> Subquery:
    """organisation_id, open_invoices, open_amount: outgoing invoices unpaid at D."""
    i = Invoice
    return (select(i.organisation_id, func.count().label("open_invoices"),
                   func.sum(i.amount_net).label("open_amount"))
            .where(open_invoices_at(as_of)).group_by(i.organisation_id).subquery("open_invoices"))


def organisation_list(as_of: date, *, revenue_days: int = REVENUE_DAYS) -> Select:
    """One row per organisation (unordered): master data, relationships, numbers, KAM, revenue, open invoices."""
    o = Organisation
    parent = aliased(Organisation, name="parent")
    kam = aliased(Agent, name="kam")
    rel = relationships_with_numbers(as_of).order_by(None).subquery("rel")
    revenue = revenue_per_organisation(as_of, revenue_days)
    open_inv = open_invoices_per_organisation(as_of)
    return (
        select(
            o.id.label("id"), o.name.label("name"), o.parent_id.label("parent_id"), parent.name.label("parent_name"),
            o.city.label("city"), o.country.label("country"),
            rel.c.prospect, rel.c.customer, rel.c.supplier, rel.c.customer_number, rel.c.supplier_number,
            o.key_account_manager_id.label("key_account_manager_id"), kam.name.label("key_account_manager"),
            func.coalesce(revenue.c.revenue, 0).label("revenue_12m"),
            func.coalesce(open_inv.c.open_invoices, 0).label("open_invoices"),
            func.coalesce(open_inv.c.open_amount, 0).label("open_amount"),
        )
        .select_from(o)
        .join(rel, rel.c.organisation_id == o.id)
        .outerjoin(parent, parent.id == o.parent_id)
        .outerjoin(kam, kam.id == o.key_account_manager_id)
        .outerjoin(revenue, revenue.c.organisation_id == o.id)
        .outerjoin(open_inv, open_inv.c.organisation_id == o.id)
    )


__all__ = ["REVENUE_DAYS", "open_invoices_per_organisation", "organisation_list", "revenue_per_organisation"]
