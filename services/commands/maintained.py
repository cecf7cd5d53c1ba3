"""Maintained aggregates beside `relationship_starts`, recomputed from the facts after every import."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert

from analytics.prospect_spans import COLUMNS as SPAN_COLUMNS
from analytics.prospect_spans import prospect_spans_select
from analytics.relationships import latest_changes_select
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


__all__ = ["refresh_opportunity_latest_status", "refresh_prospect_spans"]
