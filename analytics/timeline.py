"""Every touch of one organisation, newest first, paged: one UNION ALL select in Core.

Activities (through activity_links), outgoing invoices, quotes, tickets and
documents share the columns `at`, `kind`, `ref`, `title`, `amount`, `status`.
Dated facts (invoices, quotes) sort at midnight of their date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    String,
    cast,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)

from analytics.period import day_end
from analytics.restricted import outside_projects
from analytics.sqlfuncs import as_timestamp
from core.schema import Activity, ActivityLink, Document, Invoice, Quote, Ticket
from core.schema.base import Money

#: the columns every part of the union shares
ENTRY_COLUMNS = ("at", "kind", "ref", "title", "amount", "status")


class TimelineKind(StrEnum):
    """The sources of the timeline (an activity's own kind, email, call ..., is the entry's `kind`)."""

    ACTIVITY = "activity"
    INVOICE = "invoice"
    QUOTE = "quote"
    TICKET = "ticket"
    DOCUMENT = "document"


@dataclass(frozen=True)
class TimelineEntry:
    """One touch: when, what kind, its id in the source, a title, an amount and a status where they apply."""

    at: datetime | None
    kind: str
    ref: str
    title: str | None
    amount: float | None
    status: str | None


def _kind(name: str):  # type: ignore[no-untyped-def]
    return literal(name, String(12))


def _entry(*columns: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    """A part's columns under the timeline's names, whichever part comes first in the union."""
    return [c.label(name) for c, name in zip(columns, ENTRY_COLUMNS, strict=True)]




def _newest(part: Select, order: list[ColumnElement[Any]], n: int | None) -> Select:
    """The part, or with `n` only its n newest rows in the timeline's order (a backward range of its index)."""
    return part if n is None else select(part.order_by(*order).limit(n).subquery())


def timeline_select(organisation_id: str, as_of: date, kinds: Iterable[TimelineKind] = tuple(TimelineKind), *,
                    hidden_projects: Select | None = None, external_documents_only: bool = False,
                    newest: int | None = None) -> CompoundSelect:
    """The union of the touches of `kinds` up to the end of D (not ordered), without what hangs at a hidden project.

    `newest`: each part brings only its `newest` newest rows, enough for any page ending there: an
    organisation with a hundred thousand invoices costs a page, not a sort of them all.
    """
    bound = day_end(as_of)
    # typed NULLs in SQL too: PostgreSQL reads an untyped NULL as text when its part comes first in the union
    no_amount = cast(null(), Money)
    no_status = cast(null(), String)
    a, link = Activity, ActivityLink
    activities = (select(*_entry(a.occurred_at, a.kind, a.source_id, a.subject, no_amount, no_status))
                  .join(link, link.activity_id == a.id)
                  .where(link.organisation_id == organisation_id, a.occurred_at < bound))
    i = Invoice
    invoices = select(*_entry(as_timestamp(i.invoice_date), _kind("invoice"), i.id, i.number, i.amount_net,
                              i.status)).where(i.organisation_id == organisation_id, i.invoice_date <= as_of,
                                               outside_projects(i.project_id, hidden_projects))
    q = Quote
    quotes = select(*_entry(as_timestamp(q.quote_date), _kind("quote"), q.id, q.number, q.amount_net,
                            q.status)).where(q.organisation_id == organisation_id, q.quote_date <= as_of)
    t = Ticket
    tickets = select(*_entry(t.opened_at, _kind("ticket"), t.id, t.subject, no_amount, t.status)).where(
        t.organisation_id == organisation_id, t.opened_at < bound)
    d = Document
    documents = select(*_entry(d.created_at, _kind("document"), d.id, d.folder + "/" + d.filename, no_amount,
                               no_status)).where(d.organisation_id == organisation_id,
                                                 or_(d.created_at.is_(None), d.created_at < bound),
                                                 outside_projects(d.project_id, hidden_projects),
                                                 d.external.is_(True) if external_documents_only else true())
    # each part's order is the timeline's (at desc, empty last; kind; ref) restricted to that part
    parts = {
        TimelineKind.ACTIVITY: _newest(activities, [a.occurred_at.desc(), a.kind, a.source_id], newest),
        TimelineKind.INVOICE: _newest(invoices, [i.invoice_date.desc(), i.id], newest),
        TimelineKind.QUOTE: _newest(quotes, [q.quote_date.desc(), q.id], newest),
        TimelineKind.TICKET: _newest(tickets, [t.opened_at.desc(), t.id], newest),
        TimelineKind.DOCUMENT: _newest(documents, [d.created_at.desc().nulls_last(), d.id], newest),
    }
    return union_all(*[parts[k] for k in TimelineKind if k in set(kinds)])


def timeline(conn: Connection, organisation_id: str, as_of: date, *, limit: int = 50, offset: int = 0,
             kinds: Iterable[TimelineKind] = tuple(TimelineKind), hidden_projects: Select | None = None,
             external_documents_only: bool = False) -> list[TimelineEntry]:
    """One page of the organisation's touches of `kinds` up to D, newest first (undated documents last)."""
    kinds = tuple(kinds)
    if not kinds:
        return []
    u = timeline_select(organisation_id, as_of, kinds, hidden_projects=hidden_projects,
                        external_documents_only=external_documents_only, newest=offset + limit).subquery()
    rows = conn.execute(
        select(u).order_by(u.c.at.desc().nulls_last(), u.c.kind, u.c.ref).offset(offset).limit(limit)
    ).all()
    return [TimelineEntry(r.at, r.kind, r.ref, r.title, None if r.amount is None else float(r.amount), r.status)
            for r in rows]


__all__ = ["TimelineEntry", "TimelineKind", "timeline", "timeline_select"]
