"""Master data: organisations (group trees), contacts (org chart), agents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, Key, Money, OrgId, fk


class Agent(Base):
    """One of our people: sales, service, project staff; `role` is the sign-in role."""

    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(Key, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone_extension: Mapped[str | None] = mapped_column(String(40))
    team: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)


class Organisation(Base):
    """A company we deal with; `parent_id` builds the group tree."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(OrgId, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    parent_id: Mapped[str | None] = mapped_column(fk("organisations.id"), index=True)
    vat_id: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    phone: Mapped[str | None] = mapped_column(String(80))
    #: `phone` in E.164, for exact look-ups.
    phone_e164: Mapped[str | None] = mapped_column(String(32), index=True)
    #: For a switchboard number written with a trailing `-0`: E.164 without that 0;
    #: a number that starts with it and adds a direct-dial extension matches.
    switchboard_prefix: Mapped[str | None] = mapped_column(String(32), index=True)
    email_domains: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    relationship_mode: Mapped[str] = mapped_column(String(10), default="auto")
    fixed_roles: Mapped[str | None] = mapped_column(String(40))
    revenue_potential: Mapped[float | None] = mapped_column(Money)
    revenue_potential_updated_at: Mapped[date | None]
    key_account_manager_id: Mapped[str | None] = mapped_column(fk("agents.id"), index=True)
    deputy_id: Mapped[str | None] = mapped_column(fk("agents.id"))
    vip: Mapped[bool] = mapped_column(default=False)
    sla_hours: Mapped[float | None]
    service_note: Mapped[str | None] = mapped_column(Text)
    #: A project id; no foreign key because projects point back at organisations.
    standard_project_id: Mapped[str | None] = mapped_column(Key)
    created_at: Mapped[datetime | None]


# The few organisations in fixed mode: the relationship queries add them to their candidates by hand.
_FIXED = Organisation.relationship_mode == "fixed"
Index("ix_organisations_fixed", Organisation.id, postgresql_where=_FIXED, sqlite_where=_FIXED)


class OrganisationDomain(Base):
    """One mail domain of an organisation (from email_domains and its contacts' addresses)."""

    __tablename__ = "organisation_domains"

    domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        fk("organisations.id"), primary_key=True, index=True
    )
    #: `listed` (from email_domains) or `contact` (from a contact's address)
    origin: Mapped[str] = mapped_column(String(10), default="listed")


class Contact(Base):
    """A person at an organisation; `reports_to_id` builds the org chart."""

    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(Key, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    #: lower-cased `email`, for case-insensitive matching by index
    email_lower: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(80))
    mobile: Mapped[str | None] = mapped_column(String(80))
    phone_e164: Mapped[str | None] = mapped_column(String(32), index=True)
    mobile_e164: Mapped[str | None] = mapped_column(String(32), index=True)
    reports_to_id: Mapped[str | None] = mapped_column(fk("contacts.id"))
    created_at: Mapped[datetime | None]
    #: set when the person was anonymised under the retention rules
    anonymised_at: Mapped[datetime | None]


Index("ix_contacts_org_name", Contact.organisation_id, Contact.last_name)
