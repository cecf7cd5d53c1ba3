"""Sales: quotes, opportunities, their status history, and the status -> probability table."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, Key, Money, fk


class Quote(Base):
    """A quote to an organisation; decided_at is the date of acceptance or rejection."""

    __tablename__ = "quotes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"))
    contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(64))
    quote_date: Mapped[date]
    valid_until: Mapped[date | None]
    amount_net: Mapped[float] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(10))
    decided_at: Mapped[date | None]
    opportunity_id: Mapped[str | None] = mapped_column(fk("opportunities.id"))
    agent_id: Mapped[str | None] = mapped_column(fk("agents.id"))


# Covers "open sales case at D" per organisation (date, decision, expiry) without touching the table.
Index("ix_quotes_org_date", Quote.organisation_id, Quote.quote_date, Quote.decided_at, Quote.valid_until)
Index("ix_quotes_date", Quote.quote_date)


class Opportunity(Base):
    """A sales opportunity; its value is target_value x probability of its latest status."""

    __tablename__ = "opportunities"

    id: Mapped[str] = mapped_column(Key, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(fk("organisations.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    target_value: Mapped[float] = mapped_column(Money)
    created_at: Mapped[date]
    closed_at: Mapped[date | None]
    agent_id: Mapped[str | None] = mapped_column(fk("agents.id"))


class OpportunityStatusChange(Base):
    """One entry of an opportunity's status history.

    The interchange format gives these rows no id of their own; the importer
    derives one from (opportunity_id, changed_at, status) so re-imports upsert.
    """

    __tablename__ = "opportunity_status_changes"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    opportunity_id: Mapped[str] = mapped_column(fk("opportunities.id"))
    changed_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(60))
    #: percent; None = the status's default probability from `opportunity_statuses`
    probability: Mapped[float | None]


# The latest change on or before D is the first entry of a backward range (id breaks ties, no sort),
# its status read from the index itself.
Index("ix_opportunity_status_changes_opp_at", OpportunityStatusChange.opportunity_id,
      OpportunityStatusChange.changed_at, OpportunityStatusChange.id, OpportunityStatusChange.status)


class OpportunityStatus(Base):
    """Configuration: a status, its default probability and whether it ends the opportunity."""

    __tablename__ = "opportunity_statuses"

    status: Mapped[str] = mapped_column(String(60), primary_key=True)
    probability: Mapped[float]
    #: `open`, `won` or `rejected`
    outcome: Mapped[str] = mapped_column(String(10), default="open")
    position: Mapped[int] = mapped_column(default=0)
