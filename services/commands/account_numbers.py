"""Hand out customer and supplier numbers once the relationship exists (spec/analytics.md, "Relationships").

Numbers come from separate configurable ranges, are never reused (the next one
is the highest ever handed out in the range plus one) and never deleted. The
caller owns the transaction (the import calls this after every load); it first
recomputes `relationship_starts`, which every relationship query reads.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Connection,
    DateTime,
    String,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from analytics.relationships import relationship_flag, relationship_select, starts_select
from core.businessconfig import NumberRange, load_config
from core.db import keys_checked_once
from core.errors import KundenakteError
from core.schema import AccountNumber, Organisation
from core.schema.admin import RelationshipStart
from core.vocabulary import Aspect, RelationshipMode


def refresh_relationship_starts(conn: Connection) -> None:
    """Recompute `relationship_starts` in full from the facts (set-based: one DELETE, one INSERT ... SELECT).

    Call it after any change to invoices, incoming invoices, purchase orders or
    projects, in the same transaction.
    """
    columns = ["organisation_id", "customer_since", "supplier_since"]
    with keys_checked_once(conn, RelationshipStart.__table__):  # only on the first load: empty before
        conn.execute(delete(RelationshipStart))
        conn.execute(insert(RelationshipStart).from_select(columns, starts_select()))


class NumberRangeExhausted(KundenakteError):
    """No free number is left in a configured range."""


def _next_free(conn: Connection, role: Aspect, numbers: NumberRange) -> int:
    """The highest number ever handed out for `role` within the range, plus one (or the range's first)."""
    value = cast(AccountNumber.number, BigInteger)
    highest = conn.execute(
        select(func.max(value)).where(AccountNumber.role == role, value.between(numbers.first, numbers.last))
    ).scalar()
    return numbers.first if highest is None else int(highest) + 1


def _move_valid_from_back(conn: Connection, role: Aspect, as_of: date) -> None:
    """A relationship found to have begun earlier (a back-dated document, fixed mode) moves valid_from back.

    One UPDATE for all numbers, by primary-key look-ups: valid_from becomes the start
    (None in fixed mode: always) where the role is held at D and that start is earlier.
    """
    number = AccountNumber
    since = RelationshipStart.customer_since if role == Aspect.CUSTOMER else RelationshipStart.supplier_since
    start = (
        select(case((Organisation.relationship_mode == RelationshipMode.FIXED, None), else_=since))
        .select_from(Organisation.__table__.outerjoin(RelationshipStart,
                                                      RelationshipStart.organisation_id == Organisation.id))
        .where(Organisation.id == number.organisation_id)
        .scalar_subquery()
    )
    held = exists().where(Organisation.id == number.organisation_id, relationship_flag(role, as_of))
    conn.execute(
        update(number)
        .where(number.role == role, number.valid_from.is_not(None), held,
               or_(start.is_(None), start < number.valid_from))
        .values(valid_from=start)
    )


def _assign_role(conn: Connection, role: Aspect, numbers: NumberRange, as_of: date, now: datetime) -> int:
    """One INSERT ... SELECT: the pending organisations numbered in order by row_number(), no row through Python."""
    rel = relationship_select(as_of, with_starts=True).order_by(None).subquery("rel")
    since = rel.c[f"{role}_since"]
    has_number = exists().where(AccountNumber.organisation_id == rel.c.organisation_id, AccountNumber.role == role)
    _move_valid_from_back(conn, role, as_of)
    first = _next_free(conn, role, numbers)
    position = func.row_number().over(order_by=(since.asc().nulls_first(), rel.c.organisation_id))
    pending = (
        select(rel.c.organisation_id, since.label("valid_from"), position.label("position"))
        .where(rel.c[role], ~has_number)
        .subquery("pending")
    )
    left = max(numbers.last - first + 1, 0)
    numbered = select(
        pending.c.organisation_id, literal(role.value).label("role"),
        cast(pending.c.position + (first - 1), String).label("number"), pending.c.valid_from,
        literal(now, DateTime).label("assigned_at"),
    ).where(pending.c.position <= left)
    columns = ["organisation_id", "role", "number", "valid_from", "assigned_at"]
    with keys_checked_once(conn, AccountNumber.__table__):
        handed = conn.execute(insert(AccountNumber).from_select(columns, numbered),
                              execution_options={"preserve_rowcount": True}).rowcount
    if handed == left:
        short = conn.execute(select(func.count()).select_from(pending)).scalar_one()  # still without a number
        if short:  # the caller's transaction is rolled back: nothing is handed out
            raise NumberRangeExhausted(
                f"{role} number range {numbers.first}-{numbers.last} is exhausted: "
                f"{handed + short} organisation(s) need a number, {left} left"
            )
    return int(handed)


def assign_account_numbers(conn: Connection, as_of: date) -> int:
    """Give every customer/supplier at `as_of` without a number for that role the next free one; returns how many.

    Order: relationship start date (fixed mode = always, first), then id;
    valid_from = the date the relationship began. Refreshes `relationship_starts` first.
    """
    refresh_relationship_starts(conn)
    config = load_config(conn)
    now = datetime.now().replace(microsecond=0)
    handed = _assign_role(conn, Aspect.CUSTOMER, config.customer_numbers, as_of, now)
    handed += _assign_role(conn, Aspect.SUPPLIER, config.supplier_numbers, as_of, now)
    return handed


__all__ = ["NumberRangeExhausted", "assign_account_numbers", "refresh_relationship_starts"]
