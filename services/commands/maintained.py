"""Maintained aggregates beside `relationship_starts`, recomputed from the facts after every import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    true,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from analytics.invoice_months import (
    invoice_months_select,
    invoice_running_totals_select,
    month_calendar,
    months_between,
    not_cancelled,
    window_sums_to_cache,
)
from analytics.period import Window
from analytics.prospect_spans import COLUMNS as SPAN_COLUMNS
from analytics.prospect_spans import prospect_spans_select
from analytics.relationships import latest_changes_select
from core.db import is_postgres
from core.schema import Invoice, InvoiceMonth, InvoiceRunningTotal, InvoiceWindow, InvoiceWindowSum
from core.schema.admin import OpportunityLatestStatus, ProspectSpan
from core.touched import TOUCHED_TABLE, any_touched, touched_ids, touched_months, wholly_touched


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
    """Recompute `invoice_months` and `invoice_running_totals` in full (a DELETE and an INSERT ... SELECT each)
    and empty the cached window sums.

    Call it after any change to outgoing invoices, in the same transaction.
    """
    conn.execute(delete(InvoiceWindowSum))
    conn.execute(delete(InvoiceWindow))
    conn.execute(delete(InvoiceMonth))
    conn.execute(insert(InvoiceMonth).from_select(["organisation_id", "month", "revenue", "invoices"],
                                                  invoice_months_select()))
    _analyze(conn, "invoice_months")
    conn.execute(delete(InvoiceRunningTotal))
    first, last = conn.execute(select(func.min(InvoiceMonth.month), func.max(InvoiceMonth.month))).one()
    if first is not None:
        totals = invoice_running_totals_select(months_between(first, last)).subquery("totals")
        # written month by month: a window's two months are then two runs of pages, not rows on every page
        conn.execute(insert(InvoiceRunningTotal).from_select(
            RUNNING_COLUMNS, select(totals).order_by(totals.c.month, totals.c.organisation_id)))
    _analyze(conn, "invoice_running_totals")


RUNNING_COLUMNS = ["organisation_id", "month", "revenue", "invoices"]


def _refresh_running_totals(conn: Connection, orgs: Select) -> None:
    """The running totals of the organisations `orgs` recomputed from their months, up to the horizon (the
    greatest month held, which only grows); grown, every other organisation's run is carried up to it."""
    r, m = InvoiceRunningTotal, InvoiceMonth
    held = conn.execute(select(func.max(r.month))).scalar()
    first, newest = conn.execute(select(func.min(m.month), func.max(m.month)).where(m.organisation_id.in_(orgs))).one()
    conn.execute(delete(r).where(r.organisation_id.in_(orgs)))
    if first is None:
        return
    horizon = max(x for x in (held, newest) if x is not None)
    conn.execute(insert(r).from_select(RUNNING_COLUMNS, invoice_running_totals_select(
        months_between(first, horizon), orgs)))
    if held is not None and horizon > held:
        calendar = month_calendar(months_between(held, horizon)[1:], "later")
        carried = (select(r.organisation_id, calendar.c.month, r.revenue, r.invoices)
                   .select_from(r).join(calendar, true())
                   .where(r.month == held, r.organisation_id.not_in(orgs)))
        conn.execute(insert(r).from_select(RUNNING_COLUMNS, carried))


def refresh_touched_invoice_months(conn: Connection) -> str:
    """Bring `invoice_months`, the running totals and the cached window sums up to date with what this import
    did to `invoices`: nothing touched, nothing to do; loaded whole, rebuilt in full; else the touched months
    recomputed from their own invoices (by the organisation and date index: a big organisation's other months
    are not read), the touched organisations' running totals from their months. Returns what it did: "none",
    "full" or "incremental". Call it in the import's transaction, after the load.
    """
    fact = "invoices"
    if not any_touched(conn, fact):
        return "none"
    if wholly_touched(conn, fact):
        refresh_invoice_months(conn)
        return "full"
    _analyze(conn, TOUCHED_TABLE)  # a temporary table has no statistics: the planner would guess its size
    months = touched_months(fact).subquery("touched")
    m, i = InvoiceMonth, Invoice
    conn.execute(delete(m).where(exists().where(months.c.organisation_id == m.organisation_id,
                                                months.c.month == m.month)))
    recomputed = (select(i.organisation_id, months.c.month, func.sum(i.amount_net), func.count())
                  .select_from(months.join(i, and_(i.organisation_id == months.c.organisation_id,
                                                   i.invoice_date >= months.c.month,
                                                   i.invoice_date < months.c.next_month)))
                  .where(not_cancelled()).group_by(i.organisation_id, months.c.month))
    conn.execute(insert(m).from_select(["organisation_id", "month", "revenue", "invoices"], recomputed))
    orgs = touched_ids(fact)
    _refresh_running_totals(conn, orgs)
    windows = conn.execute(select(InvoiceWindow.first, InvoiceWindow.last)).all()
    for first, last in windows:
        w = Window(first, last)
        conn.execute(delete(InvoiceWindowSum).where(InvoiceWindowSum.first == first, InvoiceWindowSum.last == last,
                                                    InvoiceWindowSum.organisation_id.in_(orgs)))
        _fill_window_sums(conn, w, orgs)
    return "incremental"


#: the maintained tables an import rewrites, in part or whole
AGGREGATES = ("invoice_months", "invoice_running_totals", "invoice_window_sums", "relationship_starts",
              "account_numbers", "opportunity_latest_status", "prospect_spans", "organisation_domains")


def vacuum_after_import(engine: Engine, tables: Sequence[str]) -> None:
    """PostgreSQL, after an import committed: VACUUM (ANALYZE) the tables it changed and the maintained
    tables. A merge leaves the pages it wrote not all-visible, so until a vacuum every index-only scan
    (the window sums, the edges) reads the table too, and a table refilled without fresh statistics gets
    plans for the size it had (the customers' list: minutes instead of 2 s). Autovacuum may be off, and
    would not come for a delta this small against tables this big. Pages left all-visible are skipped, so
    this costs about what the import changed."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in dict.fromkeys((*tables, *AGGREGATES)):
            conn.execute(text(f'VACUUM (ANALYZE) "{table}"'))


def _analyze(conn: Connection, table: str) -> None:
    """PostgreSQL: fresh statistics for a table just refilled, so the planner does not join on a stale row count
    (a cached window it believes empty would be nested-looped against every organisation)."""
    if is_postgres(conn):
        conn.execute(text(f"ANALYZE {table}"))


def _fill_window_sums(conn: Connection, w: Window, ids: Select | None = None) -> None:
    """Insert the cached sums of `w` (of the organisations `ids` only) from the running totals and edge days."""
    conn.execute(insert(InvoiceWindowSum).from_select(
        ["first", "last", "organisation_id", "revenue", "invoices"], window_sums_to_cache(w, ids)))


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
            _fill_window_sums(conn, w)
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
    "refresh_touched_invoice_months",
    "vacuum_after_import",
]
