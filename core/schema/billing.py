"""Billing and purchasing facts: outgoing invoices, incoming invoices, purchase orders.

The fact tables carry no database foreign keys: the importer checks every
reference itself (with file, row and column in the error), and a bulk COPY
without FK triggers is what keeps a ten-million-row load fast.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, Key, Money, OrgId, covering_index


class Invoice(Base):
    """An outgoing invoice; a negative amount_net is a credit note."""

    __tablename__ = "invoices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(OrgId)
    number: Mapped[str | None] = mapped_column(String(64))
    invoice_date: Mapped[date]
    due_date: Mapped[date | None]
    amount_net: Mapped[float] = mapped_column(Money)
    amount_gross: Mapped[float | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))
    dunning_level: Mapped[int] = mapped_column(SmallInteger, default=0)
    paid_date: Mapped[date | None]
    project_id: Mapped[str | None] = mapped_column(Key)


# Only invoices of a project are ever looked up by project: the index leaves the others out.
Index("ix_invoices_project_id", Invoice.project_id, postgresql_where=Invoice.project_id.is_not(None),
      sqlite_where=Invoice.project_id.is_not(None))
# Covering indexes for the window aggregates (date range -> org, amount, status) and
# for per-organisation look-ups (record tiles, relationship start; also covering, so the
# relationship probes and SQLite's per-organisation aggregate stay index-only).
covering_index("ix_invoices_date_cover", [Invoice.invoice_date, Invoice.organisation_id],
               [Invoice.amount_net, Invoice.status])
covering_index("ix_invoices_org_date", [Invoice.organisation_id, Invoice.invoice_date],
               [Invoice.amount_net, Invoice.status])


class IncomingInvoice(Base):
    """An invoice a supplier sent us."""

    __tablename__ = "incoming_invoices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(OrgId)
    number: Mapped[str | None] = mapped_column(String(64))
    invoice_date: Mapped[date]
    amount_net: Mapped[float] = mapped_column(Money)
    status: Mapped[str | None] = mapped_column(String(10))


Index("ix_incoming_invoices_date_cover", IncomingInvoice.invoice_date,
      IncomingInvoice.organisation_id, IncomingInvoice.amount_net, IncomingInvoice.status)
Index("ix_incoming_invoices_org_date", IncomingInvoice.organisation_id, IncomingInvoice.invoice_date)


class PurchaseOrder(Base):
    """An order we placed with a supplier."""

    __tablename__ = "purchase_orders"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(OrgId)
    order_date: Mapped[date]
    amount_net: Mapped[float | None] = mapped_column(Money)
    status: Mapped[str | None] = mapped_column(String(10))


Index("ix_purchase_orders_org_date", PurchaseOrder.organisation_id, PurchaseOrder.order_date)
