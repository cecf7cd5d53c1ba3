"""Relationships with their account numbers, business configuration, import and audit logs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, Key, fk


class AccountNumber(Base):
    """A customer or supplier number, handed out once the relationship exists, never reused.

    `valid_from` is the date the relationship began, so an as-of view before it
    shows no number.
    """

    __tablename__ = "account_numbers"

    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), primary_key=True)
    #: `customer` or `supplier`
    role: Mapped[str] = mapped_column(String(10), primary_key=True)
    number: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[date | None]
    assigned_at: Mapped[datetime]


Index("uq_account_numbers_role_number", AccountNumber.role, AccountNumber.number, unique=True)


class RelationshipStart(Base):
    """Per organisation, the first day it was a customer / supplier in auto mode (a maintained aggregate).

    Once a customer, always a customer: customer at D <=> customer_since <= D.
    Recomputed in full from the facts after every import (assign_account_numbers);
    organisations without any qualifying document have no row.
    """

    __tablename__ = "relationship_starts"

    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), primary_key=True)
    #: first non-cancelled outgoing invoice or start of a `customer` project
    customer_since: Mapped[date | None]
    #: first non-cancelled incoming invoice or purchase order, or start of a `contractor` project
    supplier_since: Mapped[date | None]


class OpportunityLatestStatus(Base):
    """Per opportunity, its latest status change of all (a maintained aggregate, like relationship_starts).

    Recomputed in full after every import. For any D on or after `changed_at` it is the
    opportunity's status at D, so "open at D" needs no look into the history; for an
    earlier D the history is read. Opportunities without a status change have no row.
    """

    __tablename__ = "opportunity_latest_status"

    opportunity_id: Mapped[str] = mapped_column(Key, primary_key=True)
    changed_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(60))
    #: the change's own probability (percent); None = the status's default
    probability: Mapped[float | None]


#: the `until` of a span that has not ended
FOREVER = date(9999, 12, 31)


class ProspectSpan(Base):
    """Per organisation, a maximal period in which its documents make it a prospect (a maintained aggregate).

    An open sales case (quote or opportunity) and no customer yet, as spec/analytics.md,
    "Relationships", defines them: in auto mode the organisation is a prospect at D <=> one of
    its spans has since <= D < until (spans of one organisation never touch; until is FOREVER
    while the case stays open). Recomputed in full after every import, after `relationship_starts`,
    from quotes, opportunities, their status history and the statuses' outcomes: "prospect at D"
    is a range look-up instead of a pass over every sales case.
    """

    __tablename__ = "prospect_spans"

    organisation_id: Mapped[str] = mapped_column(Key, primary_key=True)
    since: Mapped[date] = mapped_column(primary_key=True)
    #: the first day it is no prospect any more (exclusive end)
    until: Mapped[date]


#: the spans not ended by D (few, for a recent D), then those begun by D
Index("ix_prospect_spans_until", ProspectSpan.until, ProspectSpan.since, ProspectSpan.organisation_id)


class ConfigEntry(Base):
    """Business configuration as JSON values (ABC models, windows, ranges, retention...)."""

    __tablename__ = "config"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime | None]


class ImportLogEntry(Base):
    """One run of `kundenakte import` / `inbound` / REST import, refused or loaded."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(Text)
    #: `loaded`, `refused` or `partial` (inbound files skipped)
    status: Mapped[str] = mapped_column(String(10))
    rows: Mapped[object | None] = mapped_column(JSON)
    problems: Mapped[int] = mapped_column(default=0)
    detail: Mapped[str | None] = mapped_column(Text)


class AuditLogEntry(Base):
    """Who did what, when and why: sign-ins and their failures, sign-outs, refused requests, user and
    permission changes, exports, erasures under GDPR, assignments by hand. Append-only: the database
    refuses to change or delete a row (a trigger on both dialects)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    who: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    why: Mapped[str | None] = mapped_column(Text)
    #: the client address of a web request (None for the command line)
    address: Mapped[str | None] = mapped_column(String(64))


Index("ix_audit_log_at", AuditLogEntry.at)
