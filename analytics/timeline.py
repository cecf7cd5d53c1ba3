"""Every touch of one organisation, newest first, paged: one UNION ALL select in Core.

Activities (through activity_links), outgoing invoices, quotes, tickets and
documents share the columns `at`, `kind`, `ref`, `title`, `amount`, `status`.
Dated facts (invoices, quotes) sort at midnight of their date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, String, literal, null, or_, select, type_coerce, union_all

from analytics.period import day_end
from analytics.sqlfuncs import as_timestamp
from core.schema import Activity, ActivityLink, Document, Invoice, Quote, Ticket
from core.schema.base import Money


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


def timeline_select(organisation_id: str, as_of: date):  # type: ignore[no-untyped-def]
    """The union of all touches of the organisation up to the end of D (not ordered)."""
    bound = day_end(as_of)
    no_amount = type_coerce(null(), Money)
    no_status = type_coerce(null(), String)
    a, link = Activity, ActivityLink
    activities = (select(a.occurred_at.label("at"), a.kind.label("kind"), a.source_id.label("ref"),
                         a.subject.label("title"), no_amount.label("amount"), no_status.label("status"))
                  .join(link, link.activity_id == a.id)
                  .where(link.organisation_id == organisation_id, a.occurred_at < bound))
    i = Invoice
    invoices = select(as_timestamp(i.invoice_date), _kind("invoice"), i.id, i.number, i.amount_net, i.status).where(
        i.organisation_id == organisation_id, i.invoice_date <= as_of)
    q = Quote
    quotes = select(as_timestamp(q.quote_date), _kind("quote"), q.id, q.number, q.amount_net, q.status).where(
        q.organisation_id == organisation_id, q.quote_date <= as_of)
    t = Ticket
    tickets = select(t.opened_at, _kind("ticket"), t.id, t.subject, no_amount, t.status).where(
        t.organisation_id == organisation_id, t.opened_at < bound)
    d = Document
    documents = select(d.created_at, _kind("document"), d.id, d.folder + "/" + d.filename, no_amount,
                       no_status).where(d.organisation_id == organisation_id,
                                        or_(d.created_at.is_(None), d.created_at < bound))
    return union_all(activities, invoices, quotes, tickets, documents)


def timeline(conn: Connection, organisation_id: str, as_of: date, *, limit: int = 50,
             offset: int = 0) -> list[TimelineEntry]:
    """One page of the organisation's touches up to D, newest first (undated documents last)."""
    u = timeline_select(organisation_id, as_of).subquery()
    rows = conn.execute(
        select(u).order_by(u.c.at.desc().nulls_last(), u.c.kind, u.c.ref).offset(offset).limit(limit)
    ).all()
    return [TimelineEntry(r.at, r.kind, r.ref, r.title, None if r.amount is None else float(r.amount), r.status)
            for r in rows]


__all__ = ["TimelineEntry", "timeline", "timeline_select"]
