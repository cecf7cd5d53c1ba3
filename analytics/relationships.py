"""Prospect, customer and supplier at a date D, computed in SQL (spec/analytics.md, "Relationships").

"Once a customer, always a customer": customer at D <=> the first qualifying
document is dated on or before D. That first date per organisation is the
maintained aggregate `relationship_starts` (`starts_select`), and the periods in
which the open sales cases make it a prospect are `prospect_spans`
(`analytics.prospect_spans`), both refreshed after every import. So the roles are
one outer join per ingredient, the same SQL on SQLite and PostgreSQL, instead of a
probe into the fact tables per organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import (
    Boolean,
    ColumnElement,
    CompoundSelect,
    Connection,
    Date,
    Float,
    FromClause,
    Select,
    Subquery,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)

from analytics.period import day_end
from core.schema import (
    AccountNumber,
    IncomingInvoice,
    Invoice,
    Opportunity,
    OpportunityStatus,
    OpportunityStatusChange,
    Organisation,
    Project,
    PurchaseOrder,
)
from core.schema.admin import FOREVER, OpportunityLatestStatus, ProspectSpan, RelationshipStart
from core.vocabulary import ACCOUNT_ASPECTS, Aspect, ProjectKind, RelationshipMode

#: the relationships, in the order of the columns
ROLES: tuple[Aspect, ...] = (Aspect.PROSPECT, Aspect.CUSTOMER, Aspect.SUPPLIER)
CLOSED_OUTCOMES = ("won", "rejected")


def _not_cancelled(status: ColumnElement[str | None]) -> ColumnElement[bool]:
    """A document counts unless cancelled; an empty status is not cancelled."""
    return or_(status.is_(None), status != "cancelled")


def _fixed_role(role: Aspect) -> ColumnElement[bool]:
    """Whether `fixed_roles` (`;`-separated, spaces and case ignored) names `role`."""
    roles = func.lower(func.replace(func.coalesce(Organisation.fixed_roles, ""), " ", ""))
    return (literal(";") + roles + literal(";")).like(f"%;{role};%")


def _changes_newest_first(*conditions: ColumnElement[bool]) -> Subquery:
    """Status changes (with `conditions`) numbered per opportunity, newest first (`pos` 1 = the latest;
    changed_at, then id breaks ties, as `open_opportunities` probes them)."""
    change = OpportunityStatusChange
    order = func.row_number().over(
        partition_by=change.opportunity_id, order_by=(change.changed_at.desc(), change.id.desc())
    )
    return (
        select(change.opportunity_id, change.changed_at, change.status, change.probability, order.label("pos"))
        .where(*conditions)
        .subquery("ranked_changes")
    )


def latest_status(as_of: date) -> Subquery:
    """Per opportunity, its latest status change on or before D with the effective probability and outcome.

    The change's own probability overrides the status's default; an unknown status
    counts as open with probability 0.
    """
    status = OpportunityStatus
    ranked = _changes_newest_first(OpportunityStatusChange.changed_at < day_end(as_of))
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
    The opportunities open by their dates each find their latest change on or before D with one
    probe into (opportunity_id, changed_at): no sort of the whole status history.
    """
    opp = Opportunity
    change = OpportunityStatusChange
    status = OpportunityStatus
    source: FromClause = opp.__table__
    conditions = [opp.created_at <= as_of, or_(opp.closed_at.is_(None), opp.closed_at > as_of)]
    def latest(column: ColumnElement[object]) -> ColumnElement[object]:
        """`column` of the opportunity's latest change on or before D: one backward index probe."""
        return (
            select(column)
            .where(change.opportunity_id == opp.id, change.changed_at < day_end(as_of))
            .order_by(change.changed_at.desc(), change.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    # the maintained latest change of all answers for every D on or after it (today: all of them);
    # only an earlier D, or a missing row, probes the history
    last = OpportunityLatestStatus.__table__
    source = source.outerjoin(last, last.c.opportunity_id == opp.id)
    known = and_(last.c.changed_at.is_not(None), last.c.changed_at < day_end(as_of))
    candidates = (
        select(opp.id, opp.organisation_id, opp.created_at, opp.target_value,
               case((known, last.c.status), else_=latest(change.status)).label("status"),
               case((known, last.c.probability), else_=latest(change.probability)).label("own_probability"))
        .select_from(source)
        .where(*conditions)
        # OFFSET 0 keeps PostgreSQL from flattening this subquery, which would run each probe twice
        .offset(0)
        .subquery("open_by_dates")
    )
    probability = func.coalesce(candidates.c.own_probability, status.probability, 0.0)
    return (
        select(
            candidates.c.id,
            candidates.c.organisation_id,
            candidates.c.created_at,
            candidates.c.status,
            probability.label("probability"),
            (cast(candidates.c.target_value, Float) * probability / 100.0).label("value"),
        )
        .select_from(candidates.outerjoin(status, status.status == candidates.c.status))
        .where(or_(status.outcome.is_(None), status.outcome.not_in(CLOSED_OUTCOMES)))
    )


def latest_changes_select() -> Select:
    """The content of `opportunity_latest_status`: each opportunity's latest status change of all."""
    ranked = _changes_newest_first()
    return select(ranked.c.opportunity_id, ranked.c.changed_at, ranked.c.status,
                  ranked.c.probability).where(ranked.c.pos == 1)


def _covers(spans: FromClause, as_of: date) -> ColumnElement[bool]:
    """SQL: a span of `prospect_spans` that holds D (since <= D < until; an until of FOREVER never comes)."""
    not_ended = spans.c.until > as_of if as_of < FOREVER else spans.c.until == FOREVER
    return and_(spans.c.since <= as_of, not_ended)


def _on_or_before(since: ColumnElement[date | None], as_of: date) -> ColumnElement[bool]:
    """SQL: a start date that is known and on or before D (never NULL, also behind an outer join)."""
    return and_(since.is_not(None), since <= as_of)


def _first(table: type, day: ColumnElement[date], role: Aspect, *conditions: ColumnElement[bool]) -> Select:
    """Per organisation, the first qualifying `day` of `table` as `<role>_since` (the other role's column null)."""
    none = cast(null(), Date)
    since = {Aspect.CUSTOMER: none, Aspect.SUPPLIER: none, role: func.min(day)}
    return (
        select(table.organisation_id.label("organisation_id"), since[Aspect.CUSTOMER].label("customer_since"),
               since[Aspect.SUPPLIER].label("supplier_since"))
        .where(day.is_not(None), *conditions)
        .group_by(table.organisation_id)
    )


def starts_select() -> Select:
    """The content of `relationship_starts`: per organisation with a qualifying document, when each role began.

    customer_since = first non-cancelled outgoing invoice or `customer` project start;
    supplier_since = first non-cancelled incoming invoice or purchase order or `contractor`
    project start. One grouped aggregate per source, so it reads each fact table once.
    """
    # Invoices outnumber the rest a hundred to one: one probe per organisation into (organisation_id,
    # invoice_date, ...) finds its first one (the min/max optimisation of both databases) instead of
    # grouping every invoice (10M invoices, 100k organisations: 1.5 s against 6 s on PostgreSQL).
    first_invoice = (
        select(func.min(Invoice.invoice_date))
        .where(Invoice.organisation_id == Organisation.id, _not_cancelled(Invoice.status))
        .scalar_subquery()
    )
    firsts = union_all(
        select(Organisation.id.label("organisation_id"), first_invoice.label("customer_since"),
               cast(null(), Date).label("supplier_since")),
        _first(Project, Project.start_date, Aspect.CUSTOMER, Project.kind == ProjectKind.CUSTOMER),
        _first(IncomingInvoice, IncomingInvoice.invoice_date, Aspect.SUPPLIER, _not_cancelled(IncomingInvoice.status)),
        _first(PurchaseOrder, PurchaseOrder.order_date, Aspect.SUPPLIER, _not_cancelled(PurchaseOrder.status)),
        _first(Project, Project.start_date, Aspect.SUPPLIER, Project.kind == ProjectKind.CONTRACTOR),
    ).subquery("firsts")
    customer_since, supplier_since = func.min(firsts.c.customer_since), func.min(firsts.c.supplier_since)
    return (
        select(firsts.c.organisation_id, customer_since.label("customer_since"),
               supplier_since.label("supplier_since"))
        # facts of unknown organisations (the importer refuses them) never reach the table
        .select_from(firsts.join(Organisation, Organisation.id == firsts.c.organisation_id))
        .group_by(firsts.c.organisation_id)
        .having(or_(customer_since.is_not(None), supplier_since.is_not(None)))
    )


@dataclass(frozen=True)
class Holding:
    """A FROM clause with `organisations` outer-joined to what decides the roles, and per role its flag at D."""

    source: FromClause
    flags: dict[Aspect, ColumnElement[bool]]
    #: per role customer/supplier, the start date in auto mode (None in fixed mode: always)
    since: dict[Aspect, ColumnElement[date | None]]


def holding(as_of: date, roles: tuple[Aspect, ...] = ROLES, source: FromClause | None = None) -> Holding:
    """Join `relationship_starts` (and for prospects the span of `prospect_spans` holding D) to `organisations`.

    `source` is a FROM clause that contains `organisations` (default: the table alone).
    Set-based: one outer join per ingredient, no per-organisation probe.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown relationship '{sorted(unknown)[0]}'")
    joined = Organisation.__table__ if source is None else source
    starts = RelationshipStart.__table__
    joined = joined.outerjoin(starts, starts.c.organisation_id == Organisation.id)
    fixed = Organisation.relationship_mode == RelationshipMode.FIXED
    auto = Organisation.relationship_mode != RelationshipMode.FIXED
    since = {Aspect.CUSTOMER: starts.c.customer_since, Aspect.SUPPLIER: starts.c.supplier_since}
    flags: dict[Aspect, ColumnElement[bool]] = {}
    for role in ACCOUNT_ASPECTS:
        if role in roles:
            flags[role] = or_(and_(fixed, _fixed_role(role)), and_(auto, _on_or_before(since[role], as_of)))
    if Aspect.PROSPECT in roles:
        # at most one span of an organisation covers D: the outer join keeps one row per organisation
        spans = ProspectSpan.__table__
        joined = joined.outerjoin(spans, and_(spans.c.organisation_id == Organisation.id, _covers(spans, as_of)))
        flags[Aspect.PROSPECT] = or_(and_(fixed, _fixed_role(Aspect.PROSPECT)),
                                     and_(auto, spans.c.organisation_id.is_not(None)))
    return Holding(joined, {role: type_coerce(flags[role], Boolean) for role in roles},
                   {role: case((auto, since[role]), else_=None) for role in since})


def relationship_flag(role: Aspect, as_of: date) -> ColumnElement[bool]:
    """Whether the organisation holds `role` at D, correlated to `organisations` (auto and fixed mode).

    For callers that cannot join: EXISTS on `relationship_starts` (one row per
    organisation) or on `prospect_spans`. Prefer `holding` for whole lists.
    """
    fixed = Organisation.relationship_mode == RelationshipMode.FIXED
    auto = Organisation.relationship_mode != RelationshipMode.FIXED
    starts = RelationshipStart

    def began(column: ColumnElement[date | None]) -> ColumnElement[bool]:
        return exists().where(starts.organisation_id == Organisation.id, _on_or_before(column, as_of))

    if role in ACCOUNT_ASPECTS:
        column = starts.customer_since if role == Aspect.CUSTOMER else starts.supplier_since
        flag = or_(and_(fixed, _fixed_role(role)), and_(auto, began(column)))
    elif role == Aspect.PROSPECT:
        spans = ProspectSpan.__table__
        flag = or_(and_(fixed, _fixed_role(Aspect.PROSPECT)),
                   and_(auto, exists().where(spans.c.organisation_id == Organisation.id, _covers(spans, as_of))))
    else:
        raise ValueError(f"unknown relationship '{role}'")
    return type_coerce(flag, Boolean)


def relationship_flags(as_of: date) -> dict[Aspect, ColumnElement[bool]]:
    """Boolean expressions per role, correlated to `organisations` (auto and fixed mode)."""
    return {role: relationship_flag(role, as_of) for role in ROLES}


def relationship_select(as_of: date, *, with_starts: bool = False) -> Select:
    """One row per organisation: organisation_id, prospect, customer, supplier [, customer_since, supplier_since].

    `*_since` is the date the relationship began (None in fixed mode: always; None without the role).
    """
    held = holding(as_of)
    columns: list[ColumnElement[object]] = [Organisation.id.label("organisation_id")]
    columns += [held.flags[role].label(role) for role in ROLES]
    if with_starts:
        for role, start in held.since.items():
            columns.append(case((held.flags[role], start), else_=None).label(f"{role}_since"))
    return select(*columns).select_from(held.source).order_by(Organisation.id)


def holders(aspect: Aspect, as_of: date) -> CompoundSelect:
    """The ids (`organisation_id`) and names of the organisations holding `aspect` at D.

    Two disjoint parts, so neither needs an OR across joins: the organisations in auto mode whose
    relationship is found by key (customers and suppliers from their start in `relationship_starts`,
    prospects from their span in `prospect_spans` that holds D), and those in fixed mode that name
    the role. Drives from the holders instead of every organisation.
    """
    if aspect not in ROLES:
        raise ValueError(f"unknown relationship '{aspect}'")
    starts = RelationshipStart.__table__
    org = Organisation.__table__
    auto = Organisation.relationship_mode != RelationshipMode.FIXED
    held = select(Organisation.id.label("organisation_id"), Organisation.name)
    if aspect == Aspect.PROSPECT:
        spans = ProspectSpan.__table__
        automatic = held.select_from(spans.join(org, Organisation.id == spans.c.organisation_id)).where(
            auto, _covers(spans, as_of))
    else:
        began = starts.c[f"{aspect}_since"]
        automatic = held.select_from(starts.join(org, Organisation.id == starts.c.organisation_id)).where(
            auto, began <= as_of)
    fixed = held.where(Organisation.relationship_mode == RelationshipMode.FIXED, _fixed_role(aspect))
    # OFFSET 0: SQLite would otherwise push a join of the caller into both parts (and compute its other
    # side twice); PostgreSQL plans the parts alike either way
    return union_all(automatic, fixed).offset(0)


def relationships_with_numbers(as_of: date) -> Select:
    """Relationships at D with the customer and supplier numbers valid at D (empty when valid_from > D)."""
    held = holding(as_of)
    numbers = AccountNumber.__table__
    columns: list[ColumnElement[object]] = [Organisation.id.label("organisation_id")]
    columns += [held.flags[role].label(role) for role in ROLES]
    joined = held.source
    for role in ACCOUNT_ASPECTS:
        num = numbers.alias(f"{role}_no")
        joined = joined.outerjoin(num, and_(num.c.organisation_id == Organisation.id, num.c.role == role))
        valid = and_(held.flags[role], or_(num.c.valid_from.is_(None), num.c.valid_from <= as_of))
        columns.append(case((valid, num.c.number), else_=None).label(f"{role}_number"))
    return select(*columns).select_from(joined).order_by(Organisation.id)


def relationships(conn: Connection, as_of: date) -> pd.DataFrame:
    """Relationships and account numbers at D, one row per organisation."""
    rows = conn.execute(relationships_with_numbers(as_of)).all()
    frame = pd.DataFrame(rows, columns=["organisation_id", *ROLES, "customer_number", "supplier_number"])
    for role in ROLES:
        frame[role] = frame[role].astype(bool)
    return frame


__all__ = [
    "ROLES",
    "Holding",
    "holders",
    "holding",
    "latest_changes_select",
    "latest_status",
    "open_opportunities",
    "relationship_flag",
    "relationship_flags",
    "relationship_select",
    "relationships",
    "relationships_with_numbers",
    "starts_select",
]
