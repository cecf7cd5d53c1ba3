"""Assign an inbound trace by hand, and remember the assignment for its address or number.

spec/interchange.md, "Assignment of inbound traces": "An assignment by hand is
remembered for that address or number, so its next trace lands by itself."
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert, select, update

from core.businessconfig import load_config
from core.errors import InvalidInput, NotFound
from core.schema import Activity, ActivityLink, AuditLogEntry, Contact, InboxItem, LearnedMapping, Organisation
from core.vocabulary import Area, Level
from etl.addresses import normalise_address
from etl.phone import normalise_number
from services import policy
from services.users import CurrentUser


def _mapping_key(address: str | None, region: str) -> str | None:
    """The key a learned mapping is stored under: bare address, E.164, or an odd number as written."""
    if not address:
        return None
    if "@" in address:
        return normalise_address(address)
    return normalise_number(address, region) or address.strip()


def assign_by_hand(engine: Engine, user: CurrentUser, activity_id: int, organisation_id: str,
                   contact_id: str | None = None) -> None:
    """Land an activity at an organisation (and contact), clear its inbox item, learn its address, audit it."""
    policy.checked_id(organisation_id, "organisation id")
    if contact_id is not None:
        policy.checked_id(contact_id, "contact id")
    if isinstance(activity_id, bool) or not isinstance(activity_id, int):
        raise InvalidInput("not a valid activity id")
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ACTIVITIES, Level.EDIT)
        visible = conn.execute(select(Organisation.id).where(
            Organisation.id == organisation_id, policy.organisation_clause(g, Organisation.id))).first()
    if visible is None:
        policy.deny(engine, user, f"organisation {organisation_id!r}", NotFound)
    with engine.begin() as conn:
        activity = conn.execute(select(Activity.source, Activity.source_id).where(Activity.id == activity_id)).first()
        if activity is None:
            raise NotFound(f"no activity {activity_id}")
        if contact_id is not None:
            owner = conn.execute(select(Contact.organisation_id).where(Contact.id == contact_id)).scalar_one_or_none()
            if owner != organisation_id:
                raise InvalidInput(f"contact {contact_id!r} does not belong to organisation {organisation_id!r}")
        address = conn.execute(select(InboxItem.address).where(InboxItem.activity_id == activity_id)).scalar()
        conn.execute(delete(InboxItem).where(InboxItem.activity_id == activity_id))
        link = ActivityLink.activity_id == activity_id, ActivityLink.organisation_id == organisation_id
        if conn.execute(select(ActivityLink.activity_id).where(*link)).first():
            conn.execute(update(ActivityLink).where(*link).values(contact_id=contact_id, matched_by="manual"))
        else:
            conn.execute(insert(ActivityLink).values(activity_id=activity_id, organisation_id=organisation_id,
                                                     contact_id=contact_id, matched_by="manual"))
        key = _mapping_key(address, load_config(conn).phone_region)
        now = datetime.now()
        if key:
            conn.execute(delete(LearnedMapping).where(LearnedMapping.address == key))
            conn.execute(insert(LearnedMapping).values(address=key, organisation_id=organisation_id,
                                                       contact_id=contact_id, created_at=now, created_by=user.id))
        why = f"to organisation {organisation_id}" + (f", contact {contact_id}" if contact_id else "")
        why += f"; remembered {key}" if key else ""
        conn.execute(insert(AuditLogEntry).values(at=now, who=user.id, action="assign_by_hand",
                                                  subject=f"activity {activity.source}:{activity.source_id}"[:200],
                                                  why=why))
