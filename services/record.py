"""The customer record of one organisation as a user may see it: list line, master data, contacts, tiles, timeline.

Each part belongs to an information area (spec/analytics.md, "Security"); a part of an area the
user may not read is left out (None, or absent from the timeline), never filled with zeros. What
hangs at a project the user may not see (hours, documents, invoices and so margin) is not counted.
An external user sees their own contact, the tickets, project hours and `external` documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Engine, select

from analytics import tiles as T
from analytics.timeline import TimelineEntry, TimelineKind, timeline
from core.errors import NotFound
from core.schema import Contact, Organisation
from core.vocabulary import Area
from services import policy
from services.listing import ROW_FIELDS, OrganisationRow, require_list, row_of, scoped_list
from services.policy import Grants
from services.users import CurrentUser


@dataclass(frozen=True)
class ContactRow:
    """A person at the organisation, as shown on the record."""

    id: str
    first_name: str | None
    last_name: str
    function: str | None
    email: str | None
    #: as written in the source, and in E.164 for dialling
    phone: str | None
    mobile: str | None
    phone_e164: str | None = None
    mobile_e164: str | None = None
    reports_to_id: str | None = None


@dataclass(frozen=True)
class OrganisationDetail:
    """Master data shown at the head of the record."""

    street: str | None
    postcode: str | None
    #: as written in the source (`+49 (0)6151 123-45`), and in E.164 for dialling
    phone: str | None
    phone_e164: str | None
    website: str | None
    vip: bool
    #: the organisation's SLA (service area; None where the user may not read it)
    sla_hours: float | None
    #: the note for the service desk (internal users only)
    service_note: str | None


@dataclass(frozen=True)
class VisibleTiles:
    """The record tiles of spec/analytics.md, each None where the user may not read its area."""

    organisation_id: str
    as_of: date
    engagements: T.EngagementsTile | None
    invoices: T.InvoicesTile | None
    tickets: T.TicketsTile | None
    hours: T.HoursTile | None
    documents: T.DocumentsTile | None
    last_touch: T.LastTouchTile | None


@dataclass(frozen=True)
class OrganisationRecord:
    """The customer record of one organisation as of a date, as far as the user may see it."""

    as_of: date
    summary: OrganisationRow
    detail: OrganisationDetail
    contacts: list[ContactRow]
    tiles: VisibleTiles
    timeline: list[TimelineEntry]
    #: the information areas the user may read (the dashboard shows only their parts)
    areas: frozenset[Area]


#: the timeline's kinds per area
TIMELINE_AREAS: dict[TimelineKind, Area] = {
    TimelineKind.ACTIVITY: Area.ACTIVITIES, TimelineKind.INVOICE: Area.BILLING, TimelineKind.QUOTE: Area.PIPELINE,
    TimelineKind.TICKET: Area.SERVICE, TimelineKind.DOCUMENT: Area.DOCUMENTS,
}


def visible_record(engine: Engine, conn: Connection, user: CurrentUser, organisation_id: str) -> Grants:
    """The user's grants, if they may read master data and see the organisation; else an audited refusal."""
    g = require_list(engine, conn, user)
    policy.may_see_organisation(engine, conn, g, organisation_id)
    return g



def _tiles(conn: Connection, g: Grants, organisation_id: str, as_of: date, now: datetime) -> VisibleTiles:
    hidden = policy.hidden_projects(g.user)
    external = g.user.is_external
    engagements = None
    if g.reads(Area.PROJECTS) and not external:
        engagements = T.engagements(conn, organisation_id, as_of, hidden_projects=hidden,
                                    with_money=g.reads(Area.BILLING))
    return VisibleTiles(
        organisation_id=organisation_id,
        as_of=as_of,
        engagements=engagements,
        invoices=T.invoices(conn, organisation_id, as_of, hidden_projects=hidden) if g.reads(Area.BILLING) else None,
        tickets=T.tickets(conn, organisation_id, as_of, now) if g.reads(Area.SERVICE) else None,
        hours=T.hours(conn, organisation_id, as_of, hidden_projects=hidden) if g.reads(Area.PROJECTS) else None,
        documents=(T.documents(conn, organisation_id, as_of, hidden_projects=hidden, external_only=external)
                   if g.reads(Area.DOCUMENTS) else None),
        last_touch=T.last_touch(conn, organisation_id, as_of) if g.reads(Area.ACTIVITIES) else None,
    )


def _timeline(conn: Connection, g: Grants, organisation_id: str, as_of: date, limit: int,
              offset: int) -> list[TimelineEntry]:
    kinds = frozenset(kind for kind, area in TIMELINE_AREAS.items() if g.reads(area))
    if not kinds or limit <= 0:
        return []
    return timeline(conn, organisation_id, as_of, limit=min(limit, 1000), offset=max(offset, 0), kinds=kinds,
                    hidden_projects=policy.hidden_projects(g.user), external_documents_only=g.user.is_external)


def _contacts(conn: Connection, g: Grants, organisation_id: str) -> list[ContactRow]:
    c = Contact
    query = (select(c.id, c.first_name, c.last_name, c.function, c.email, c.phone, c.mobile, c.phone_e164,
                    c.mobile_e164, c.reports_to_id)
             .where(c.organisation_id == organisation_id).order_by(c.last_name, c.first_name, c.id))
    if g.user.is_external:  # their own contact only, never other people's data
        query = query.where(c.id == g.user.contact_id)
    return [ContactRow(*r) for r in conn.execute(query)]


def organisation_record(engine: Engine, user: CurrentUser, organisation_id: str, as_of: date | None = None, *,
                        timeline_limit: int = 50, timeline_offset: int = 0,
                        now: datetime | None = None) -> OrganisationRecord:
    """The record: list line, master data, contacts, tiles and one page of the timeline; NotFound if not visible."""
    as_of = as_of or date.today()
    o = Organisation
    with engine.connect() as conn:
        g = visible_record(engine, conn, user, organisation_id)
        summary = conn.execute(scoped_list(g, as_of, ROW_FIELDS, {}, ids=[organisation_id])).first()
        if summary is None:
            raise NotFound(f"organisation {organisation_id!r}")
        d = conn.execute(select(o.street, o.postcode, o.phone, o.phone_e164, o.website, o.vip, o.sla_hours,
                                o.service_note).where(o.id == organisation_id)).one()
        return OrganisationRecord(
            as_of=as_of,
            summary=row_of(summary),
            detail=OrganisationDetail(d.street, d.postcode, d.phone, d.phone_e164, d.website, bool(d.vip),
                                      d.sla_hours if g.reads(Area.SERVICE) else None,
                                      None if g.user.is_external else d.service_note),
            contacts=_contacts(conn, g, organisation_id),
            tiles=_tiles(conn, g, organisation_id, as_of, now or datetime.now()),
            timeline=_timeline(conn, g, organisation_id, as_of, timeline_limit, timeline_offset),
            areas=g.readable(),
        )


def organisation_timeline(engine: Engine, user: CurrentUser, organisation_id: str, as_of: date | None = None, *,
                          limit: int = 50, offset: int = 0) -> list[TimelineEntry]:
    """One page of the record's timeline (for "more" in the dashboard and the API); NotFound if not visible."""
    with engine.connect() as conn:
        g = visible_record(engine, conn, user, organisation_id)
        return _timeline(conn, g, organisation_id, as_of or date.today(), limit, offset)


__all__ = [
    "TIMELINE_AREAS", "ContactRow", "OrganisationDetail", "OrganisationRecord", "VisibleTiles",
    "organisation_record", "organisation_timeline", "visible_record",
]
