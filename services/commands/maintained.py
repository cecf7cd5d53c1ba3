"""Maintained aggregates beside `relationship_starts`, recomputed from the facts after every import."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, delete, exists, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from analytics.invoice_months import invoice_months_select, window_sums_to_cache
from analytics.period import Window
from analytics.prospect_spans import COLUMNS as SPAN_COLUMNS
from analytics.prospect_spans import prospect_spans_select
from analytics.relationships import latest_changes_select
from core.db import is_postgres
from core.schema import InvoiceMonth, InvoiceWindow, InvoiceWindowSum
from core.schema.admin import OpportunityLatestStatus, ProspectSpan


def refresh_opportunity_latest_status(conn: Connection) -> None:
    """Recompute `opportunity_latest_status` in full (one DELETE, one INSERT ... SELECT).

    Call it after any change to opportunity status changes, in the same transaction.
    """
    conn.execute(delete(OpportunityLatestStatus))
    conn.execute(insert(OpportunityLatestStatus).from_select(
        ["opportunity_id", "changed_at", "status", "probability"], latest_changes_select()))


def refresh_prospect_spans(conn: Connection) -> None:
    """Recompute `prospect_spans` in full (one DELETE, one INSERT ... SELECT).

    Call it after any change to quotes, opportunities, their status changes or the statuses, and
    after `refresh_relationship_starts` (a span ends where the organisation became a customer).
    """
    conn.execute(delete(ProspectSpan))
    conn.execute(insert(ProspectSpan).from_select(SPAN_COLUMNS, prospect_spans_select()))


def refresh_invoice_months(conn: Connection) -> None:
    """Recompute `invoice_months` in full (one DELETE, one INSERT ... SELECT grouped by organisation and month)
    and empty the cached window sums.

    Call it after any change to outgoing invoices, in the same transaction.
    """
    conn.execute(delete(InvoiceWindowSum))
    conn.execute(delete(InvoiceWindow))
    conn.execute(delete(InvoiceMonth))
    conn.execute(insert(InvoiceMonth).from_select(["organisation_id", "month", "revenue", "invoices"],
                                                  invoice_months_select()))
    _analyze(conn, "invoice_months")


def _analyze(conn: Connection, table: str) -> None:
    """PostgreSQL: fresh statistics for a table just refilled, so the planner does not join on a stale row count
    (a cached window it believes empty would be nested-looped against every organisation)."""
    if is_postgres(conn):
        conn.execute(text(f"ANALYZE {table}"))


#: windows kept in the cache; the oldest filled go first
KEPT_WINDOWS = 8


def ensure_window_sums(engine: Engine, w: Window) -> bool:
    """Make `invoice_window_sums` hold the window `w` (one INSERT ... SELECT in its own transaction, once per
    window between imports); a concurrent request that filled it first wins. False: the database took no
    write (SQLite busy with another writer, a read-only database), so the caller reads the invoices instead."""
    try:
        with engine.connect() as conn:
            held = conn.execute(select(exists().where(InvoiceWindow.first == w.first, InvoiceWindow.last == w.last)))
            if held.scalar():
                return True
        with engine.begin() as conn:
            conn.execute(insert(InvoiceWindow).values(first=w.first, last=w.last, filled_at=datetime.now()))
            conn.execute(insert(InvoiceWindowSum).from_select(
                ["first", "last", "organisation_id", "revenue", "invoices"], window_sums_to_cache(w)))
            old = (select(InvoiceWindow.first, InvoiceWindow.last).order_by(InvoiceWindow.filled_at.desc())
                   .offset(KEPT_WINDOWS))
            for first, last in conn.execute(old).all():
                conn.execute(delete(InvoiceWindowSum).where(InvoiceWindowSum.first == first,
                                                            InvoiceWindowSum.last == last))
                conn.execute(delete(InvoiceWindow).where(InvoiceWindow.first == first, InvoiceWindow.last == last))
            _analyze(conn, "invoice_window_sums")
    except IntegrityError:
        return True  # filled by a concurrent request in the meantime
    except OperationalError:
        return False
    return True


__all__ = [
    "KEPT_WINDOWS",
    "ensure_window_sums",
    "refresh_invoice_months",
    "refresh_opportunity_latest_status",
    "refresh_prospect_spans",
]
