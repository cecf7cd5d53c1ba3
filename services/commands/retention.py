"""Erase the contacts due under the retention rules (spec/analytics.md, "Retention (GDPR)").

Erasing anonymises the person and keeps the business records: the contact row
stays (invoices, quotes, tickets and documents still point at it) with its
names, e-mail, numbers, job title and their derived look-up columns removed;
the person's name, address and numbers are replaced by `[anonymised]` in the
free text of their activities (subject, addresses, number), their tickets'
subjects and the notes of time entries on those tickets; addresses learned for
the person are forgotten. `contacts.anonymised_at` is set, so an erased contact
is never due again, and each erasure writes an audit log row (who, when, why).
Documents are kept unchanged (files are business records; their content is not
in the database). A dry run computes the same changes and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update

from core.errors import InvalidInput
from core.schema import Activity, ActivityLink, AuditLogEntry, Contact, LearnedMapping, Ticket, TimeEntry
from core.vocabulary import Level
from etl.derive import rebuild_organisation_domains
from services.policy import checked_id
from services.retention import DueContact, due_list, require_retention_rights
from services.users import CurrentUser

PLACEHOLDER = "[anonymised]"
ACTION = "gdpr_erase"


@dataclass(frozen=True)
class Erasure:
    """What was (or would be) done to one contact: rows whose free text changes, mappings forgotten."""

    contact_id: str
    last_trace: date | None
    activities: int
    tickets: int
    time_entries: int
    learned_mappings: int


@dataclass(frozen=True)
class ErasureResult:
    """The outcome of one run: every contact erased (or, in a dry run, that would be)."""

    as_of: date
    dry_run: bool
    who: str
    why: str
    erased: tuple[Erasure, ...]

    def rows(self) -> list[dict[str, object]]:
        """One record per contact, for writers."""
        action = "would erase" if self.dry_run else "erased"
        return [{"contact_id": e.contact_id, "last_trace": e.last_trace, "action": action,
                 "activities": e.activities, "tickets": e.tickets, "time_entries": e.time_entries,
                 "learned_mappings": e.learned_mappings} for e in self.erased]


def personal_patterns(first: str | None, last: str | None, texts: Iterable[str | None]) -> list[re.Pattern[str]]:
    """Regexes for the person's names (whole words, any case) and literal addresses/numbers, longest first."""
    names = [f"{first} {last}" if first and last else None, f"{last}, {first}" if first and last else None,
             last, first]
    patterns = [re.compile(rf"(?<!\w){re.escape(n.strip())}(?!\w)", re.IGNORECASE)
                for n in names if n and len(n.strip()) >= 2]
    literals = sorted({t.strip() for t in texts if t and len(t.strip()) >= 3}, key=len, reverse=True)
    return [re.compile(re.escape(t), re.IGNORECASE) for t in literals] + patterns


def scrub(text: str | None, patterns: list[re.Pattern[str]]) -> str | None:
    """`text` with every match of the person's patterns replaced by the placeholder."""
    if not text:
        return text
    for pattern in patterns:
        text = pattern.sub(PLACEHOLDER, text)
    return text


def _rewrite(conn: Connection, table: type, ids: list[object], columns: tuple[str, ...],
             patterns: list[re.Pattern[str]], write: bool) -> int:
    """Scrub `columns` of the rows `ids` of `table`; the number of rows whose text changes."""
    if not ids:
        return 0
    cols = [getattr(table, c) for c in columns]
    changed = 0
    for row in conn.execute(select(table.id, *cols).where(table.id.in_(ids))).all():  # type: ignore[attr-defined]
        new = {c: scrub(v, patterns) for c, v in zip(columns, row[1:], strict=True)}
        if any(new[c] != v for c, v in zip(columns, row[1:], strict=True)):
            changed += 1
            if write:
                conn.execute(update(table).where(table.id == row[0]).values(**new))  # type: ignore[attr-defined]
    return changed


def erase_contact(conn: Connection, contact_id: str, last_trace: date | None, *, write: bool) -> Erasure:
    """Anonymise one contact in the caller's transaction (compute only when `write` is false)."""
    c = conn.execute(select(Contact).where(Contact.id == contact_id)).one()
    patterns = personal_patterns(c.first_name, c.last_name, [c.email, c.phone, c.mobile, c.phone_e164,
                                                             c.mobile_e164])
    linked = select(ActivityLink.activity_id).where(ActivityLink.contact_id == contact_id)
    activity_ids = list(conn.execute(select(Activity.id).where(
        or_(Activity.contact_id == contact_id, Activity.id.in_(linked)))).scalars())
    ticket_ids = list(conn.execute(select(Ticket.id).where(Ticket.contact_id == contact_id)).scalars())
    entry_ids = (list(conn.execute(select(TimeEntry.id).where(TimeEntry.ticket_id.in_(ticket_ids))).scalars())
                 if ticket_ids else [])
    erasure = Erasure(
        contact_id=contact_id, last_trace=last_trace,
        activities=_rewrite(conn, Activity, activity_ids, ("subject", "from_address", "to_address", "phone_number"),
                            patterns, write),
        tickets=_rewrite(conn, Ticket, ticket_ids, ("subject",), patterns, write),
        time_entries=_rewrite(conn, TimeEntry, entry_ids, ("note",), patterns, write),
        learned_mappings=int(conn.execute(select(func.count()).select_from(LearnedMapping)
                                          .where(LearnedMapping.contact_id == contact_id)).scalar_one()),
    )
    if write:
        conn.execute(delete(LearnedMapping).where(LearnedMapping.contact_id == contact_id))
        conn.execute(update(Contact).where(Contact.id == contact_id).values(
            first_name=None, last_name=PLACEHOLDER, function=None, email=None, email_lower=None, phone=None,
            mobile=None, phone_e164=None, mobile_e164=None, anonymised_at=datetime.now()))
    return erasure


#: the most contacts one erasure by hand takes (the page's selection; the command line erases all due at once)
MAX_SELECTED = 10_000
#: the longest reason the audit log takes from a person
MAX_WHY = 500


class NotDue(InvalidInput):
    """Contacts asked to be erased that are not due (or do not exist): nothing was erased."""

    def __init__(self, contact_ids: tuple[str, ...]) -> None:
        self.contact_ids = contact_ids
        super().__init__(f"not due for deletion: {', '.join(contact_ids[:10])}"
                         + (f" and {len(contact_ids) - 10} more" if len(contact_ids) > 10 else ""))


def _erase(engine: Engine, user: CurrentUser, as_of: date | None, why: str, who: str | None, dry_run: bool,
           choose: Callable[[tuple[DueContact, ...]], tuple[DueContact, ...]]) -> ErasureResult:
    """Anonymise the due contacts `choose` picks in one transaction, one audit log row each (who, when, why);
    the due list is read in that transaction, so a contact with a new trace since is not erased."""
    require_retention_rights(engine, user, Level.READ if dry_run else Level.EDIT)
    who = who or user.id
    with engine.connect() as conn, conn.begin() as tx:
        due = due_list(conn, as_of)
        chosen = choose(due.contacts)
        erased = tuple(erase_contact(conn, c.contact_id, c.last_trace, write=not dry_run) for c in chosen)
        if dry_run:
            tx.rollback()
        else:
            if erased:
                now = datetime.now()
                conn.execute(insert(AuditLogEntry), [
                    {"at": now, "who": who, "action": ACTION, "subject": f"contact:{e.contact_id}", "why": why,
                     "address": user.address} for e in erased])
                rebuild_organisation_domains(conn)
            tx.commit()
    return ErasureResult(as_of=due.as_of, dry_run=dry_run, who=who, why=why, erased=erased)


def erase_due(engine: Engine, user: CurrentUser, as_of: date | None = None, *, why: str,
              who: str | None = None, dry_run: bool = False) -> ErasureResult:
    """Anonymise every contact due at `as_of` in one transaction, with one audit log row each.

    `who` defaults to the user's id. A dry run rolls back: nothing is written.
    """
    return _erase(engine, user, as_of, why, who, dry_run, lambda due: due)


def erase_contacts(engine: Engine, user: CurrentUser, contact_ids: object, *, why: object,
                   as_of: date | None = None) -> ErasureResult:
    """Anonymise the chosen contacts (the retention page's selection), each due at `as_of` (default today).

    All or nothing: one that is not due (any more), or does not exist, refuses the whole erasure (NotDue),
    so a hand-written request cannot erase a contact the rules keep. Audited like `erase_due`.
    """
    if not isinstance(contact_ids, list | tuple) or not 0 < len(contact_ids) <= MAX_SELECTED:
        raise InvalidInput(f"choose 1 to {MAX_SELECTED} contacts")
    ids = tuple(dict.fromkeys(checked_id(c, "contact id") for c in contact_ids))
    reason = why.strip() if isinstance(why, str) else ""
    if not reason or len(reason) > MAX_WHY:
        raise InvalidInput(f"a reason of 1 to {MAX_WHY} characters goes to the audit log")

    def choose(due: tuple[DueContact, ...]) -> tuple[DueContact, ...]:
        by_id = {c.contact_id: c for c in due}
        missing = tuple(i for i in ids if i not in by_id)
        if missing:
            raise NotDue(missing)
        return tuple(by_id[i] for i in ids)

    return _erase(engine, user, as_of, reason, None, False, choose)


__all__ = [
    "ACTION",
    "MAX_SELECTED",
    "MAX_WHY",
    "PLACEHOLDER",
    "Erasure",
    "ErasureResult",
    "NotDue",
    "erase_contact",
    "erase_contacts",
    "erase_due",
    "personal_patterns",
    "scrub",
]
