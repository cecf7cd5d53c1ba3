"""Contacts due for deletion under the retention rules (spec/analytics.md, "Retention (GDPR)")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Engine

from analytics.retention import cutoff, due_contacts
from core.businessconfig import load_config
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


__all__ = ["DueContact", "RetentionList", "due_for_deletion", "due_list", "require_retention_rights"]
