"""Inbound traces as a user sees them: reading a folder, the activity list, the inbox, the caller look-up.

spec/interchange.md ("Assignment of inbound traces", "Bad input") and the
command-line contract's `inbound`, `activities`, `inbox` and `caller`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, and_, func, select
from sqlalchemy.orm import aliased

from core.businessconfig import load_config
from core.errors import InvalidInput
from core.schema import Activity, ActivityLink, Agent, Contact, InboxItem, Organisation, Ticket
from core.vocabulary import ActivityKind, Area, InboxReason, Level
from etl.inbound import InboundReport, read_inbound_folder
from etl.match import match_number
from etl.phone import normalise_number
from services import policy
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


@dataclass(frozen=True)
class CallerInfo:
    """Who is calling, for the phone system: null where unknown (ABC letters are not part of it)."""

    number: str
    contact_id: str | None = None
    organisation_id: str | None = None
    key_account_manager_id: str | None = None
    deputy_id: str | None = None
    vip: bool | None = None
    open_tickets: int | None = None
    contact_name: str | None = None
    organisation_name: str | None = None
    key_account_manager_name: str | None = None
    #: why nothing was found: `no_match` or `ambiguous_number`
    reason: str | None = None


def lookup_caller(engine: Engine, user: CurrentUser, number: str) -> CallerInfo:
    """Contact, organisation and key account manager of a phone number; InvalidInput if it is no number.

    Master data of internal users: an organisation the user may not see answers as an unknown number.
    """
    if user.is_external:
        policy.deny(engine, user, "caller look-up")
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.MASTER_DATA)
        region = load_config(conn).phone_region
        e164 = normalise_number(number, region)
        if e164 is None:
            raise InvalidInput(f"not a phone number: {number!r}")
        outcome = match_number(conn, e164, region)
        if not outcome.landings:
            return CallerInfo(number=e164, reason=outcome.reason)
        landing = outcome.landings[0]
        seen = conn.execute(select(Organisation.id).where(
            Organisation.id == landing.organisation_id, policy.organisation_clause(g, Organisation.id))).first()
        if seen is None:
            return CallerInfo(number=e164, reason=InboxReason.NO_MATCH)
        kam = aliased(Agent)
        open_tickets = (select(func.count()).select_from(Ticket)
                        .where(Ticket.organisation_id == Organisation.id, Ticket.status == "open")
                        .scalar_subquery())
        row = conn.execute(
            select(Organisation.name, Organisation.key_account_manager_id, Organisation.deputy_id,
                   Organisation.vip, kam.name, open_tickets, Contact.first_name, Contact.last_name)
            .outerjoin(kam, kam.id == Organisation.key_account_manager_id)
            .outerjoin(Contact, and_(Contact.id == landing.contact_id, Contact.organisation_id == Organisation.id))
            .where(Organisation.id == landing.organisation_id)
        ).one()
    contact_name = " ".join(p for p in (row[6], row[7]) if p) or None
    return CallerInfo(
        number=e164, contact_id=landing.contact_id, organisation_id=landing.organisation_id,
        key_account_manager_id=row[1], deputy_id=row[2], vip=bool(row[3]), open_tickets=int(row[5]),
        contact_name=contact_name, organisation_name=row[0], key_account_manager_name=row[4],
    )
