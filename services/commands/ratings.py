"""Enter a supplier rating (purchasing): time, quality and cost from 1 (poor) to 5 (excellent), a date, a note.

interchange.md, supplier_ratings: "time, quality, cost (each 1 = poor to 5 = excellent), agent_id, note". The
rating is a dated fact like every other: it may not lie in the future (a rating records what happened; a future
date would move the score before its day). Checked first, written second: the policy (purchasing, edit
level; a refusal is audited and writes nothing), the supplier (one the user may see, a supplier today), the
values; then the rating and its audit entry in one transaction.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, insert, select

from analytics.relationships import relationship_flag
from core.errors import InvalidInput, NotFound
from core.schema import Agent, Organisation, SupplierRating
from core.vocabulary import Area, Aspect, Level
from services import audit, policy
from services.ratings import HIGHEST, LOWEST
from services.users import CurrentUser

#: the longest note kept
MAX_NOTE = 2000
#: the prefix of ratings entered here (the importer derives `organisation|date|agent` for rows without an id)
ID_PREFIX = "R-"


@dataclass(frozen=True)
class NewRating:
    """What the form sends: the supplier, the date, the three marks and an optional note."""

    organisation_id: str
    rated_at: date
    time: float
    quality: float
    cost: float
    note: str | None = None


@dataclass(frozen=True)
class RatingAdded:
    """The stored rating's id and its supplier."""

    id: str
    organisation_id: str


def _mark(value: object, what: str) -> float:
    """A mark from 1 to 5 (whole or not, as the interchange format allows); anything else is InvalidInput."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"{what}: a number from {LOWEST:g} to {HIGHEST:g}")
    if not LOWEST <= value <= HIGHEST:
        raise InvalidInput(f"{what}: {value:g} is outside {LOWEST:g} to {HIGHEST:g}")
    return float(value)


def _checked(rating: NewRating, today: date) -> NewRating:
    """The rating with its values checked (InvalidInput names the first wrong field)."""
    policy.checked_id(rating.organisation_id, "organisation id")
    if not isinstance(rating.rated_at, date):
        raise InvalidInput("rated_at: a date")
    if rating.rated_at > today:
        raise InvalidInput(f"rated_at: {rating.rated_at.isoformat()} lies in the future")
    note = rating.note
    if note is not None:
        if not isinstance(note, str) or "\x00" in note:
            raise InvalidInput("note: a text")
        note = note.strip() or None
        if note is not None and len(note) > MAX_NOTE:
            raise InvalidInput(f"note: at most {MAX_NOTE} characters")
    return NewRating(rating.organisation_id, rating.rated_at, _mark(rating.time, "time"),
                     _mark(rating.quality, "quality"), _mark(rating.cost, "cost"), note)


def add_rating(engine: Engine, user: CurrentUser, rating: NewRating, *, today: date | None = None) -> RatingAdded:
    """Store one rating of a supplier by `user` (purchasing, edit level) with its audit entry; its id is new.

    Refused (audited, nothing written): a user without edit level of purchasing (Forbidden), an organisation
    the user may not see or that does not exist (NotFound). InvalidInput: a value out of range, a date in the
    future, an organisation that is no supplier.
    """
    day = today or date.today()
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.PURCHASING, Level.EDIT)
        checked = _checked(rating, day)
        policy.may_see_organisation(engine, conn, g, checked.organisation_id)
        o = Organisation
        supplier = conn.execute(select(relationship_flag(Aspect.SUPPLIER, day))
                                .where(o.id == checked.organisation_id)).scalar()
        if not supplier:
            raise InvalidInput(f"organisation {checked.organisation_id!r} is no supplier")
    new_id = ID_PREFIX + uuid.uuid4().hex
    with engine.begin() as conn:
        agent = user.agent_id
        if agent is not None and conn.execute(select(Agent.id).where(Agent.id == agent)).first() is None:
            agent = None  # an account whose agent is gone: the rating stays, without agent
        if conn.execute(select(SupplierRating.id).where(SupplierRating.id == new_id)).first() is not None:
            raise NotFound("rating id taken")  # pragma: no cover - 122 random bits
        conn.execute(insert(SupplierRating).values(
            id=new_id, organisation_id=checked.organisation_id, rated_at=checked.rated_at, time=checked.time,
            quality=checked.quality, cost=checked.cost, agent_id=agent, note=checked.note))
        audit.record(conn, user, "rating_added", f"supplier {checked.organisation_id}",
                     f"rating {new_id} of {checked.rated_at.isoformat()}: time {checked.time:g}, "
                     f"quality {checked.quality:g}, cost {checked.cost:g}")
    return RatingAdded(new_id, checked.organisation_id)


__all__ = ["ID_PREFIX", "MAX_NOTE", "NewRating", "RatingAdded", "add_rating"]
