"""Billing and purchasing facts: outgoing invoices, incoming invoices, purchase orders.

The fact tables carry no database foreign keys: the importer checks every
reference itself (with file, row and column in the error), and a bulk COPY
without FK triggers is what keeps a ten-million-row load fast.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Numeric, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, Key, Money, OrgId, covering_index

#: a running total of money: room for the sums of many years
RunningMoney = Numeric(18, 2, asdecimal=False)


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
# "open at D" per organisation (the list's open items, the record's tile): the open ones, and the paid ones
# by payment date (those paid after D were open at D), each a short range of its own partial index
covering_index("ix_invoices_open", [Invoice.organisation_id, Invoice.invoice_date],
               [Invoice.amount_net, Invoice.dunning_level, Invoice.project_id], where=Invoice.status == "open")
covering_index("ix_invoices_paid", [Invoice.organisation_id, Invoice.paid_date],
               [Invoice.invoice_date, Invoice.amount_net, Invoice.dunning_level, Invoice.project_id],
               where=Invoice.status == "paid")


class InvoiceMonth(Base):
    """Per organisation and calendar month: the net sum and count of its non-cancelled outgoing invoices.

    A maintained aggregate, recomputed from `invoices` by every import in its transaction: a window's
    whole months are read here, only its partial months at the edges from the invoices themselves.
    """

    __tablename__ = "invoice_months"

    organisation_id: Mapped[str] = mapped_column(OrgId, primary_key=True)
    #: the first day of the month
    month: Mapped[date] = mapped_column(primary_key=True)
    revenue: Mapped[float] = mapped_column(Money)
    invoices: Mapped[int]


# a window's whole months: month range -> organisation, sum, count without reading the table
covering_index("ix_invoice_months_month", [InvoiceMonth.month, InvoiceMonth.organisation_id],
               [InvoiceMonth.revenue, InvoiceMonth.invoices])


class InvoiceRunningTotal(Base):
    """Per organisation and calendar month: the net sum and count of its non-cancelled outgoing invoices dated
    up to that month's last day (a running total).

    A maintained aggregate beside `invoice_months`, dense: one row for every month from the organisation's
    first invoice month to the greatest month held (the horizon), so the whole months of any window are two
    rows per organisation, the one of its last month less the one before its first, whatever the window's
    length. Every import brings the rows of the organisations it touched up to date.
    """

    __tablename__ = "invoice_running_totals"

    organisation_id: Mapped[str] = mapped_column(OrgId, primary_key=True)
    #: the first day of the month
    month: Mapped[date] = mapped_column(primary_key=True)
    revenue: Mapped[float] = mapped_column(RunningMoney)
    invoices: Mapped[int]


# a month's totals of every organisation without reading the table
covering_index("ix_invoice_running_totals_month", [InvoiceRunningTotal.month, InvoiceRunningTotal.organisation_id],
               [InvoiceRunningTotal.revenue, InvoiceRunningTotal.invoices])


class InvoiceWindow(Base):
    """A window [first, last] whose per-organisation invoice sums `invoice_window_sums` holds (a cache).

    Filled on first demand (the organisation list sorted by revenue asks for the 365 days up to today),
    emptied by every import in its transaction: only the import writes invoices.
    """

    __tablename__ = "invoice_windows"

    first: Mapped[date] = mapped_column(primary_key=True)
    last: Mapped[date] = mapped_column(primary_key=True)
    filled_at: Mapped[datetime]


class InvoiceWindowSum(Base):
    """One organisation's net sum and count of non-cancelled outgoing invoices dated in a cached window."""

    __tablename__ = "invoice_window_sums"

    first: Mapped[date] = mapped_column(primary_key=True)
    last: Mapped[date] = mapped_column(primary_key=True)
    organisation_id: Mapped[str] = mapped_column(OrgId, primary_key=True)
    revenue: Mapped[float] = mapped_column(Money)
    invoices: Mapped[int]


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
