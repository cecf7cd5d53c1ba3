"""GDPR retention (spec/analytics.md, "Retention (GDPR)"): each contact's last trace and who is due for deletion.

Everything is one SQL statement: the traces of all contacts stacked with UNION
ALL, reduced to the latest day per contact, and filtered by the cut-off date
D minus the retention period (calendar months). As of D, only traces on or
before D count, contacts created after D do not exist yet, and contacts already
anonymised are never listed again.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, Exists, Select, and_, exists, func, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from analytics.sqlfuncs import add_months, as_date
from core.businessconfig import load_config
from core.errors import InvalidInput
from core.frames import TEXT
from core.schema import Activity, ActivityLink, Contact, Document, Quote, Ticket, TimeEntry


def cutoff(as_of: date, retention_months: int) -> date:
    """D minus the retention period in calendar months; a last trace before this day is due."""
    if retention_months < 0:
        raise InvalidInput(f"retention period must not be negative: {retention_months} months")
    return add_months(as_of, -retention_months)


def _end_of(day: date) -> datetime:
    """The first instant after `day`: timestamps are compared with `< end_of(D)`, never with a date."""
    return datetime.combine(day + timedelta(days=1), time())


def traces(as_of: date) -> Select[tuple[str, date]]:
    """`contact_id, day`: every trace of every contact on or before D (one row per trace)."""
    end = _end_of(as_of)
    parts = [
        select(Contact.id.label("contact_id"), as_date(Contact.created_at).label("day"))
        .where(Contact.created_at < end),
        select(ActivityLink.contact_id, as_date(Activity.occurred_at))
        .join(Activity, Activity.id == ActivityLink.activity_id)
        .where(ActivityLink.contact_id.is_not(None), Activity.occurred_at < end),
        select(Activity.contact_id, as_date(Activity.occurred_at))
        .where(Activity.contact_id.is_not(None), Activity.occurred_at < end),
        select(Ticket.contact_id, as_date(Ticket.opened_at))
        .where(Ticket.contact_id.is_not(None), Ticket.opened_at < end),
        select(Ticket.contact_id, as_date(Ticket.closed_at))
        .where(Ticket.contact_id.is_not(None), Ticket.closed_at < end),
        select(Quote.contact_id, as_date(Quote.quote_date))
        .where(Quote.contact_id.is_not(None), Quote.quote_date <= as_of),
        select(Document.contact_id, as_date(Document.created_at))
        .where(Document.contact_id.is_not(None), Document.created_at < end),
        select(Ticket.contact_id, as_date(TimeEntry.entry_date))
        .join(Ticket, Ticket.id == TimeEntry.ticket_id)
        .where(Ticket.contact_id.is_not(None), TimeEntry.entry_date <= as_of),
    ]
    return union_all(*parts)  # type: ignore[return-value]


def open_ticket_at(as_of: date, contact_id: ColumnElement[str]) -> Exists:
    """EXISTS: the contact has a ticket opened on or before D and not closed on or before D.

    A ticket counts as closed by D when closed_at lies on or before D, or when its
    status is `closed` without a closing time.
    """
    end = _end_of(as_of)
    return exists().where(
        Ticket.contact_id == contact_id,
        Ticket.opened_at < end,
        or_(Ticket.closed_at >= end, and_(Ticket.closed_at.is_(None), Ticket.status != "closed")),
    )


def last_trace_query(as_of: date) -> Select[tuple[str, date | None]]:
    """`contact_id, last_trace` for every contact that exists at D and is not anonymised (null: no trace)."""
    stacked = traces(as_of).subquery("traces")
    last = (select(stacked.c.contact_id, func.max(stacked.c.day).label("last_trace"))
            .group_by(stacked.c.contact_id).subquery("last"))
    return (select(Contact.id.label("contact_id"), last.c.last_trace)
            .select_from(Contact.__table__.outerjoin(last, last.c.contact_id == Contact.id))
            .where(Contact.anonymised_at.is_(None),
                   or_(Contact.created_at.is_(None), Contact.created_at < _end_of(as_of))))


def due_query(as_of: date, retention_months: int) -> Select[tuple[str, date | None]]:
    """`contact_id, last_trace`: contacts due for deletion at D, by contact id.

    Due: the last trace lies before D minus the retention period, or there is no
    trace at all; never with a ticket still open at D.
    """
    last = last_trace_query(as_of).subquery("last_traces")
    return (select(last.c.contact_id, last.c.last_trace)
            .where(or_(last.c.last_trace.is_(None), last.c.last_trace < cutoff(as_of, retention_months)),
                   ~open_ticket_at(as_of, last.c.contact_id))
            .order_by(last.c.contact_id))


def due_contacts(conn: Connection, as_of: date | None = None, retention_months: int | None = None) -> pd.DataFrame:
    """The contacts due for deletion at D: `contact_id`, `last_trace` (a date, missing when none).

    The retention period defaults to BusinessConfig.retention_months (24).
    """
    as_of = as_of or datetime.now().date()
    months = retention_months if retention_months is not None else load_config(conn).retention_months
    rows = conn.execute(due_query(as_of, months)).all()
    return pd.DataFrame({"contact_id": pd.Series([r[0] for r in rows], dtype=TEXT),
                         "last_trace": pd.Series([r[1] for r in rows], dtype="object")})


__all__ = ["cutoff", "due_contacts", "due_query", "last_trace_query", "open_ticket_at", "traces"]
