"""The unassigned inbox as the dashboard shows it: what waits, why, where it might belong, and assigning it.

spec/interchange.md, "Assignment of inbound traces": what lands nowhere waits with the reason of its first
address (`no_match`, `freemail`, `ambiguous_domain`, `ambiguous_number`); an assignment by hand is
remembered for that address or number (services/commands/assign.py). Reading needs the activities area,
assigning needs it at edit level; the organisations and contacts offered as targets are those the user
may see. Inbox items belong to no organisation yet, so the organisation scope does not narrow the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, Engine, Select, func, or_, select

from core.errors import InvalidInput
from core.schema import Activity, Contact, InboxItem, Organisation, OrganisationDomain
from core.vocabulary import ActivityKind, Area, InboxReason, Level
from services import policy
from services.commands.assign import Assignment, assign_by_hand
from services.users import CurrentUser

#: the kinds of trace that reach the inbox (mail, phone, calendar)
INBOX_KINDS: tuple[ActivityKind, ...] = (ActivityKind.EMAIL, ActivityKind.CALL, ActivityKind.APPOINTMENT)
#: the most rows one listing returns (newest first); the count says how many wait in all
MAX_ROWS = 500
#: the furthest a page may start
MAX_OFFSET = 10_000_000
#: the most targets a search or a suggestion returns
MAX_TARGETS = 20
#: the shortest search text (one letter would list half the company)
MIN_SEARCH = 2


class TargetKind(StrEnum):
    """What an inbox item can be assigned to."""

    ORGANISATION = "organisation"
    CONTACT = "contact"


@dataclass(frozen=True)
class InboxEntry:
    """One waiting trace."""

    activity_id: int
    kind: str
    reason: str
    address: str | None
    occurred_at: datetime
    direction: str | None
    subject: str | None
    source_id: str


@dataclass(frozen=True)
class InboxView:
    """The filtered inbox: its newest entries, how many match, how many wait per reason and per kind (each count
    with the other filter applied), and whether the user may assign."""

    entries: tuple[InboxEntry, ...]
    total: int
    by_reason: dict[InboxReason, int] = field(default_factory=dict)
    by_kind: dict[ActivityKind, int] = field(default_factory=dict)
    may_assign: bool = False


@dataclass(frozen=True)
class Target:
    """An organisation or a contact an item can be assigned to; `value` is what the dashboard sends back."""

    kind: TargetKind
    id: str
    name: str
    organisation_id: str
    organisation_name: str
    detail: str | None = None

    @property
    def value(self) -> str:
        return f"{self.kind.value}:{self.id}"


def parse_kind(value: object) -> ActivityKind | None:
    """A kind filter from the page (empty: all); anything but the inbox's kinds is InvalidInput."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in INBOX_KINDS:
        raise InvalidInput(f"unknown kind (one of {', '.join(INBOX_KINDS)})")
    return ActivityKind(value)


def parse_reason(value: object) -> InboxReason | None:
    """A reason filter from the page (empty: all); an unknown word is InvalidInput."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in tuple(InboxReason):
        raise InvalidInput(f"unknown reason (one of {', '.join(InboxReason)})")
    return InboxReason(value)


def parse_target(value: object) -> tuple[TargetKind, str]:
    """`organisation:<id>` or `contact:<id>` (what `Target.value` gives) as kind and checked id."""
    if not isinstance(value, str) or ":" not in value:
        raise InvalidInput("not a valid assignment target")
    kind, _, ident = value.partition(":")
    if kind not in tuple(TargetKind):
        raise InvalidInput("not a valid assignment target")
    return TargetKind(kind), policy.checked_id(ident, f"{kind} id")


def _filtered(query: Select, kind: ActivityKind | None, reason: InboxReason | None) -> Select:
    if kind is not None:
        query = query.where(Activity.kind == kind.value)
    if reason is not None:
        query = query.where(InboxItem.reason == reason.value)
    return query


def inbox(engine: Engine, user: CurrentUser, kind: ActivityKind | None = None, reason: InboxReason | None = None,
          limit: int = MAX_ROWS, offset: int = 0) -> InboxView:
    """What waits unassigned, newest first, filtered by kind and reason (`limit` rows from `offset`; `total`
    counts them all); audited Forbidden without activities."""
    if not 0 < limit <= MAX_ROWS:
        raise InvalidInput(f"limit must be 1 to {MAX_ROWS}")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(f"offset must be 0 to {MAX_OFFSET}")
    joined = select(Activity.id).select_from(InboxItem).join(Activity, Activity.id == InboxItem.activity_id)
    rows_q = _filtered(
        select(Activity.id, Activity.kind, InboxItem.reason, InboxItem.address, Activity.occurred_at,
               Activity.direction, Activity.subject, Activity.source_id)
        .select_from(InboxItem).join(Activity, Activity.id == InboxItem.activity_id), kind, reason,
    ).order_by(Activity.occurred_at.desc(), Activity.id.desc()).offset(offset).limit(limit)
    per_reason = _filtered(
        joined.with_only_columns(InboxItem.reason, func.count()).group_by(InboxItem.reason), kind, None)
    per_kind = _filtered(
        joined.with_only_columns(Activity.kind, func.count()).group_by(Activity.kind), None, reason)
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ACTIVITIES)
        rows = conn.execute(rows_q).all()
        reasons = {r: n for r, n in conn.execute(per_reason) if r in tuple(InboxReason)}
        kinds = {k: n for k, n in conn.execute(per_kind) if k in tuple(ActivityKind)}
    total = sum(n for r, n in reasons.items() if reason is None or r == reason)
    return InboxView(
        entries=tuple(InboxEntry(*r) for r in rows), total=total,
        by_reason={InboxReason(r): n for r, n in reasons.items()},
        by_kind={ActivityKind(k): n for k, n in kinds.items()}, may_assign=g.edits(Area.ACTIVITIES))


def _targets_of(orgs: Sequence[tuple[str, str]], contacts: Sequence[tuple[str, str | None, str, str | None, str, str]]
                ) -> list[Target]:
    found = [Target(TargetKind.ORGANISATION, oid, name, oid, name) for oid, name in orgs]
    for cid, first, last, email, oid, org_name in contacts:
        person = f"{first} {last}" if first else last
        found.append(Target(TargetKind.CONTACT, cid, person, oid, org_name, email))
    return found


def _contact_rows(g: policy.Grants, *conditions: ColumnElement[bool]) -> Select:
    c, o = Contact, Organisation
    return (select(c.id, c.first_name, c.last_name, c.email, o.id, o.name)
            .join(o, o.id == c.organisation_id)
            .where(c.anonymised_at.is_(None), policy.organisation_clause(g, c.organisation_id), *conditions))


def search_targets(engine: Engine, user: CurrentUser, text: object, limit: int = MAX_TARGETS) -> list[Target]:
    """Organisations (name contains the text) and contacts (name contains it, or the address starts with it)
    the user may see, at most `limit` of each kind; a text shorter than two letters finds nothing. It serves
    the assignment: who may not edit activities (or read master data) is refused."""
    if text is None:
        return []
    if not isinstance(text, str) or len(text) > 200 or "\x00" in text:
        raise InvalidInput("not a valid search text")
    needle = " ".join(text.split()).lower()
    if len(needle) < MIN_SEARCH:
        return []
    o, c = Organisation, Contact
    full_name = func.lower(func.coalesce(c.first_name, "") + " " + c.last_name)
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ACTIVITIES, Level.EDIT)
        policy.require(engine, conn, user, Area.MASTER_DATA)
        orgs = conn.execute(select(o.id, o.name).where(
            func.lower(o.name).contains(needle, autoescape=True), policy.organisation_clause(g, o.id))
            .order_by(o.name, o.id).limit(limit)).all()
        contacts = conn.execute(_contact_rows(
            g, or_(full_name.contains(needle, autoescape=True), c.email_lower.startswith(needle, autoescape=True)))
            .order_by(c.last_name, c.first_name, c.id).limit(limit)).all()
    return _targets_of([tuple(r) for r in orgs], [tuple(r) for r in contacts])


def _domains(address: str) -> list[str]:
    """The address's domain and its parents with at least two labels (`a.b.de` -> `a.b.de`, `b.de`)."""
    domain = address.rpartition("@")[2].strip().lower()
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)] if len(labels) > 1 else []


def suggestions(engine: Engine, user: CurrentUser, activity_id: object) -> list[Target]:
    """Where an ambiguous item might belong: the organisations sharing its mail domain, or the contacts and
    organisations with its number, as far as the user may see them (other reasons: none)."""
    if isinstance(activity_id, bool) or not isinstance(activity_id, int):
        raise InvalidInput("not a valid activity id")
    o, c, d = Organisation, Contact, OrganisationDomain
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ACTIVITIES, Level.EDIT)
        item = conn.execute(select(InboxItem.address, InboxItem.reason)
                            .where(InboxItem.activity_id == activity_id)).first()
        if item is None or not item.address:
            return []
        if item.reason == InboxReason.AMBIGUOUS_DOMAIN:
            orgs = conn.execute(select(o.id, o.name).distinct().join(d, d.organisation_id == o.id).where(
                d.domain.in_(_domains(item.address)), policy.organisation_clause(g, o.id))
                .order_by(o.name, o.id).limit(MAX_TARGETS)).all()
            return _targets_of([tuple(r) for r in orgs], [])
        if item.reason == InboxReason.AMBIGUOUS_NUMBER:
            number = item.address
            contacts = conn.execute(_contact_rows(g, or_(c.phone_e164 == number, c.mobile_e164 == number))
                                    .order_by(c.last_name, c.id).limit(MAX_TARGETS)).all()
            orgs = conn.execute(select(o.id, o.name).where(o.phone_e164 == number, policy.organisation_clause(g, o.id))
                                .order_by(o.name, o.id).limit(MAX_TARGETS)).all()
            return _targets_of([tuple(r) for r in orgs], [tuple(r) for r in contacts])
    return []


def assign(engine: Engine, user: CurrentUser, activity_id: object, target: object) -> Assignment:
    """Assign an inbox item to the target (`organisation:<id>` or `contact:<id>`); the command checks and audits."""
    if isinstance(activity_id, bool) or not isinstance(activity_id, int):
        raise InvalidInput("not a valid activity id")
    kind, ident = parse_target(target)
    if kind is TargetKind.CONTACT:
        return assign_by_hand(engine, user, activity_id, None, contact_id=ident)
    return assign_by_hand(engine, user, activity_id, ident)


__all__ = [
    "INBOX_KINDS", "MAX_ROWS", "Assignment", "InboxEntry", "InboxView", "Target", "TargetKind", "assign", "inbox",
    "parse_kind", "parse_reason", "parse_target", "search_targets", "suggestions",
]
