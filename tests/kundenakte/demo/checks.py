"""Checks of an interchange CSV folder against spec/interchange.md, written independently of the generator."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

#: the tables and their columns as spec/interchange.md lists them (bold = required, first tuple)
SPEC: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "organisations": (("id", "name"), (
        "parent_id", "vat_id", "street", "postcode", "city", "country", "phone", "email_domains", "website",
        "relationship_mode", "fixed_roles", "revenue_potential", "revenue_potential_updated_at",
        "key_account_manager_id", "deputy_id", "vip", "sla_hours", "service_note", "standard_project_id",
        "created_at")),
    "contacts": (("id", "organisation_id", "last_name"), (
        "first_name", "function", "email", "phone", "mobile", "reports_to_id", "created_at")),
    "agents": (("id", "name"), ("email", "phone_extension", "team", "role", "active")),
    "invoices": (("id", "organisation_id", "invoice_date", "amount_net", "status"), (
        "number", "due_date", "amount_gross", "currency", "dunning_level", "paid_date", "project_id")),
    "incoming_invoices": (("id", "organisation_id", "invoice_date", "amount_net"), ("number", "status")),
    "purchase_orders": (("id", "organisation_id", "order_date"), ("amount_net", "status")),
    "quotes": (("id", "organisation_id", "quote_date", "amount_net", "status"), (
        "contact_id", "number", "valid_until", "decided_at", "opportunity_id", "agent_id")),
    "opportunities": (("id", "organisation_id", "target_value", "created_at"), ("name", "closed_at", "agent_id")),
    "opportunity_status_changes": (("opportunity_id", "changed_at", "status"), ("probability",)),
    "projects": (("id", "organisation_id", "kind", "status"), (
        "name", "start_date", "end_date", "budget", "revenue", "cost", "restricted_team", "standard")),
    "time_entries": (("id", "agent_id", "entry_date", "hours"), (
        "organisation_id", "project_id", "ticket_id", "billable", "note")),
    "tickets": (("id", "organisation_id", "status", "opened_at"), (
        "contact_id", "number", "subject", "priority", "first_response_at", "closed_at", "sla_hours", "agent_id")),
    "activities": (("id", "kind", "occurred_at"), (
        "direction", "agent_id", "contact_id", "organisation_id", "from_address", "to_address", "phone_number",
        "subject", "duration_minutes", "due_at", "done", "importance")),
    "documents": (("id", "organisation_id", "folder", "filename"), (
        "contact_id", "project_id", "version", "created_at", "created_by", "size_bytes", "external")),
    "supplier_ratings": (("organisation_id", "rated_at", "time", "quality", "cost"), ("agent_id", "note")),
}

ENUMS: dict[tuple[str, str], set[str]] = {
    ("organisations", "relationship_mode"): {"auto", "fixed"},
    ("invoices", "status"): {"open", "paid", "cancelled"},
    ("incoming_invoices", "status"): {"open", "paid", "cancelled"},
    ("purchase_orders", "status"): {"open", "delivered", "cancelled"},
    ("quotes", "status"): {"open", "accepted", "rejected"},
    ("projects", "kind"): {"customer", "contractor", "internal"},
    ("projects", "status"): {"planned", "running", "closed"},
    ("tickets", "status"): {"open", "closed"},
    ("activities", "kind"): {"email", "call", "appointment", "note", "task"},
    ("activities", "direction"): {"in", "out"},
    ("activities", "importance"): {"low", "normal", "high"},
    ("opportunity_status_changes", "status"): {"New", "Standard quote", "Negotiation", "Won", "Rejected"},
    ("supplier_ratings", "time"): {"1", "2", "3", "4", "5"},
    ("supplier_ratings", "quality"): {"1", "2", "3", "4", "5"},
    ("supplier_ratings", "cost"): {"1", "2", "3", "4", "5"},
}
BOOLEANS = {("organisations", "vip"), ("agents", "active"), ("projects", "standard"), ("time_entries", "billable"),
            ("activities", "done"), ("documents", "external")}
DATES = {("organisations", "revenue_potential_updated_at"), ("invoices", "invoice_date"), ("invoices", "due_date"),
         ("invoices", "paid_date"), ("incoming_invoices", "invoice_date"), ("purchase_orders", "order_date"),
         ("quotes", "quote_date"), ("quotes", "valid_until"), ("quotes", "decided_at"),
         ("opportunities", "created_at"), ("opportunities", "closed_at"), ("projects", "start_date"),
         ("projects", "end_date"), ("time_entries", "entry_date"), ("supplier_ratings", "rated_at")}
TIMESTAMPS = {("organisations", "created_at"), ("contacts", "created_at"), ("opportunity_status_changes", "changed_at"),
              ("tickets", "opened_at"), ("tickets", "first_response_at"), ("tickets", "closed_at"),
              ("activities", "occurred_at"), ("activities", "due_at"), ("documents", "created_at")}
NUMBERS = {("organisations", "revenue_potential"), ("organisations", "sla_hours"), ("invoices", "amount_net"),
           ("invoices", "amount_gross"), ("invoices", "dunning_level"), ("incoming_invoices", "amount_net"),
           ("purchase_orders", "amount_net"), ("quotes", "amount_net"), ("opportunities", "target_value"),
           ("opportunity_status_changes", "probability"), ("projects", "budget"), ("projects", "revenue"),
           ("projects", "cost"), ("time_entries", "hours"), ("tickets", "sla_hours"),
           ("activities", "duration_minutes"), ("documents", "version"), ("documents", "size_bytes")}
#: (table, column) -> referenced table (by id)
REFERENCES: dict[tuple[str, str], str] = {
    ("organisations", "parent_id"): "organisations", ("organisations", "key_account_manager_id"): "agents",
    ("organisations", "deputy_id"): "agents", ("organisations", "standard_project_id"): "projects",
    ("contacts", "organisation_id"): "organisations", ("contacts", "reports_to_id"): "contacts",
    ("invoices", "organisation_id"): "organisations", ("invoices", "project_id"): "projects",
    ("incoming_invoices", "organisation_id"): "organisations", ("purchase_orders", "organisation_id"): "organisations",
    ("quotes", "organisation_id"): "organisations", ("quotes", "contact_id"): "contacts",
    ("quotes", "opportunity_id"): "opportunities", ("quotes", "agent_id"): "agents",
    ("opportunities", "organisation_id"): "organisations", ("opportunities", "agent_id"): "agents",
    ("opportunity_status_changes", "opportunity_id"): "opportunities",
    ("projects", "organisation_id"): "organisations",
    ("time_entries", "agent_id"): "agents", ("time_entries", "organisation_id"): "organisations",
    ("time_entries", "project_id"): "projects", ("time_entries", "ticket_id"): "tickets",
    ("tickets", "organisation_id"): "organisations", ("tickets", "contact_id"): "contacts",
    ("tickets", "agent_id"): "agents",
    ("activities", "agent_id"): "agents", ("activities", "contact_id"): "contacts",
    ("activities", "organisation_id"): "organisations",
    ("documents", "organisation_id"): "organisations", ("documents", "contact_id"): "contacts",
    ("documents", "project_id"): "projects", ("documents", "created_by"): "agents",
    ("supplier_ratings", "organisation_id"): "organisations", ("supplier_ratings", "agent_id"): "agents",
}

Table = list[dict[str, str]]


def read_folder(folder: Path) -> dict[str, Table]:
    """Every `<table>.csv` of the folder as lists of text rows (empty cell = "")."""
    out: dict[str, Table] = {}
    for name in SPEC:
        path = folder / f"{name}.csv"
        if path.exists():
            with open(path, newline="", encoding="utf-8") as fh:
                out[name] = list(csv.DictReader(fh))
    return out


def header(folder: Path, table: str) -> list[str]:
    with open(folder / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))


def problems(folder: Path, tables: dict[str, Table], today: date) -> list[str]:
    """Everything in the folder that breaks the interchange rules (empty list = valid)."""
    found: list[str] = []
    ids = {name: {r["id"] for r in rows} for name, rows in tables.items() if name in SPEC and "id" in SPEC[name][0]}
    for name, rows in tables.items():
        required, optional = SPEC[name]
        cols = header(folder, name)
        missing = [c for c in required + optional if c not in cols]
        if missing:
            found.append(f"{name}: columns missing {missing}")
            continue
        if "id" in required and len(ids[name]) != len(rows):
            found.append(f"{name}: duplicate ids")
        for i, row in enumerate(rows, start=2):
            found.extend(_row_problems(name, i, row, required, ids, today))
            if len(found) > 20:
                return found
    return found


def _row_problems(name: str, line: int, row: dict[str, str], required: tuple[str, ...],
                  ids: dict[str, set[str]], today: date) -> list[str]:
    out = []
    for col in required:
        if row[col] == "":
            out.append(f"{name}:{line}: required {col} empty")
    for col, value in row.items():
        if value == "":
            continue
        key = (name, col)
        try:
            if key in ENUMS and value not in ENUMS[key]:
                out.append(f"{name}:{line}: {col}={value!r} not one of {sorted(ENUMS[key])}")
            elif key in BOOLEANS and value not in ("true", "false"):
                out.append(f"{name}:{line}: {col}={value!r} not a boolean")
            elif key in DATES and len(value) != 10:
                out.append(f"{name}:{line}: {col}={value!r} not YYYY-MM-DD")
            elif key in DATES:
                date.fromisoformat(value)
            elif key in TIMESTAMPS:
                datetime.fromisoformat(value)
            elif key in NUMBERS:
                float(value)
        except ValueError:
            out.append(f"{name}:{line}: {col}={value!r} does not parse")
        if key in REFERENCES and value not in ids.get(REFERENCES[key], set()):
            out.append(f"{name}:{line}: {col}={value!r} refers to no {REFERENCES[key]} row")
    roles = set(row.get("fixed_roles", "").split(";")) - {""}
    if name == "organisations" and not roles <= {"prospect", "customer", "supplier"}:
        out.append(f"{name}:{line}: fixed_roles {row['fixed_roles']!r}")
    for col in ("invoice_date", "order_date", "quote_date", "entry_date", "rated_at"):
        if row.get(col) and date.fromisoformat(row[col]) > today:
            out.append(f"{name}:{line}: {col} {row[col]} after today")
    return out
