"""Activities (mail, calls, appointments, notes, tasks), where they landed, and the inbox.

An activity is one trace, identified by (source, source_id): an imported row by
its id, a mail by its Message-ID, a call by its calls.csv id, an appointment by
its UID (plus `/YYYY-MM-DD` per occurrence). It lands at zero or more
organisations (`activity_links`); one that lands nowhere waits in `inbox_items`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, Key, OrgId, fk


class Activity(Base):
    """One trace of contact with the outside world, or an internal note or task."""

    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_activities_source"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    #: `import` (activities.csv / REST), `email`, `call` or `calendar`
    source: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(12))
    occurred_at: Mapped[datetime]
    direction: Mapped[str | None] = mapped_column(String(3))
    agent_id: Mapped[str | None] = mapped_column(Key)
    from_address: Mapped[str | None] = mapped_column(Text)
    to_address: Mapped[str | None] = mapped_column(Text)
    phone_number: Mapped[str | None] = mapped_column(String(80))
    subject: Mapped[str | None] = mapped_column(Text)
    duration_minutes: Mapped[float | None]
    due_at: Mapped[datetime | None]
    done: Mapped[bool | None]
    importance: Mapped[str | None] = mapped_column(String(8))
    #: the organisation and contact named in the source row (imported activities)
    organisation_id: Mapped[str | None] = mapped_column(OrgId)
    contact_id: Mapped[str | None] = mapped_column(Key)


Index("ix_activities_occurred", Activity.occurred_at)
Index("ix_activities_agent_occurred", Activity.agent_id, Activity.occurred_at)


class ActivityLink(Base):
    """An activity landed at an organisation (and, where known, at a contact there)."""

    __tablename__ = "activity_links"

    activity_id: Mapped[int] = mapped_column(
        fk("activities.id"), primary_key=True
    )
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), primary_key=True)
    contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"), index=True)
    #: `source` (named in the row), `contact`, `domain`, `number`, `learned`, `manual`
    matched_by: Mapped[str] = mapped_column(String(10))


Index("ix_activity_links_org", ActivityLink.organisation_id, ActivityLink.activity_id)


class InboxItem(Base):
    """An activity that matched nothing or ambiguously, waiting to be assigned by hand."""

    __tablename__ = "inbox_items"

    activity_id: Mapped[int] = mapped_column(fk("activities.id"), primary_key=True)
    #: the address or number that did not match (the first one of the trace)
    address: Mapped[str | None] = mapped_column(String(320))
    #: `no_match`, `freemail`, `ambiguous_domain`, `ambiguous_number`
    reason: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]


class LearnedMapping(Base):
    """An address or E.164 number assigned by hand: its next trace lands by itself."""

    __tablename__ = "learned_mappings"

    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"))
    contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"))
    created_at: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(String(64))


class InboundFile(Base):
    """A raw inbound file already read (path and content hash), for incremental runs."""

    __tablename__ = "inbound_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    read_at: Mapped[datetime]
    traces: Mapped[int] = mapped_column(default=0)
