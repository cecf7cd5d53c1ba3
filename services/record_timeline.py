"""The record's timeline filtered by type and date range, with the count per type (issue 20, item 3).

Every trace of one organisation, all its contacts' rolled up: activities through `activity_links`
(an activity assigned by hand lands there too), outgoing invoices, quotes, tickets and documents.
Each type belongs to an information area (spec/analytics.md, "Security"): a type the user may not read
is neither listed nor counted; what hangs at a hidden project is left out; an external user sees only
the documents marked `external` (and no names of other contacts). Each part of the union is filtered on
its own indexed date column and brings at most the rows a page needs, so an organisation with a
hundred thousand invoices costs a page, not a sort of them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    String,
    and_,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)

from analytics.period import day_end
from analytics.sqlfuncs import as_timestamp
from core.errors import InvalidInput
from core.schema import Activity, ActivityLink, Contact, Document, Invoice, Quote, Ticket
from core.schema.base import Money
from core.vocabulary import ActivityKind, Area
from services import policy
from services.policy import Grants
from services.record import visible_record
from services.users import CurrentUser

#: the most entries one page may ask for
MAX_PAGE = 500


class TimelineType(StrEnum):
    """A type of the record's timeline: an activity's kind, or a kind of business document."""

    EMAIL = "email"
    CALL = "call"
    APPOINTMENT = "appointment"
    NOTE = "note"
    TASK = "task"
    INVOICE = "invoice"
    QUOTE = "quote"
    TICKET = "ticket"
    DOCUMENT = "document"


#: the activity kinds among the types
ACTIVITY_TYPES = frozenset(TimelineType(k.value) for k in ActivityKind)
#: the information area each type belongs to
TYPE_AREAS: dict[TimelineType, Area] = {
    **{t: Area.ACTIVITIES for t in ACTIVITY_TYPES},
    TimelineType.INVOICE: Area.BILLING, TimelineType.QUOTE: Area.PIPELINE,
    TimelineType.TICKET: Area.SERVICE, TimelineType.DOCUMENT: Area.DOCUMENTS,
}


@dataclass(frozen=True)
class TimelineFilter:
    """Which entries: the types (None: every type the user may read; empty: none) and a date range, both ends
    included (None: open)."""

    types: frozenset[TimelineType] | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def parse(cls, types: Iterable[str] | str | None = None, since: str | date | None = None,
              until: str | date | None = None) -> TimelineFilter:
        """From the page's words (`types=ticket,invoice`, `from=2026-01-01`); unknown words are InvalidInput."""
        if isinstance(types, str):
            types = [t for t in types.split(",") if t]
        if types is not None and not isinstance(types, (list, tuple, set, frozenset)):
            raise InvalidInput("types is not a list")
        try:
            chosen = None if types is None else frozenset(TimelineType(str(t)) for t in types)
        except ValueError:
            raise InvalidInput("unknown timeline type") from None
        first, last = _day(since), _day(until)
        if first and last and first > last:
            first, last = last, first
        return cls(chosen, first, last)


def _day(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidInput("not a date")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InvalidInput("not a date") from None


@dataclass(frozen=True)
class RecordEntry:
    """One trace: when, its type, its id in the source, a title, an amount and a status where they apply, and the
    contact it concerns (None where unknown or not to be shown)."""

    at: datetime | None
    kind: str
    ref: str
    title: str | None
    amount: float | None
    status: str | None
    contact: str | None = None


@dataclass(frozen=True)
class TimelinePage:
    """One page of the filtered timeline, the count per type in the date range, and whether more entries follow."""

    entries: list[RecordEntry]
    #: per readable type: its entries in the date range (whatever types are chosen)
    counts: dict[TimelineType, int]
    #: the types the user may read (offered by the filter), in TimelineType's order
    readable: tuple[TimelineType, ...]
    filter: TimelineFilter
    more: bool
    areas: frozenset[Area] = field(default_factory=frozenset)

    @property
    def total(self) -> int:
        """The entries of the chosen types in the date range."""
        chosen = frozenset(self.readable) if self.filter.types is None else self.filter.types
        return sum(n for t, n in self.counts.items() if t in chosen)


def readable_types(g: Grants) -> tuple[TimelineType, ...]:
    """The types of the areas the user may read, in TimelineType's order."""
    return tuple(t for t in TimelineType if g.reads(TYPE_AREAS[t]))


def offered_types(engine: Engine, user: CurrentUser) -> tuple[TimelineType, ...]:
    """The types the user may read now (the filter offers only these; the service drops any other anyway)."""
    areas = policy.readable_areas(engine, user)
    return tuple(t for t in TimelineType if TYPE_AREAS[t] in areas)


@dataclass(frozen=True)
class _Bounds:
    """The date range as conditions on a date column and a timestamp column (upper end: min(until, D))."""

    since: date | None
    last: date
    dated_only: bool

    def on_date(self, column: ColumnElement[date]) -> ColumnElement[bool]:
        low = column >= self.since if self.since else true()
        return and_(low, column <= self.last)

    def on_timestamp(self, column: ColumnElement[datetime]) -> ColumnElement[bool]:
        low = column >= datetime.combine(self.since, time()) if self.since else true()
        return and_(low, column < day_end(self.last))


def _contact_name(c: Any) -> ColumnElement[str]:
    return func.trim(func.coalesce(c.first_name, "") + " " + c.last_name)


def _parts(organisation_id: str, types: frozenset[TimelineType], bounds: _Bounds, user: CurrentUser, *,
           with_contacts: bool, counting: bool) -> list[tuple[Select[Any], list[ColumnElement[Any]]]]:
    """The select of each source with the chosen types (its columns, or to count: `kind` and the count), and its
    order.

    Counting leaves the hidden projects' rows in: `_counts` takes them off with `_hidden_parts`, so each count
    stays a range of the organisation's (covering) date index instead of a look at every row's project.
    """
    no_amount, no_status = cast(null(), Money), cast(null(), String)
    no_contact = cast(null(), String)
    parts: list[tuple[Select[Any], list[ColumnElement[Any]]]] = []
    hidden = None if counting else policy.hidden_projects(user)

    def outside(project_id: ColumnElement[str | None]) -> ColumnElement[bool]:
        return true() if hidden is None else or_(project_id.is_(None), project_id.not_in(hidden))

    def entry(at: Any, kind: Any, ref: Any, title: Any, amount: Any, status: Any, contact: Any) -> list[Any]:
        if counting:
            return [kind.label("kind"), func.count().label("n")]
        return [at.label("at"), kind.label("kind"), ref.label("ref"), title.label("title"), amount.label("amount"),
                status.label("status"), contact.label("contact")]

    activity_kinds = sorted(t.value for t in types & ACTIVITY_TYPES)
    if activity_kinds:
        a, link, c = Activity, ActivityLink, Contact
        contact = _contact_name(c) if with_contacts else no_contact
        q = (select(*entry(a.occurred_at, a.kind, a.source_id, a.subject, no_amount, no_status, contact))
             .select_from(link).join(a, a.id == link.activity_id)
             .where(link.organisation_id == organisation_id, a.kind.in_(activity_kinds),
                    bounds.on_timestamp(a.occurred_at)))
        if with_contacts and not counting:
            q = q.outerjoin(c, c.id == link.contact_id)
        parts.append((q.group_by(a.kind) if counting else q, [a.occurred_at.desc(), a.kind, a.source_id]))
    if TimelineType.INVOICE in types:
        i = Invoice
        parts.append((select(*entry(as_timestamp(i.invoice_date), literal("invoice", String(12)), i.id,
                                    func.coalesce(i.number, i.id), i.amount_net, i.status, no_contact))
                      .where(i.organisation_id == organisation_id, bounds.on_date(i.invoice_date),
                             outside(i.project_id)),
                      [i.invoice_date.desc(), i.id]))
    if TimelineType.QUOTE in types:
        q_, c = Quote, Contact
        contact = _contact_name(c) if with_contacts else no_contact
        q = (select(*entry(as_timestamp(q_.quote_date), literal("quote", String(12)), q_.id,
                           func.coalesce(q_.number, q_.id), q_.amount_net, q_.status, contact))
             .where(q_.organisation_id == organisation_id, bounds.on_date(q_.quote_date)))
        if with_contacts and not counting:
            q = q.outerjoin(c, c.id == q_.contact_id)
        parts.append((q, [q_.quote_date.desc(), q_.id]))
    if TimelineType.TICKET in types:
        t, c = Ticket, Contact
        contact = _contact_name(c) if with_contacts else no_contact
        title = func.coalesce(t.subject, t.number, t.id)
        q = (select(*entry(t.opened_at, literal("ticket", String(12)), t.id, title, no_amount, t.status, contact))
             .where(t.organisation_id == organisation_id, bounds.on_timestamp(t.opened_at)))
        if with_contacts and not counting:
            q = q.outerjoin(c, c.id == t.contact_id)
        parts.append((q, [t.opened_at.desc(), t.id]))
    if TimelineType.DOCUMENT in types:
        d = Document
        q = (select(*entry(d.created_at, literal("document", String(12)), d.id, d.folder + "/" + d.filename,
                           no_amount, no_status, no_contact))
             .where(d.organisation_id == organisation_id, outside(d.project_id), _document_dates(bounds),
                    d.external.is_(True) if user.is_external else true()))
        parts.append((q, [d.created_at.desc().nulls_last(), d.id]))
    return parts


def _document_dates(bounds: _Bounds) -> ColumnElement[bool]:
    d = Document
    dated = bounds.on_timestamp(d.created_at)
    return dated if bounds.dated_only else or_(d.created_at.is_(None), dated)


def _hidden_parts(organisation_id: str, types: frozenset[TimelineType], bounds: _Bounds,
                  user: CurrentUser) -> list[Select[Any]]:
    """Per type that hangs at projects (invoices, documents): `kind` and the count of its rows at hidden projects
    (a range of the project index per hidden project: few, however many rows the organisation has)."""
    hidden = policy.hidden_projects(user)
    if hidden is None:
        return []
    parts: list[Select[Any]] = []
    if TimelineType.INVOICE in types:
        i = Invoice
        parts.append(select(literal("invoice", String(12)).label("kind"), func.count().label("n"))
                     .where(i.project_id.in_(hidden), i.organisation_id == organisation_id,
                            bounds.on_date(i.invoice_date)))
    if TimelineType.DOCUMENT in types:
        d = Document
        parts.append(select(literal("document", String(12)).label("kind"), func.count().label("n"))
                     .where(d.project_id.in_(hidden), d.organisation_id == organisation_id, _document_dates(bounds),
                            d.external.is_(True) if user.is_external else true()))
    return parts


def _bounds(flt: TimelineFilter, as_of: date) -> _Bounds:
    last = min(flt.until, as_of) if flt.until else as_of
    return _Bounds(flt.since, last, dated_only=flt.since is not None or flt.until is not None)


def _counts(conn: Connection, organisation_id: str, types: frozenset[TimelineType], bounds: _Bounds,
            user: CurrentUser) -> dict[TimelineType, int]:
    """Per type its entries in the range: one aggregated row per part (all rows, less those at hidden projects)."""
    counts = dict.fromkeys(sorted(types, key=list(TimelineType).index), 0)
    parts = [p for p, _ in _parts(organisation_id, types, bounds, user, with_contacts=False, counting=True)]
    if not parts:
        return counts
    minus = _hidden_parts(organisation_id, types, bounds, user)
    for sign, selects in ((1, parts), (-1, minus)):
        if selects:
            for kind, n in conn.execute(union_all(*selects)):
                if kind in set(TimelineType):
                    counts[TimelineType(kind)] += sign * int(n)
    return counts


def _entries(conn: Connection, organisation_id: str, types: frozenset[TimelineType], bounds: _Bounds,
             user: CurrentUser, limit: int, offset: int) -> list[RecordEntry]:
    parts = _parts(organisation_id, types, bounds, user, with_contacts=not user.is_external, counting=False)
    if not parts:
        return []
    newest = offset + limit
    u = union_all(*[select(p.order_by(*order).limit(newest).subquery()) for p, order in parts]).subquery()
    rows = conn.execute(select(u).order_by(u.c.at.desc().nulls_last(), u.c.kind, u.c.ref)
                        .offset(offset).limit(limit)).all()
    return [RecordEntry(r.at, r.kind, r.ref, r.title, None if r.amount is None else float(r.amount), r.status,
                        r.contact or None) for r in rows]


def timeline_page(engine: Engine, user: CurrentUser, organisation_id: str, as_of: date | None = None,
                  flt: TimelineFilter | None = None, *, limit: int = 25, offset: int = 0) -> TimelinePage:
    """One page of the organisation's timeline up to D with the filter, newest first, and the counts per type.

    NotFound (audited) for an organisation the user may not see; chosen types the user may not read are dropped.
    """
    as_of = as_of or date.today()
    flt = flt or TimelineFilter()
    limit, offset = max(1, min(int(limit), MAX_PAGE)), max(0, int(offset))
    with engine.connect() as conn:
        g = visible_record(engine, conn, user, organisation_id)
        readable = readable_types(g)
        chosen = frozenset(readable) if flt.types is None else flt.types & frozenset(readable)
        bounds = _bounds(flt, as_of)
        empty_range = bounds.since is not None and bounds.since > bounds.last
        counts = dict.fromkeys(readable, 0) if empty_range else _counts(
            conn, organisation_id, frozenset(readable), bounds, g.user)
        entries = [] if empty_range else _entries(conn, organisation_id, chosen, bounds, g.user, limit + 1, offset)
        shown = TimelineFilter(None if flt.types is None else chosen, flt.since, flt.until)
        return TimelinePage(entries[:limit], counts, readable, shown, len(entries) > limit, g.readable())


__all__ = ["ACTIVITY_TYPES", "MAX_PAGE", "TYPE_AREAS", "RecordEntry", "TimelineFilter", "TimelinePage",
           "TimelineType", "offered_types", "readable_types", "timeline_page"]
