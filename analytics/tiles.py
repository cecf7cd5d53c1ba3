"""The customer record tiles of one organisation (spec/analytics.md, "The customer record tiles").

Each tile is one aggregate select over one organisation's facts, as of a date D;
nothing but the aggregated row leaves the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Connection, Select, Subquery, and_, func, or_, select, true, union_all

from analytics.period import day_end
from analytics.restricted import outside_projects
from analytics.sqlfuncs import plus_hours
from core.schema import Activity, ActivityLink, Document, Invoice, Organisation, Project, Ticket, TimeEntry
from core.vocabulary import ProjectKind


@dataclass(frozen=True)
class EngagementsTile:
    """Running customer projects and their margin (revenue - cost) / revenue (None without revenue).

    Revenue, cost and margin are None where the caller leaves the money out (`with_money=False`).
    """

    running_projects: int
    revenue: float | None
    cost: float | None
    margin: float | None


@dataclass(frozen=True)
class InvoicesTile:
    """Outgoing invoices open at D: count and net amount; dunned (dunning level > 0): count."""

    open_count: int
    open_amount: float
    dunned_count: int


@dataclass(frozen=True)
class TicketsTile:
    """Tickets open at D; the open ticket whose SLA runs out first, and whether it has run out."""

    open_count: int
    tightest_ticket_id: str | None
    tightest_sla_hours: float | None
    tightest_due_at: datetime | None
    breached: bool


@dataclass(frozen=True)
class HoursTile:
    """Hours logged at the organisation from the first of D's month up to D."""

    month_start: date
    hours: float


@dataclass(frozen=True)
class DocumentsTile:
    """Documents (latest versions: one per folder and file name) created up to D."""

    documents: int


@dataclass(frozen=True)
class LastTouchTile:
    """The most recent activity up to D that landed at the organisation."""

    at: datetime | None
    kind: str | None
    subject: str | None


@dataclass(frozen=True)
class RecordTiles:
    """All tiles of one organisation's record as of `as_of`."""

    organisation_id: str
    as_of: date
    engagements: EngagementsTile
    invoices: InvoicesTile
    tickets: TicketsTile
    hours: HoursTile
    documents: DocumentsTile
    last_touch: LastTouchTile




def engagements(conn: Connection, organisation_id: str, as_of: date, *, hidden_projects: Select | None = None,
                with_money: bool = True) -> EngagementsTile:
    """Running customer projects started on or before D (or without a start date), but for `hidden_projects`."""
    p = Project
    revenue, cost = func.coalesce(func.sum(p.revenue), 0), func.coalesce(func.sum(p.cost), 0)
    row = conn.execute(
        select(func.count(), revenue, cost).where(
            p.organisation_id == organisation_id, p.kind == ProjectKind.CUSTOMER, p.status == "running",
            or_(p.start_date.is_(None), p.start_date <= as_of), outside_projects(p.id, hidden_projects),
        )
    ).one()
    if not with_money:
        return EngagementsTile(int(row[0]), None, None, None)
    rev, cst = float(row[1]), float(row[2])
    return EngagementsTile(int(row[0]), rev, cst, (rev - cst) / rev if rev else None)


def open_invoice_parts(as_of: date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Outgoing invoices open at D as two disjoint conditions, each a range of its own partial index
    (`ix_invoices_open`, `ix_invoices_paid`): still open and dated up to D; paid after D and dated up to D."""
    i = Invoice
    return (and_(i.status == "open", i.invoice_date <= as_of),
            and_(i.status == "paid", i.paid_date > as_of, i.invoice_date <= as_of))


def open_invoice_rows(as_of: date, *conditions: ColumnElement[bool], name: str = "open_rows") -> Subquery:
    """organisation_id, amount_net, dunning_level of the invoices open at D (and `conditions`), read part by part."""
    i = Invoice
    parts = [select(i.organisation_id, i.amount_net, i.dunning_level).where(part, *conditions)
             for part in open_invoice_parts(as_of)]
    return union_all(*parts).subquery(name)


def invoices(conn: Connection, organisation_id: str, as_of: date, *,
             hidden_projects: Select | None = None) -> InvoicesTile:
    """Open invoices at D: count, net amount, and how many of them were dunned (but those of hidden projects)."""
    i = Invoice
    rows = open_invoice_rows(as_of, i.organisation_id == organisation_id,
                             outside_projects(i.project_id, hidden_projects))
    row = conn.execute(
        select(func.count(), func.coalesce(func.sum(rows.c.amount_net), 0),
               func.count().filter(rows.c.dunning_level > 0))
    ).one()
    return InvoicesTile(int(row[0]), float(row[1]), int(row[2]))


def tickets(conn: Connection, organisation_id: str, as_of: date, now: datetime) -> TicketsTile:
    """Tickets open at the moment min(now, end of D); the SLA is the ticket's, else the organisation's."""
    t, o = Ticket, Organisation
    moment = min(now, day_end(as_of))
    is_open = and_(t.opened_at < moment,
                   or_(t.closed_at >= moment, and_(t.closed_at.is_(None), t.status == "open")))
    scope = (t.organisation_id == organisation_id, is_open)
    count = conn.execute(select(func.count()).where(*scope)).scalar_one()
    sla = func.coalesce(t.sla_hours, o.sla_hours)
    due = plus_hours(t.opened_at, sla)
    tightest = conn.execute(
        select(t.id, sla, due).join(o, o.id == t.organisation_id)
        .where(*scope, sla.is_not(None)).order_by(due, t.id).limit(1)
    ).first()
    if tightest is None:
        return TicketsTile(int(count), None, None, None, False)
    due_at: datetime = tightest[2]
    return TicketsTile(int(count), tightest[0], float(tightest[1]), due_at, due_at < moment)


def hours(conn: Connection, organisation_id: str, as_of: date, *, hidden_projects: Select | None = None) -> HoursTile:
    """Hours logged this month (D's month up to D), but on hidden projects."""
    e = TimeEntry
    start = as_of.replace(day=1)
    total = conn.execute(
        select(func.coalesce(func.sum(e.hours), 0))
        .where(e.organisation_id == organisation_id, e.entry_date >= start, e.entry_date <= as_of,
               outside_projects(e.project_id, hidden_projects))
    ).scalar_one()
    return HoursTile(start, float(total))


def documents(conn: Connection, organisation_id: str, as_of: date, *, hidden_projects: Select | None = None,
              external_only: bool = False) -> DocumentsTile:
    """Documents counted once per folder and file name, whatever their number of versions (or only `external`)."""
    d = Document
    files = (select(d.folder, d.filename)
             .where(d.organisation_id == organisation_id,
                    or_(d.created_at.is_(None), d.created_at < day_end(as_of)),
                    outside_projects(d.project_id, hidden_projects), d.external.is_(True) if external_only else true())
             .group_by(d.folder, d.filename).subquery())
    return DocumentsTile(int(conn.execute(select(func.count()).select_from(files)).scalar_one()))


def last_touch(conn: Connection, organisation_id: str, as_of: date) -> LastTouchTile:
    """The newest activity at the organisation that happened up to the end of D."""
    a, link = Activity, ActivityLink
    row = conn.execute(
        select(a.occurred_at, a.kind, a.subject).join(link, link.activity_id == a.id)
        .where(link.organisation_id == organisation_id, a.occurred_at < day_end(as_of))
        .order_by(a.occurred_at.desc(), a.id.desc()).limit(1)
    ).first()
    return LastTouchTile(None, None, None) if row is None else LastTouchTile(row[0], row[1], row[2])


def record_tiles(conn: Connection, organisation_id: str, as_of: date, now: datetime | None = None) -> RecordTiles:
    """Every tile of the record; `now` (default: the wall clock) bounds "open" on the current day."""
    now = now or datetime.now()
    return RecordTiles(
        organisation_id=organisation_id,
        as_of=as_of,
        engagements=engagements(conn, organisation_id, as_of),
        invoices=invoices(conn, organisation_id, as_of),
        tickets=tickets(conn, organisation_id, as_of, now),
        hours=hours(conn, organisation_id, as_of),
        documents=documents(conn, organisation_id, as_of),
        last_touch=last_touch(conn, organisation_id, as_of),
    )


__all__ = [
    "DocumentsTile", "EngagementsTile", "HoursTile", "InvoicesTile", "LastTouchTile", "RecordTiles",
    "TicketsTile", "documents", "engagements", "hours", "invoices", "last_touch", "open_invoice_parts",
    "open_invoice_rows", "record_tiles",
    "tickets",
]
