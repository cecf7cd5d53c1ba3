"""The caller look-up for the phone system: number -> contact, organisation, key account manager.

Apart from the inbound listings, and on core.tables (SQLAlchemy Core), so that `kundenakte caller`, asked
on every ring, loads neither pandas, the inbound readers, the ORM nor pydantic (command-line contract,
`caller`; tests/kundenakte/cli/test_startup.py keeps it so).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, and_, func, select

from core.errors import InvalidInput
from core.tables import agents, contacts, organisations, phone_region, tickets
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
        region = phone_region(conn)
        e164 = normalise_number(number, region)
        if e164 is None:
            raise InvalidInput(f"not a phone number: {number!r}")
        outcome = match_number(conn, e164, region)
        if not outcome.landings:
            return CallerInfo(number=e164, reason=outcome.reason)
        landing = outcome.landings[0]
        manager = agents.alias("kam")
        o, c, t, kam = organisations.c, contacts.c, tickets.c, manager.c
        open_tickets = (select(func.count()).select_from(tickets)
                        .where(t.organisation_id == o.id, t.status == "open")
                        .scalar_subquery())
        row = conn.execute(
            select(o.name, o.key_account_manager_id, o.deputy_id, o.vip, kam.name, open_tickets, c.first_name,
                   c.last_name)
            .select_from(organisations)
            .outerjoin(manager, kam.id == o.key_account_manager_id)
            .outerjoin(contacts, and_(c.id == landing.contact_id, c.organisation_id == o.id))
            .where(o.id == landing.organisation_id, policy.organisation_clause(g, o.id))
        ).first()
        if row is None:  # an organisation the user may not see answers as an unknown number
            return CallerInfo(number=e164, reason=InboxReason.NO_MATCH)
    contact_name = " ".join(p for p in (row[6], row[7]) if p) or None
    return CallerInfo(
        number=e164, contact_id=landing.contact_id, organisation_id=landing.organisation_id,
        key_account_manager_id=row[1], deputy_id=row[2], vip=bool(row[3]), open_tickets=int(row[5]),
        contact_name=contact_name, organisation_name=row[0], key_account_manager_name=row[4],
    )


__all__ = ["CallerInfo", "lookup_caller"]
