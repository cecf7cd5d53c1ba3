"""The reporting schema: the one module that defines tables (SQLAlchemy 2, typed)."""

from core.schema.access import ApiToken, Permission, RoleScope, User
from core.schema.activities import Activity, ActivityLink, InboundFile, InboxItem, LearnedMapping
from core.schema.admin import AccountNumber, AuditLogEntry, ConfigEntry, ImportLogEntry
from core.schema.base import Base
from core.schema.billing import (
    IncomingInvoice,
    Invoice,
    InvoiceMonth,
    InvoiceRunningTotal,
    InvoiceWindow,
    InvoiceWindowSum,
    PurchaseOrder,
)
from core.schema.master import Agent, Contact, Organisation, OrganisationDomain
from core.schema.ranks import AbcRank, AbcRankRun
from core.schema.sales import Opportunity, OpportunityStatus, OpportunityStatusChange, Quote
from core.schema.work import Document, Project, SupplierRating, Ticket, TimeEntry

metadata = Base.metadata

__all__ = [
    "AbcRank",
    "AbcRankRun",
    "AccountNumber",
    "Activity",
    "ActivityLink",
    "Agent",
    "ApiToken",
    "AuditLogEntry",
    "Base",
    "ConfigEntry",
    "Contact",
    "Document",
    "ImportLogEntry",
    "InboundFile",
    "InboxItem",
    "IncomingInvoice",
    "Invoice",
    "InvoiceMonth",
    "InvoiceRunningTotal",
    "InvoiceWindow",
    "InvoiceWindowSum",
    "LearnedMapping",
    "Opportunity",
    "OpportunityStatus",
    "OpportunityStatusChange",
    "Organisation",
    "OrganisationDomain",
    "Permission",
    "Project",
    "PurchaseOrder",
    "Quote",
    "RoleScope",
    "SupplierRating",
    "Ticket",
    "TimeEntry",
    "User",
    "metadata",
]
