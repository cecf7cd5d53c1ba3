"""The caller look-up for the phone system: number -> contact, organisation, key account manager.

Apart from the inbound listings so that `kundenakte caller`, asked on every ring, loads neither pandas
nor the inbound readers (command-line contract, `caller`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, and_, func, select
from sqlalchemy.orm import aliased

from core.businessconfig import load_config
from core.errors import InvalidInput
from core.schema import Agent, Contact, Organisation, Ticket
from core.vocabulary import Area, InboxReason
from etl.match import match_number
from etl.phone import normalise_number
from services import policy
from services.users import CurrentUser


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


__all__ = ["CallerInfo", "lookup_caller"]
