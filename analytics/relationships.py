"""Prospect, customer and supplier at a date D, computed in SQL (spec/analytics.md, "Relationships").

Everything here builds SQLAlchemy Core expressions correlated to `organisations`,
so one query yields one row per organisation on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
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
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    type_coerce,
)

from analytics.period import day_end
from kundenakte.schema import (
    AccountNumber,
    IncomingInvoice,
    Invoice,
    Opportunity,
    OpportunityStatus,
    OpportunityStatusChange,
    Organisation,
    Project,
    PurchaseOrder,
    Quote,
)

ROLES = ("prospect", "customer", "supplier")
CLOSED_OUTCOMES = ("won", "rejected")


def _not_cancelled(status: ColumnElement[str | None]) -> ColumnElement[bool]:
    """A document counts unless cancelled; an empty status is not cancelled."""
    return or_(status.is_(None), status != "cancelled")


def _fixed_role(role: str) -> ColumnElement[bool]:
    """Whether `fixed_roles` (`;`-separated, spaces and case ignored) names `role`."""
    roles = func.lower(func.replace(func.coalesce(Organisation.fixed_roles, ""), " ", ""))
    return (literal(";") + roles + literal(";")).like(f"%;{role};%")


def latest_status(as_of: date) -> Subquery:
    """Per opportunity, its latest status change on or before D with the effective probability and outcome.

    The change's own probability overrides the status's default; an unknown status
    counts as open with probability 0.
    """
    change = OpportunityStatusChange
    status = OpportunityStatus
    order = func.row_number().over(
        partition_by=change.opportunity_id, order_by=(change.changed_at.desc(), change.id.desc())
    )
    ranked = (
        select(change.opportunity_id, change.status, change.probability, order.label("pos"))
        .where(change.changed_at < day_end(as_of))
        .subquery("ranked_changes")
    )
    return (
        select(
            ranked.c.opportunity_id,
            ranked.c.status,
            func.coalesce(ranked.c.probability, status.probability, 0.0).label("probability"),
            status.outcome,
        )
        .select_from(ranked.outerjoin(status, status.status == ranked.c.status))
        .where(ranked.c.pos == 1)
        .subquery("latest_status")
    )


def open_opportunities(as_of: date) -> Select:
    """Opportunities open at D: created on or before D, not closed by D, latest status neither won nor rejected.

    Columns: id, organisation_id, created_at, status, probability (percent), value (target x probability).
    """
    opp = Opportunity
    latest = latest_status(as_of)
    probability = func.coalesce(latest.c.probability, 0.0)
    return (
        select(
            opp.id,
            opp.organisation_id,
            opp.created_at,
            latest.c.status,
            probability.label("probability"),
            (cast(opp.target_value, Float) * probability / 100.0).label("value"),
        )
        .select_from(opp.__table__.outerjoin(latest, latest.c.opportunity_id == opp.id))
        .where(
            opp.created_at <= as_of,
            or_(opp.closed_at.is_(None), opp.closed_at > as_of),
            or_(latest.c.outcome.is_(None), latest.c.outcome.not_in(CLOSED_OUTCOMES)),
        )
    )


def open_quote(as_of: date) -> ColumnElement[bool]:
    """Condition on `quotes`: dated on or before D, not decided on or before D and not expired at D."""
    return and_(
        Quote.quote_date <= as_of,
        or_(Quote.decided_at.is_(None), Quote.decided_at > as_of),
        or_(Quote.valid_until.is_(None), Quote.valid_until >= as_of),
    )


def _probe(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether a matching fact row exists, as a LIMIT 1 scalar subquery.

    Unlike EXISTS, PostgreSQL never turns this into a hashed subplan that reads
    the whole fact table: it stays one index probe per organisation.
    """
    found = select(true()).where(*conditions).limit(1).scalar_subquery()
    # coalesce(..., false) rather than IS [NOT] NULL: PostgreSQL guesses 0.5 % for IS NULL of a subplan,
    # which makes it join the metric by nested loop
    return type_coerce(func.coalesce(found, false()), Boolean)


def _customer_auto(as_of: date) -> ColumnElement[bool]:
    invoice = _probe(
        Invoice.organisation_id == Organisation.id, Invoice.invoice_date <= as_of, _not_cancelled(Invoice.status)
    )
    project = exists().where(
        Project.organisation_id == Organisation.id, Project.kind == "customer", Project.start_date <= as_of
    )
    return or_(invoice, project)


def _supplier_auto(as_of: date) -> ColumnElement[bool]:
    incoming = _probe(
        IncomingInvoice.organisation_id == Organisation.id,
        IncomingInvoice.invoice_date <= as_of,
        _not_cancelled(IncomingInvoice.status),
    )
    order = exists().where(
        PurchaseOrder.organisation_id == Organisation.id,
        PurchaseOrder.order_date <= as_of,
        _not_cancelled(PurchaseOrder.status),
    )
    project = exists().where(
        Project.organisation_id == Organisation.id, Project.kind == "contractor", Project.start_date <= as_of
    )
    return or_(incoming, order, project)


def _open_sales_case(as_of: date) -> ColumnElement[bool]:
    quote = exists().where(Quote.organisation_id == Organisation.id, open_quote(as_of))
    opps = open_opportunities(as_of).subquery("open_opps")
    opportunity = exists().where(opps.c.organisation_id == Organisation.id)
    return or_(quote, opportunity)


def relationship_flag(role: str, as_of: date) -> ColumnElement[bool]:
    """Whether the organisation holds `role` at D, correlated to `organisations` (auto and fixed mode)."""
    fixed = Organisation.relationship_mode == "fixed"
    auto = not_(fixed)
    if role == "customer":
        flag = or_(and_(fixed, _fixed_role("customer")), and_(auto, _customer_auto(as_of)))
    elif role == "supplier":
        flag = or_(and_(fixed, _fixed_role("supplier")), and_(auto, _supplier_auto(as_of)))
    elif role == "prospect":
        # the open sales case first: it is cheap and rare, so the invoice probes run for few organisations
        flag = or_(and_(fixed, _fixed_role("prospect")),
                   and_(auto, _open_sales_case(as_of), not_(_customer_auto(as_of))))
    else:
        raise ValueError(f"unknown relationship {role!r}")
    return type_coerce(flag, Boolean)


def relationship_flags(as_of: date) -> dict[str, ColumnElement[bool]]:
    """Boolean expressions per role, correlated to `organisations` (auto and fixed mode)."""
    return {role: relationship_flag(role, as_of) for role in ROLES}


def _earliest(a: ColumnElement[date], b: ColumnElement[date]) -> ColumnElement[date]:
    """The earlier of two dates, ignoring nulls (SQLite's min() and PostgreSQL's least() differ on nulls)."""
    return case((a.is_(None), b), (b.is_(None), a), (a <= b, a), else_=b)


def relationship_starts(as_of: date) -> dict[str, ColumnElement[date]]:
    """Per role customer/supplier, the first qualifying document or project date on or before D (auto mode)."""
    first_invoice = select(func.min(Invoice.invoice_date)).where(
        Invoice.organisation_id == Organisation.id, Invoice.invoice_date <= as_of, _not_cancelled(Invoice.status)
    ).scalar_subquery()
    first_customer_project = select(func.min(Project.start_date)).where(
        Project.organisation_id == Organisation.id, Project.kind == "customer", Project.start_date <= as_of
    ).scalar_subquery()
    first_incoming = select(func.min(IncomingInvoice.invoice_date)).where(
        IncomingInvoice.organisation_id == Organisation.id,
        IncomingInvoice.invoice_date <= as_of,
        _not_cancelled(IncomingInvoice.status),
    ).scalar_subquery()
    first_order = select(func.min(PurchaseOrder.order_date)).where(
        PurchaseOrder.organisation_id == Organisation.id,
        PurchaseOrder.order_date <= as_of,
        _not_cancelled(PurchaseOrder.status),
    ).scalar_subquery()
    first_contractor_project = select(func.min(Project.start_date)).where(
        Project.organisation_id == Organisation.id, Project.kind == "contractor", Project.start_date <= as_of
    ).scalar_subquery()
    return {
        "customer": _earliest(first_invoice, first_customer_project),
        "supplier": _earliest(_earliest(first_incoming, first_order), first_contractor_project),
    }


def relationship_select(as_of: date, *, with_starts: bool = False) -> Select:
    """One row per organisation: organisation_id, prospect, customer, supplier [, customer_since, supplier_since].

    `*_since` is the date the relationship began (None in fixed mode: always).
    """
    flags = relationship_flags(as_of)
    columns: list[ColumnElement[object]] = [Organisation.id.label("organisation_id")]
    columns += [flags[role].label(role) for role in ROLES]
    if with_starts:
        auto = Organisation.relationship_mode != "fixed"
        for role, start in relationship_starts(as_of).items():
            columns.append(case((and_(auto, flags[role]), start), else_=None).label(f"{role}_since"))
    return select(*columns).order_by(Organisation.id)


def holders(aspect: str, as_of: date) -> Select:
    """The ids (`organisation_id`) and names of the organisations holding `aspect` at D."""
    return select(Organisation.id.label("organisation_id"), Organisation.name).where(relationship_flag(aspect, as_of))


def relationships_with_numbers(as_of: date) -> Select:
    """Relationships at D with the customer and supplier numbers valid at D (empty when valid_from > D)."""
    rel = relationship_select(as_of).order_by(None).subquery("rel")
    numbers = AccountNumber.__table__
    columns: list[ColumnElement[object]] = [rel.c.organisation_id, rel.c.prospect, rel.c.customer, rel.c.supplier]
    joined = rel
    for role in ("customer", "supplier"):
        num = numbers.alias(f"{role}_no")
        joined = joined.outerjoin(num, and_(num.c.organisation_id == rel.c.organisation_id, num.c.role == role))
        valid = and_(rel.c[role], or_(num.c.valid_from.is_(None), num.c.valid_from <= as_of))
        columns.append(case((valid, num.c.number), else_=None).label(f"{role}_number"))
    return select(*columns).select_from(joined).order_by(rel.c.organisation_id)


def relationships(conn: Connection, as_of: date) -> pd.DataFrame:
    """Relationships and account numbers at D, one row per organisation."""
    rows = conn.execute(relationships_with_numbers(as_of)).all()
    frame = pd.DataFrame(
        rows, columns=["organisation_id", "prospect", "customer", "supplier", "customer_number", "supplier_number"]
    )
    for role in ROLES:
        frame[role] = frame[role].astype(bool)
    return frame


__all__ = [
    "ROLES",
    "holders",
    "latest_status",
    "open_opportunities",
    "open_quote",
    "relationship_flag",
    "relationship_flags",
    "relationship_select",
    "relationship_starts",
    "relationships",
    "relationships_with_numbers",
]
