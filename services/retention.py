"""Contacts due for deletion under the retention rules (spec/analytics.md, "Retention (GDPR)")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Connection, Engine, select

from analytics.retention import cutoff, due_contacts, due_query
from core.businessconfig import load_config
from core.schema import Contact, Organisation
from core.vocabulary import Area, Level
from services import policy
from services.users import CurrentUser


@dataclass(frozen=True)
class DueContact:
    """A contact due for deletion and its last trace (None: no trace at all)."""

    contact_id: str
    last_trace: date | None


@dataclass(frozen=True)
class RetentionList:
    """The contacts due at `as_of`: last trace before `cutoff` (or none), no ticket open at `as_of`."""

    as_of: date
    retention_months: int
    cutoff: date
    contacts: tuple[DueContact, ...]

    def rows(self) -> list[dict[str, object]]:
        """One record per contact, for writers (`contact_id`, `last_trace`)."""
        return [{"contact_id": c.contact_id, "last_trace": c.last_trace} for c in self.contacts]


def require_retention_rights(engine: Engine, user: CurrentUser, level: Level = Level.READ) -> None:
    """Listing or erasing personal data under the retention rules is administration (audited refusal)."""
    policy.ensure(engine, user, Area.ADMINISTRATION, level)


def due_list(conn: Connection, as_of: date | None = None) -> RetentionList:
    """The retention list read on an open connection (the erase command reuses it in its transaction)."""
    as_of = as_of or datetime.now().date()
    months = load_config(conn).retention_months
    frame = due_contacts(conn, as_of, months)
    contacts = tuple(DueContact(str(c), d if isinstance(d, date) else None)
                     for c, d in zip(frame["contact_id"], frame["last_trace"], strict=True))
    return RetentionList(as_of=as_of, retention_months=months, cutoff=cutoff(as_of, months), contacts=contacts)


def due_for_deletion(engine: Engine, user: CurrentUser, as_of: date | None = None) -> RetentionList:
    """The contacts due for deletion at `as_of` (default today); anonymised contacts are never due again."""
    require_retention_rights(engine, user)
    with engine.connect() as conn:
        return due_list(conn, as_of)


class DueReason(StrEnum):
    """Why a contact is due (spec/analytics.md, "Retention (GDPR)")."""

    #: its last trace lies before the as-of date minus the retention period
    EXPIRED = "expired"
    #: it left no trace at all
    NO_TRACE = "no_trace"


@dataclass(frozen=True)
class DuePerson:
    """A contact due for deletion as the admin chooses it: who, at which organisation, its last trace, why."""

    contact_id: str
    name: str
    organisation_id: str | None
    organisation_name: str | None
    last_trace: date | None
    reason: DueReason


@dataclass(frozen=True)
class RetentionOverview:
    """The contacts due at `as_of` with names and organisations (last trace before `cutoff`, or none)."""

    as_of: date
    retention_months: int
    cutoff: date
    people: tuple[DuePerson, ...]


def due_overview(engine: Engine, user: CurrentUser, as_of: date | None = None) -> RetentionOverview:
    """The retention list with each contact's name, organisation and reason, by organisation and name."""
    require_retention_rights(engine, user)
    as_of = as_of or datetime.now().date()
    with engine.connect() as conn:
        months = load_config(conn).retention_months
        due = due_query(as_of, months).order_by(None).subquery("due")
        c, o = Contact, Organisation
        rows = conn.execute(
            select(due.c.contact_id, due.c.last_trace, c.first_name, c.last_name, c.organisation_id, o.name)
            .join(c, c.id == due.c.contact_id).outerjoin(o, o.id == c.organisation_id)
            .order_by(o.name, c.last_name, c.first_name, due.c.contact_id)).all()
    people = tuple(DuePerson(
        contact_id=str(r.contact_id), name=" ".join(p for p in (r.first_name, r.last_name) if p) or str(r.contact_id),
        organisation_id=r.organisation_id, organisation_name=r.name,
        last_trace=r.last_trace if isinstance(r.last_trace, date) else None,
        reason=DueReason.EXPIRED if isinstance(r.last_trace, date) else DueReason.NO_TRACE) for r in rows)
    return RetentionOverview(as_of, months, cutoff(as_of, months), people)


__all__ = [
    "DueContact",
    "DuePerson",
    "DueReason",
    "RetentionList",
    "RetentionOverview",
    "due_for_deletion",
    "due_list",
    "due_overview",
    "require_retention_rights",
]
