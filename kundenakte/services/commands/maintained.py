"""Maintained aggregates beside `relationship_starts`, recomputed from the facts after every import."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert

from analytics.relationships import latest_changes_select
from kundenakte.schema.admin import OpportunityLatestStatus


def refresh_opportunity_latest_status(conn: Connection) -> None:
    """Recompute `opportunity_latest_status` in full (one DELETE, one INSERT ... SELECT).

    Call it after any change to opportunity status changes, in the same transaction.
    """
    conn.execute(delete(OpportunityLatestStatus))
    conn.execute(insert(OpportunityLatestStatus).from_select(
        ["opportunity_id", "changed_at", "status", "probability"], latest_changes_select()))


__all__ = ["refresh_opportunity_latest_status"]
