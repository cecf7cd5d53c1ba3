"""Relationships and account numbers per organisation at a date, as a user may see them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.period import as_of_date
from analytics.relationships import ROLES, relationships
from services.abc import Bind, connected, visible_ids
from services.users import CurrentUser

#: the columns of `kundenakte relationships` (spec/analytics.md, command-line contract)
RELATIONSHIP_COLUMNS = ["organisation_id", *ROLES, "customer_number", "supplier_number"]


def relationship_report(bind: Bind, user: CurrentUser, as_of: date | None = None) -> pd.DataFrame:
    """One row per visible organisation: prospect, customer, supplier and the numbers valid at D."""
    with connected(bind) as conn:
        frame = relationships(conn, as_of_date(as_of))
        seen = visible_ids(conn, user)
    if seen is not None:
        frame = frame.loc[frame["organisation_id"].isin(seen)].reset_index(drop=True)
    return frame[RELATIONSHIP_COLUMNS]


__all__ = ["RELATIONSHIP_COLUMNS", "relationship_report"]
