"""The reporting schema: the one module that defines tables (SQLAlchemy 2, typed)."""

from kundenakte.schema.activities import Activity, ActivityLink, InboundFile, InboxItem, LearnedMapping
from kundenakte.schema.admin import AccountNumber, AuditLogEntry, ConfigEntry, ImportLogEntry
from kundenakte.schema.base import Base
from kundenakte.schema.billing import IncomingInvoice, Invoice, PurchaseOrder
from kundenakte.schema.master import Agent, Contact, Organisation, OrganisationDomain
from kundenakte.schema.sales import Opportunity, OpportunityStatus, OpportunityStatusChange, Quote
from kundenakte.schema.work import Document, Project, SupplierRating, Ticket, TimeEntry

metadata = Base.metadata

__all__ = [
    "AccountNumber",
    "Activity",
    "ActivityLink",
    "Agent",
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
    "LearnedMapping",
    "Opportunity",
    "OpportunityStatus",
    "OpportunityStatusChange",
    "Organisation",
    "OrganisationDomain",
    "Project",
    "PurchaseOrder",
    "Quote",
    "SupplierRating",
    "Ticket",
    "TimeEntry",
    "metadata",
]
