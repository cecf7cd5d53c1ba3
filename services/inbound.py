"""Inbound traces as a user sees them: reading a folder, the activity list, the inbox (the caller look-up: caller.py).

spec/interchange.md ("Assignment of inbound traces", "Bad input") and the
command-line contract's `inbound`, `activities` and `inbox`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from core.errors import InvalidInput
from core.schema import Activity, ActivityLink, InboxItem
from core.vocabulary import ActivityKind, Area, Level
from etl.inbound import InboundReport, read_inbound_folder
from services import policy
from services.caller import CallerInfo, lookup_caller
from services.policy import Grants
from services.users import CurrentUser

ACTIVITY_COLUMNS = ["source_id", "kind", "occurred_at", "organisation_id", "contact_id", "direction", "subject",
                    "agent_id", "matched_by", "source", "activity_id"]
INBOX_COLUMNS = ["source_id", "kind", "address", "reason", "occurred_at", "subject", "source", "activity_id"]


def _activities(engine: Engine, user: CurrentUser, level: Level = Level.READ) -> Grants:
    """The grants of a user who may read (or edit) activities; else an audited Forbidden (externals never may)."""
    return policy.ensure(engine, user, Area.ACTIVITIES, level)


def read_inbound(engine: Engine, user: CurrentUser, path: Path) -> InboundReport:
    """Read a folder (or one file) of raw inbound files; unreadable ones come back in `.skipped`."""
    _activities(engine, user, Level.EDIT)
    if not path.exists():
        raise InvalidInput(f"no such file or folder: {path}")
    return read_inbound_folder(engine, path)


def list_activities(engine: Engine, user: CurrentUser, organisation_id: str | None = None,
                    kind: ActivityKind | None = None) -> pd.DataFrame:
    """One row per activity and organisation it landed at (visible organisations only), newest first."""
    g = _activities(engine, user)
    if kind is not None and kind not in tuple(ActivityKind):
        raise InvalidInput(f"unknown kind '{kind}' (one of {', '.join(ActivityKind)})")
    query = (
        select(Activity.source_id, Activity.kind, Activity.occurred_at, ActivityLink.organisation_id,
               ActivityLink.contact_id, Activity.direction, Activity.subject, Activity.agent_id,
               ActivityLink.matched_by, Activity.source, Activity.id.label("activity_id"))
        .join(ActivityLink, ActivityLink.activity_id == Activity.id)
        .where(policy.organisation_clause(g, ActivityLink.organisation_id))
        .order_by(Activity.occurred_at.desc(), Activity.id, ActivityLink.organisation_id)
    )
    if organisation_id is not None:
        query = query.where(ActivityLink.organisation_id == organisation_id)
    if kind is not None:
        query = query.where(Activity.kind == kind)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=ACTIVITY_COLUMNS)


def list_inbox(engine: Engine, user: CurrentUser) -> pd.DataFrame:
    """What waits unassigned: source_id, kind, address, reason (oldest first)."""
    _activities(engine, user)
    query = (
        select(Activity.source_id, Activity.kind, InboxItem.address, InboxItem.reason, Activity.occurred_at,
               Activity.subject, Activity.source, Activity.id)
        .join(InboxItem, InboxItem.activity_id == Activity.id)
        .order_by(Activity.occurred_at, Activity.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=INBOX_COLUMNS)


__all__ = ["ACTIVITY_COLUMNS", "INBOX_COLUMNS", "CallerInfo", "list_activities", "list_inbox", "lookup_caller",
           "read_inbound"]
