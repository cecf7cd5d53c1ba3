"""Hand out customer and supplier numbers once the relationship exists (spec/analytics.md, "Relationships").

Numbers come from separate configurable ranges, are never reused (the next one
is the highest ever handed out in the range plus one) and never deleted. The
caller owns the transaction (the import calls this after every load).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ColumnElement, Connection, and_, cast, exists, func, insert, or_, select, update

from analytics.relationships import relationship_select
from kundenakte.businessconfig import NumberRange, load_config
from kundenakte.errors import KundenakteError
from kundenakte.schema import AccountNumber


def _starts_earlier(start: ColumnElement[date], valid_from: ColumnElement[date]) -> ColumnElement[bool]:
    """SQL: the relationship began always (null: fixed mode) or before the stored valid_from."""
    return or_(start.is_(None), and_(start.is_not(None), start < valid_from))


class NumberRangeExhausted(KundenakteError):
    """No free number is left in a configured range."""


def _next_free(conn: Connection, role: str, numbers: NumberRange) -> int:
    """The highest number ever handed out for `role` within the range, plus one (or the range's first)."""
    value = cast(AccountNumber.number, BigInteger)
    highest = conn.execute(
        select(func.max(value)).where(AccountNumber.role == role, value.between(numbers.first, numbers.last))
    ).scalar()
    return numbers.first if highest is None else int(highest) + 1


def _assign_role(conn: Connection, role: str, numbers: NumberRange, as_of: date, now: datetime) -> int:
    rel = relationship_select(as_of, with_starts=True).order_by(None).subquery("rel")
    since = rel.c[f"{role}_since"]
    has_number = exists().where(AccountNumber.organisation_id == rel.c.organisation_id, AccountNumber.role == role)
    pending = conn.execute(
        select(rel.c.organisation_id, since)
        .where(rel.c[role], ~has_number)
        .order_by(since.asc().nulls_first(), rel.c.organisation_id)
    ).all()
    # A relationship found to have begun earlier (a back-dated document) moves valid_from back.
    earlier = conn.execute(
        select(AccountNumber.organisation_id, since)
        .join(rel, rel.c.organisation_id == AccountNumber.organisation_id)
        .where(AccountNumber.role == role, rel.c[role], AccountNumber.valid_from.is_not(None),
               _starts_earlier(since, AccountNumber.valid_from))
    ).all()
    for organisation_id, start in earlier:
        conn.execute(
            update(AccountNumber)
            .where(AccountNumber.organisation_id == organisation_id, AccountNumber.role == role)
            .values(valid_from=start)
        )
    if not pending:
        return 0
    first = _next_free(conn, role, numbers)
    left = numbers.last - first + 1
    if len(pending) > left:
        raise NumberRangeExhausted(
            f"{role} number range {numbers.first}-{numbers.last} is exhausted: "
            f"{len(pending)} organisation(s) need a number, {max(left, 0)} left"
        )
    conn.execute(insert(AccountNumber), [
        {"organisation_id": org, "role": role, "number": str(first + i), "valid_from": start, "assigned_at": now}
        for i, (org, start) in enumerate(pending)
    ])
    return len(pending)


def assign_account_numbers(conn: Connection, as_of: date) -> int:
    """Give every customer/supplier at `as_of` without a number for that role the next free one; returns how many.

    Order: relationship start date (fixed mode = always, first), then id;
    valid_from = the date the relationship began.
    """
    config = load_config(conn)
    now = datetime.now().replace(microsecond=0)
    handed = _assign_role(conn, "customer", config.customer_numbers, as_of, now)
    handed += _assign_role(conn, "supplier", config.supplier_numbers, as_of, now)
    return handed


__all__ = ["NumberRangeExhausted", "assign_account_numbers"]
