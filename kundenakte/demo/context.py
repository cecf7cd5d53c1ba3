"""Shared state of one small-demo run: the seeded random source, the reference date, and drawing helpers."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from core.vocabulary import ACCOUNT_ASPECTS, Aspect

T = TypeVar("T")

Row = dict[str, Any]


class Archetype(StrEnum):
    """What the demo makes of an organisation (its private `_kind`): the relationships its facts will give it."""

    CUSTOMER = Aspect.CUSTOMER
    SUPPLIER = Aspect.SUPPLIER
    #: a customer and a supplier
    BOTH = "both"
    PROSPECT = Aspect.PROSPECT
    #: a prospect years ago, untouched since
    DORMANT = "dormant"
    #: our own company
    OWN = "own"
    #: Ingo Prospect of the help's worked example
    INGO = "ingo"

    def holds(self, aspect: Aspect) -> bool:
        """Whether its invoices make it a customer (outgoing) or a supplier (incoming), or it is a prospect."""
        return self == aspect or (self is Archetype.BOTH and aspect in ACCOUNT_ASPECTS)

    @property
    def sold_to(self) -> bool:
        """A customer or a prospect: sales looks after it (key account manager, revenue potential, visits)."""
        return self.holds(Aspect.CUSTOMER) or self.holds(Aspect.PROSPECT)


#: the roles an organisation of each kind is given when they are fixed by hand (`fixed_roles`, ;-separated)
FIXED_ROLES: dict[Archetype, str] = {
    Archetype.CUSTOMER: Aspect.CUSTOMER,
    Archetype.SUPPLIER: Aspect.SUPPLIER,
    Archetype.BOTH: ";".join(ACCOUNT_ASPECTS),
    Archetype.PROSPECT: Aspect.PROSPECT,
    Archetype.DORMANT: Aspect.PROSPECT,
}


@dataclass
class Ctx:
    """The random source and `today`; every date the demo writes is derived from these two."""

    rng: random.Random
    today: date
    tables: dict[str, list[Row]] = field(default_factory=dict)
    #: things one generator leaves for the next (the phone number source, shared numbers, ...)
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def now(self) -> datetime:
        """The moment the export was taken: `today` at 18:00 (fixed, so reruns write the same bytes)."""
        return datetime.combine(self.today, time(18, 0))

    @property
    def start(self) -> date:
        """Three years before today: the start of the invoice history."""
        return self.today - timedelta(days=3 * 365)

    def rows(self, table: str) -> list[Row]:
        return self.tables.setdefault(table, [])

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, lo: date, hi: date) -> date:
        """A uniformly drawn date lo..hi (both included)."""
        span = (hi - lo).days
        return lo + timedelta(days=self.rng.randint(0, max(span, 0)))

    def workday(self, lo: date, hi: date) -> date:
        """A date lo..hi moved off the weekend (Saturday to Friday, Sunday to Monday), clamped to the range."""
        d = self.between(lo, hi)
        if d.weekday() == 5:
            d -= timedelta(days=1)
        elif d.weekday() == 6:
            d += timedelta(days=1)
        return min(max(d, lo), hi)

    def at_office_hours(self, d: date) -> datetime:
        """A timestamp on d between 07:30 and 18:00, whole minutes."""
        minute = self.rng.randint(7 * 60 + 30, 18 * 60 - 1)
        return datetime.combine(d, time(minute // 60, minute % 60))

    def money(self, value: float) -> float:
        return round(value, 2)


def weekday_or_before(d: date) -> date:
    """The date itself on a weekday, else the Friday before."""
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d
