"""Prospect, customer and supplier at a date D, computed in SQL (spec/analytics.md, "Relationships").

"Once a customer, always a customer": customer at D <=> the first qualifying
document is dated on or before D. That first date per organisation is the
maintained aggregate `relationship_starts` (`starts_select`, refreshed after every
import), so the roles are one outer join per ingredient, the same SQL on SQLite
and PostgreSQL, instead of a probe into the fact tables per organisation.
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
    not_,
    null,
    or_,
    select,
    type_coerce,
    union,
    union_all,
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
from kundenakte.schema.admin import OpportunityLatestStatus, RelationshipStart

ROLES = ("prospect", "customer", "supplier")
CLOSED_OUTCOMES = ("won", "rejected")


def _not_cancelled(status: ColumnElement[str | None]) -> ColumnElement[bool]:
    """A document counts unless cancelled; an empty status is not cancelled."""
    return or_(status.is_(None), status != "cancelled")


def _fixed_role(role: str) -> ColumnElement[bool]:
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


def open_opportunities(as_of: date, *, non_customers_only: bool = False) -> Select:
    """Opportunities open at D: created on or before D, not closed by D, latest status neither won nor rejected.

    Columns: id, organisation_id, created_at, status, probability (percent), value (target x probability).
    The opportunities open by their dates each find their latest change on or before D with one
    probe into (opportunity_id, changed_at): no sort of the whole status history.
    `non_customers_only` keeps those of organisations that are no customer at D
    (all the prospect test needs; a fraction of the history).
    """
    opp = Opportunity
    change = OpportunityStatusChange
    status = OpportunityStatus
    source: FromClause = opp.__table__
    conditions = [opp.created_at <= as_of, or_(opp.closed_at.is_(None), opp.closed_at > as_of)]
    if non_customers_only:
        starts = RelationshipStart.__table__
        source = source.outerjoin(starts, starts.c.organisation_id == opp.organisation_id)
        conditions.append(not_(_on_or_before(starts.c.customer_since, as_of)))
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


def open_quote(as_of: date) -> ColumnElement[bool]:
    """Condition on `quotes`: dated on or before D, not decided on or before D and not expired at D."""
    return and_(
        Quote.quote_date <= as_of,
        or_(Quote.decided_at.is_(None), Quote.decided_at > as_of),
        or_(Quote.valid_until.is_(None), Quote.valid_until >= as_of),
    )


def _open_quote_parts(as_of: date) -> list[Select]:
    """`open_quote` as two selects of organisation_id that `ix_quotes_open` (valid_until, ...) answers:
    the quotes still valid at D are a range of it and those without an expiry its NULL part, so the
    expired ones (nearly all) are never read. Repeats are left to the caller's GROUP BY or UNION."""
    undecided = or_(Quote.decided_at.is_(None), Quote.decided_at > as_of)
    return [select(Quote.organisation_id).where(valid, Quote.quote_date <= as_of, undecided)
            for valid in (Quote.valid_until >= as_of, Quote.valid_until.is_(None))]


def _on_or_before(since: ColumnElement[date | None], as_of: date) -> ColumnElement[bool]:
    """SQL: a start date that is known and on or before D (never NULL, also behind an outer join)."""
    return and_(since.is_not(None), since <= as_of)


def _first(table: type, day: ColumnElement[date], role: str, *conditions: ColumnElement[bool]) -> Select:
    """Per organisation, the first qualifying `day` of `table` as `<role>_since` (the other role's column null)."""
    none = cast(null(), Date)
    since = {"customer": none, "supplier": none, role: func.min(day)}
    return (
        select(table.organisation_id.label("organisation_id"), since["customer"].label("customer_since"),
               since["supplier"].label("supplier_since"))
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
        _first(Project, Project.start_date, "customer", Project.kind == "customer"),
        _first(IncomingInvoice, IncomingInvoice.invoice_date, "supplier", _not_cancelled(IncomingInvoice.status)),
        _first(PurchaseOrder, PurchaseOrder.order_date, "supplier", _not_cancelled(PurchaseOrder.status)),
        _first(Project, Project.start_date, "supplier", Project.kind == "contractor"),
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


def open_quote_organisations(as_of: date) -> Subquery:
    """One row (organisation_id) per organisation with an open quote at D (read as `_open_quote_parts`)."""
    parts = union_all(*_open_quote_parts(as_of)).subquery("open_quotes")
    return select(parts.c.organisation_id).group_by(parts.c.organisation_id).subquery("open_quote_orgs")


def open_opportunity_organisations(as_of: date) -> Subquery:
    """One row (organisation_id) per organisation with an open opportunity at D that is no customer at D."""
    opps = open_opportunities(as_of, non_customers_only=True).subquery("open_opps")
    return select(opps.c.organisation_id).group_by(opps.c.organisation_id).subquery("open_opp_orgs")


@dataclass(frozen=True)
class Holding:
    """A FROM clause with `organisations` outer-joined to what decides the roles, and per role its flag at D."""

    source: FromClause
    flags: dict[str, ColumnElement[bool]]
    #: per role customer/supplier, the start date in auto mode (None in fixed mode: always)
    since: dict[str, ColumnElement[date | None]]


def holding(as_of: date, roles: tuple[str, ...] = ROLES, source: FromClause | None = None) -> Holding:
    """Join `relationship_starts` (and for prospects the open quotes and opportunities, grouped) to `organisations`.

    `source` is a FROM clause that contains `organisations` (default: the table alone).
    Set-based: one outer join per ingredient, no per-organisation probe.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown relationship {sorted(unknown)[0]!r}")
    joined = Organisation.__table__ if source is None else source
    starts = RelationshipStart.__table__
    joined = joined.outerjoin(starts, starts.c.organisation_id == Organisation.id)
    fixed = Organisation.relationship_mode == "fixed"
    auto = Organisation.relationship_mode != "fixed"
    since = {"customer": starts.c.customer_since, "supplier": starts.c.supplier_since}
    flags: dict[str, ColumnElement[bool]] = {}
    for role in ("customer", "supplier"):
        if role in roles:
            flags[role] = or_(and_(fixed, _fixed_role(role)), and_(auto, _on_or_before(since[role], as_of)))
    if "prospect" in roles:
        quotes, opps = open_quote_organisations(as_of), open_opportunity_organisations(as_of)
        joined = joined.outerjoin(quotes, quotes.c.organisation_id == Organisation.id).outerjoin(
            opps, opps.c.organisation_id == Organisation.id)
        open_case = or_(quotes.c.organisation_id.is_not(None), opps.c.organisation_id.is_not(None))
        not_customer = not_(_on_or_before(since["customer"], as_of))
        flags["prospect"] = or_(and_(fixed, _fixed_role("prospect")), and_(auto, not_customer, open_case))
    return Holding(joined, {role: type_coerce(flags[role], Boolean) for role in roles},
                   {role: case((auto, since[role]), else_=None) for role in since})


def relationship_flag(role: str, as_of: date) -> ColumnElement[bool]:
    """Whether the organisation holds `role` at D, correlated to `organisations` (auto and fixed mode).

    For callers that cannot join: EXISTS on `relationship_starts` (small, one row
    per organisation) and on the open sales cases. Prefer `holding` for whole lists.
    """
    fixed = Organisation.relationship_mode == "fixed"
    auto = Organisation.relationship_mode != "fixed"
    starts = RelationshipStart

    def began(column: ColumnElement[date | None]) -> ColumnElement[bool]:
        return exists().where(starts.organisation_id == Organisation.id, _on_or_before(column, as_of))

    if role in ("customer", "supplier"):
        column = starts.customer_since if role == "customer" else starts.supplier_since
        flag = or_(and_(fixed, _fixed_role(role)), and_(auto, began(column)))
    elif role == "prospect":
        opps = open_opportunities(as_of, non_customers_only=True).subquery("open_opps")
        open_case = or_(exists().where(Quote.organisation_id == Organisation.id, open_quote(as_of)),
                        exists().where(opps.c.organisation_id == Organisation.id))
        flag = or_(and_(fixed, _fixed_role("prospect")),
                   and_(auto, open_case, not_(began(starts.customer_since))))
    else:
        raise ValueError(f"unknown relationship {role!r}")
    return type_coerce(flag, Boolean)


def relationship_flags(as_of: date) -> dict[str, ColumnElement[bool]]:
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


def holders(aspect: str, as_of: date) -> CompoundSelect:
    """The ids (`organisation_id`) and names of the organisations holding `aspect` at D.

    Two disjoint parts, so neither needs an OR across joins: the organisations in auto mode whose
    relationship is found by key (customers and suppliers from their start in `relationship_starts`,
    prospects from their open quotes and opportunities, less the customers at D as one anti-join),
    and those in fixed mode that name the role. Drives from the holders instead of every organisation.
    """
    if aspect not in ROLES:
        raise ValueError(f"unknown relationship {aspect!r}")
    starts = RelationshipStart.__table__
    org = Organisation.__table__
    auto = Organisation.relationship_mode != "fixed"
    held = select(Organisation.id.label("organisation_id"), Organisation.name)
    if aspect == "prospect":
        opps = open_opportunities(as_of, non_customers_only=True).subquery("open_opps")
        # the union removes repeats: the parts need no GROUP BY (SQLite would read them in key order)
        cases = union(*_open_quote_parts(as_of), select(opps.c.organisation_id)).subquery("open_cases")
        customer = exists().where(starts.c.organisation_id == Organisation.id,
                                  _on_or_before(starts.c.customer_since, as_of))
        automatic = held.select_from(cases.join(org, Organisation.id == cases.c.organisation_id)).where(
            auto, not_(customer))
    else:
        began = starts.c[f"{aspect}_since"]
        automatic = held.select_from(starts.join(org, Organisation.id == starts.c.organisation_id)).where(
            auto, began <= as_of)
    fixed = held.where(Organisation.relationship_mode == "fixed", _fixed_role(aspect))
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
    for role in ("customer", "supplier"):
        num = numbers.alias(f"{role}_no")
        joined = joined.outerjoin(num, and_(num.c.organisation_id == Organisation.id, num.c.role == role))
        valid = and_(held.flags[role], or_(num.c.valid_from.is_(None), num.c.valid_from <= as_of))
        columns.append(case((valid, num.c.number), else_=None).label(f"{role}_number"))
    return select(*columns).select_from(joined).order_by(Organisation.id)


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
    "Holding",
    "holders",
    "holding",
    "latest_changes_select",
    "latest_status",
    "open_opportunities",
    "open_opportunity_organisations",
    "open_quote",
    "open_quote_organisations",
    "relationship_flag",
    "relationship_flags",
    "relationship_select",
    "relationships",
    "relationships_with_numbers",
    "starts_select",
]
