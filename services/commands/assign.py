"""Assign an inbound trace waiting in the inbox by hand, and remember the assignment for its address or number.

spec/interchange.md, "Assignment of inbound traces": "What lands nowhere stays in an unassigned inbox
[...]. An assignment by hand is remembered for that address or number, so its next trace lands by
itself." So every assignment writes the link (`matched_by = manual`), clears the inbox item and stores
the address (bare, lower-cased) or the number (E.164) in `learned_mappings`, which the matching asks
before anything else. Only what waits in the inbox can be assigned: an activity that already landed
somewhere is not moved by this command (else anyone who may edit activities could pull a trace of an
organisation they may not see onto one they may).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select, update

from core.businessconfig import load_config
from core.errors import InvalidInput, NotFound
from core.schema import Activity, ActivityLink, Contact, InboxItem, LearnedMapping, Organisation
from core.vocabulary import Area, Level
from etl.addresses import normalise_address
from etl.phone import normalise_number
from services import audit, policy
from services.users import CurrentUser

#: the tables an assignment writes (besides its audit entry): what the dashboard's callback declares
ASSIGN_WRITES = frozenset({"inbox_items", "activity_links", "learned_mappings"})


@dataclass(frozen=True)
class Assignment:
    """What an assignment did: where the trace landed, and the address or number remembered (None: none)."""

    activity_id: int
    organisation_id: str
    contact_id: str | None
    remembered: str | None


def _mapping_key(address: str | None, region: str) -> str | None:
    """The key a learned mapping is stored under: bare address, E.164, or an odd number as written."""
    if not address:
        return None
    if "@" in address:
        return normalise_address(address)
    return normalise_number(address, region) or address.strip()


def _checked_activity(activity_id: object) -> int:
    if isinstance(activity_id, bool) or not isinstance(activity_id, int) or not 0 < activity_id < 2**63:
        raise InvalidInput("not a valid activity id")
    return activity_id


def assign_by_hand(engine: Engine, user: CurrentUser, activity_id: int, organisation_id: str | None,
                   contact_id: str | None = None) -> Assignment:
    """Land an inbox item at an organisation (and contact), clear it from the inbox, learn its address, audit it.

    With only `contact_id`, the contact's organisation is the target. Refused (audited): a user who may not
    edit activities (Forbidden), an organisation or contact the user may not see, an activity that does not
    wait in the inbox (NotFound); a contact of another organisation is InvalidInput.
    """
    activity_id = _checked_activity(activity_id)
    if organisation_id is not None:
        policy.checked_id(organisation_id, "organisation id")
    if contact_id is not None:
        policy.checked_id(contact_id, "contact id")
    if organisation_id is None and contact_id is None:
        raise InvalidInput("an organisation or a contact to assign to")
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ACTIVITIES, Level.EDIT)
        owner = None
        if contact_id is not None:
            c = Contact
            owner = conn.execute(select(c.organisation_id).where(
                c.id == contact_id, c.anonymised_at.is_(None),
                policy.organisation_clause(g, c.organisation_id))).scalar_one_or_none()
        target = organisation_id if organisation_id is not None else owner
        visible = target is not None and conn.execute(select(Organisation.id).where(
            Organisation.id == target, policy.organisation_clause(g, Organisation.id))).first() is not None
        waiting = conn.execute(select(InboxItem.address).where(InboxItem.activity_id == activity_id)).first()
        exists = conn.execute(select(Activity.id).where(Activity.id == activity_id)).first() is not None
    if contact_id is not None and owner is None:
        policy.deny(engine, user, f"contact {contact_id!r}", NotFound)
    if not visible or target is None:
        policy.deny(engine, user, f"organisation {target!r}", NotFound)
    if owner is not None and owner != target:
        raise InvalidInput(f"contact {contact_id!r} does not belong to organisation {target!r}")
    if waiting is None:
        policy.deny(engine, user, f"inbox item {activity_id}" if exists else f"activity {activity_id}", NotFound)
    with engine.begin() as conn:
        activity = conn.execute(select(Activity.source, Activity.source_id).where(Activity.id == activity_id)).one()
        # whoever clears the item first assigns it; a second assignment of the same item finds nothing to clear
        if conn.execute(delete(InboxItem).where(InboxItem.activity_id == activity_id)).rowcount == 0:
            raise NotFound(f"inbox item {activity_id}: already assigned")
        link = ActivityLink.activity_id == activity_id, ActivityLink.organisation_id == target
        if conn.execute(select(ActivityLink.activity_id).where(*link)).first():
            conn.execute(update(ActivityLink).where(*link).values(contact_id=contact_id, matched_by="manual"))
        else:
            conn.execute(insert(ActivityLink).values(activity_id=activity_id, organisation_id=target,
                                                     contact_id=contact_id, matched_by="manual"))
        key = _mapping_key(waiting.address, load_config(conn).phone_region)
        if key:
            conn.execute(delete(LearnedMapping).where(LearnedMapping.address == key))
            conn.execute(insert(LearnedMapping).values(address=key, organisation_id=target, contact_id=contact_id,
                                                       created_at=datetime.now(), created_by=user.id[:64]))
        why = f"to organisation {target}" + (f", contact {contact_id}" if contact_id else "")
        why += f"; remembered {key}" if key else ""
        audit.record(conn, user, "assign_by_hand", f"activity {activity.source}:{activity.source_id}", why)
    return Assignment(activity_id, target, contact_id, key)


__all__ = ["ASSIGN_WRITES", "Assignment", "assign_by_hand"]
