"""The interchange tables' columns (spec/interchange.md, in its order) and a deterministic CSV writer."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": (
        "id", "name", "parent_id", "vat_id", "street", "postcode", "city", "country", "phone", "email_domains",
        "website", "relationship_mode", "fixed_roles", "revenue_potential", "revenue_potential_updated_at",
        "key_account_manager_id", "deputy_id", "vip", "sla_hours", "service_note", "standard_project_id",
        "created_at",
    ),
    "contacts": ("id", "organisation_id", "first_name", "last_name", "function", "email", "phone", "mobile",
                 "reports_to_id", "created_at"),
    "agents": ("id", "name", "email", "phone_extension", "team", "role", "active"),
    "invoices": ("id", "organisation_id", "number", "invoice_date", "due_date", "amount_net", "amount_gross",
                 "currency", "status", "dunning_level", "paid_date", "project_id"),
    "incoming_invoices": ("id", "organisation_id", "number", "invoice_date", "amount_net", "status"),
    "purchase_orders": ("id", "organisation_id", "order_date", "amount_net", "status"),
    "quotes": ("id", "organisation_id", "contact_id", "number", "quote_date", "valid_until", "amount_net",
               "status", "decided_at", "opportunity_id", "agent_id"),
    "opportunities": ("id", "organisation_id", "name", "target_value", "created_at", "closed_at", "agent_id"),
    "opportunity_status_changes": ("opportunity_id", "changed_at", "status", "probability"),
    "projects": ("id", "organisation_id", "name", "kind", "status", "start_date", "end_date", "budget",
                 "revenue", "cost", "restricted_team", "standard"),
    "time_entries": ("id", "agent_id", "entry_date", "hours", "organisation_id", "project_id", "ticket_id",
                     "billable", "note"),
    "tickets": ("id", "organisation_id", "contact_id", "number", "subject", "status", "priority", "opened_at",
                "first_response_at", "closed_at", "sla_hours", "agent_id"),
    "activities": ("id", "kind", "occurred_at", "direction", "agent_id", "contact_id", "organisation_id",
                   "from_address", "to_address", "phone_number", "subject", "duration_minutes", "due_at",
                   "done", "importance"),
    "documents": ("id", "organisation_id", "contact_id", "project_id", "folder", "filename", "version",
                  "created_at", "created_by", "size_bytes", "external"),
    "supplier_ratings": ("organisation_id", "rated_at", "time", "quality", "cost", "agent_id", "note"),
}

#: the required (bold) columns of every table
REQUIRED: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name"),
    "contacts": ("id", "organisation_id", "last_name"),
    "agents": ("id", "name"),
    "invoices": ("id", "organisation_id", "invoice_date", "amount_net", "status"),
    "incoming_invoices": ("id", "organisation_id", "invoice_date", "amount_net"),
    "purchase_orders": ("id", "organisation_id", "order_date"),
    "quotes": ("id", "organisation_id", "quote_date", "amount_net", "status"),
    "opportunities": ("id", "organisation_id", "target_value", "created_at"),
    "opportunity_status_changes": ("opportunity_id", "changed_at", "status"),
    "projects": ("id", "organisation_id", "kind", "status"),
    "time_entries": ("id", "agent_id", "entry_date", "hours"),
    "tickets": ("id", "organisation_id", "status", "opened_at"),
    "activities": ("id", "kind", "occurred_at"),
    "documents": ("id", "organisation_id", "folder", "filename"),
    "supplier_ratings": ("organisation_id", "rated_at", "time", "quality", "cost"),
}

CALLS_COLUMNS: tuple[str, ...] = ("id", "occurred_at", "direction", "caller_number", "callee_number", "agent_id",
                                  "duration_minutes")

Row = Mapping[str, Any]


def cell(value: Any) -> str:
    """One CSV cell as the interchange format writes it (ISO dates, `.` decimals, true/false, empty = null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, columns: Iterable[str], rows: Iterable[Row]) -> int:
    """Write rows (in the given order) with a header; returns the number of rows written."""
    columns = tuple(columns)
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow([cell(row.get(c)) for c in columns])
            n += 1
    return n


def write_table(folder: Path, table: str, rows: Iterable[Row]) -> int:
    """Write `<table>.csv` into folder with the interchange columns."""
    return write_csv(folder / f"{table}.csv", COLUMNS[table], rows)
