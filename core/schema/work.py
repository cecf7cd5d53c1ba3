"""Projects, time entries, tickets, documents and supplier ratings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, Key, Money, OrgId, fk


class Project(Base):
    """A customer, contractor or internal project; restricted_team limits who sees it."""

    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(Key, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(10))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    budget: Mapped[float | None] = mapped_column(Money)
    revenue: Mapped[float | None] = mapped_column(Money)
    cost: Mapped[float | None] = mapped_column(Money)
    restricted_team: Mapped[str | None] = mapped_column(String(100))
    standard: Mapped[bool] = mapped_column(default=False)


class TimeEntry(Base):
    """Hours an agent logged, at an organisation, project or ticket (no DB foreign keys: a fact table)."""

    __tablename__ = "time_entries"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(Key)
    entry_date: Mapped[date]
    hours: Mapped[float]
    organisation_id: Mapped[str | None] = mapped_column(OrgId)
    project_id: Mapped[str | None] = mapped_column(Key)
    ticket_id: Mapped[str | None] = mapped_column(Key)
    billable: Mapped[bool | None]
    note: Mapped[str | None] = mapped_column(Text)


# Entries are looked up by a project or a ticket, never by "none": those are left out.
Index("ix_time_entries_project_id", TimeEntry.project_id, postgresql_where=TimeEntry.project_id.is_not(None),
      sqlite_where=TimeEntry.project_id.is_not(None))
Index("ix_time_entries_ticket_id", TimeEntry.ticket_id, postgresql_where=TimeEntry.ticket_id.is_not(None),
      sqlite_where=TimeEntry.ticket_id.is_not(None))
Index("ix_time_entries_date_cover", TimeEntry.entry_date, TimeEntry.organisation_id, TimeEntry.hours)
Index("ix_time_entries_agent_date", TimeEntry.agent_id, TimeEntry.entry_date)
Index("ix_time_entries_org_date", TimeEntry.organisation_id, TimeEntry.entry_date)


class Ticket(Base):
    """A service desk ticket with its SLA."""

    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(Key, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    priority: Mapped[str | None] = mapped_column(String(20))
    opened_at: Mapped[datetime]
    first_response_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    sla_hours: Mapped[float | None]
    agent_id: Mapped[str | None] = mapped_column(fk("agents.id"))


class Document(Base):
    """One version of a file in an organisation's folder tree."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"), index=True)
    project_id: Mapped[str | None] = mapped_column(fk("projects.id"))
    folder: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    external: Mapped[bool] = mapped_column(default=False)


class SupplierRating(Base):
    """A rating of a supplier on time, quality and cost (1 poor .. 5 excellent).

    Rows carry no id in the interchange format; the importer derives one from
    (organisation_id, rated_at, agent_id).
    """

    __tablename__ = "supplier_ratings"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"))
    rated_at: Mapped[date]
    time: Mapped[float]
    quality: Mapped[float]
    cost: Mapped[float]
    agent_id: Mapped[str | None] = mapped_column(fk("agents.id"))
    note: Mapped[str | None] = mapped_column(Text)


Index("ix_supplier_ratings_org_date", SupplierRating.organisation_id, SupplierRating.rated_at)
Index("ix_supplier_ratings_date", SupplierRating.rated_at)
