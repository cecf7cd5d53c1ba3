"""The interchange tables (spec/interchange.md, "Tables"): columns, types, required, enums, references.

Lengths, integer ranges and defaults come from the reporting schema, so the importer refuses
what a database would refuse, with the same message on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import BigInteger, Integer, Numeric, SmallInteger, String, Table

from core.schema import metadata

Kind = Literal["text", "int", "number", "date", "timestamp", "bool", "enum", "set"]

INT_RANGES = {SmallInteger: (-(2**15), 2**15 - 1), Integer: (-(2**31), 2**31 - 1),
              BigInteger: (-(2**63), 2**63 - 1)}


@dataclass(frozen=True)
class Column:
    """One interchange column; `target` is the column it fills in the schema table."""

    name: str
    kind: Kind = "text"
    required: bool = False
    values: tuple[str, ...] = ()
    ref: str | None = None
    target: str = ""
    max_length: int | None = None
    low: float | None = None
    high: float | None = None
    default: str | None = None
    nullable: bool = True


@dataclass(frozen=True)
class TableSpec:
    """One interchange table: its columns, the schema table it loads into, how its id is made."""

    name: str
    columns: tuple[Column, ...]
    target: str
    #: columns whose ISO values, joined by `|`, make the id when the file has no `id` column
    id_from: tuple[str, ...] = ()
    by_name: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update({c.name: c for c in self.columns})

    @property
    def required(self) -> tuple[str, ...]:
        """Columns the file must have."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def references(self) -> tuple[Column, ...]:
        """Columns that name an id of another (or the same) table."""
        return tuple(c for c in self.columns if c.ref)


def _c(name: str, kind: Kind = "text", *, req: bool = False, values: tuple[str, ...] = (), ref: str | None = None,
       low: float | None = None, high: float | None = None) -> Column:
    return Column(name, kind, req, values, ref, low=low, high=high)


ID = _c("id", req=True)
ORG = _c("organisation_id", req=True, ref="organisations")
ORG_OPT = _c("organisation_id", ref="organisations")
CONTACT = _c("contact_id", ref="contacts")
AGENT = _c("agent_id", ref="agents")
PROJECT = _c("project_id", ref="projects")
INVOICE_STATUS = ("open", "paid", "cancelled")
RATING = {"low": 1.0, "high": 5.0}

_RAW: dict[str, tuple[Column, ...]] = {
    "agents": (ID, _c("name", req=True), _c("email"), _c("phone_extension"), _c("team"), _c("role"),
               _c("active", "bool")),
    "organisations": (
        ID, _c("name", req=True), _c("parent_id", ref="organisations"), _c("vat_id"), _c("street"), _c("postcode"),
        _c("city"), _c("country"), _c("phone"), _c("email_domains"), _c("website"),
        _c("relationship_mode", "enum", values=("auto", "fixed")),
        _c("fixed_roles", "set", values=("prospect", "customer", "supplier")),
        _c("revenue_potential", "number"), _c("revenue_potential_updated_at", "date"),
        _c("key_account_manager_id", ref="agents"), _c("deputy_id", ref="agents"), _c("vip", "bool"),
        _c("sla_hours", "number"), _c("service_note"), _c("standard_project_id", ref="projects"),
        _c("created_at", "timestamp")),
    "contacts": (ID, ORG, _c("first_name"), _c("last_name", req=True), _c("function"), _c("email"), _c("phone"),
                 _c("mobile"), _c("reports_to_id", ref="contacts"), _c("created_at", "timestamp")),
    "projects": (ID, ORG, _c("name"), _c("kind", "enum", req=True, values=("customer", "contractor", "internal")),
                 _c("status", "enum", req=True, values=("planned", "running", "closed")), _c("start_date", "date"),
                 _c("end_date", "date"), _c("budget", "number"), _c("revenue", "number"), _c("cost", "number"),
                 _c("restricted_team"), _c("standard", "bool")),
    "opportunities": (ID, ORG, _c("name"), _c("target_value", "number", req=True), _c("created_at", "date", req=True),
                      _c("closed_at", "date"), AGENT),
    "opportunity_status_changes": (_c("id"), _c("opportunity_id", req=True, ref="opportunities"),
                                   _c("changed_at", "timestamp", req=True), _c("status", req=True),
                                   _c("probability", "number", low=0, high=100)),
    "quotes": (ID, ORG, CONTACT, _c("number"), _c("quote_date", "date", req=True), _c("valid_until", "date"),
               _c("amount_net", "number", req=True),
               _c("status", "enum", req=True, values=("open", "accepted", "rejected")), _c("decided_at", "date"),
               _c("opportunity_id", ref="opportunities"), AGENT),
    "invoices": (ID, ORG, _c("number"), _c("invoice_date", "date", req=True), _c("due_date", "date"),
                 _c("amount_net", "number", req=True), _c("amount_gross", "number"), _c("currency"),
                 _c("status", "enum", req=True, values=INVOICE_STATUS), _c("dunning_level", "int", low=0),
                 _c("paid_date", "date"), PROJECT),
    "incoming_invoices": (ID, ORG, _c("number"), _c("invoice_date", "date", req=True),
                          _c("amount_net", "number", req=True), _c("status", "enum", values=INVOICE_STATUS)),
    "purchase_orders": (ID, ORG, _c("order_date", "date", req=True), _c("amount_net", "number"),
                        _c("status", "enum", values=("open", "delivered", "cancelled"))),
    "time_entries": (ID, _c("agent_id", req=True, ref="agents"), _c("entry_date", "date", req=True),
                     _c("hours", "number", req=True), ORG_OPT, PROJECT, _c("ticket_id", ref="tickets"),
                     _c("billable", "bool"), _c("note")),
    "tickets": (ID, ORG, CONTACT, _c("number"), _c("subject"),
                _c("status", "enum", req=True, values=("open", "closed")), _c("priority"),
                _c("opened_at", "timestamp", req=True), _c("first_response_at", "timestamp"),
                _c("closed_at", "timestamp"), _c("sla_hours", "number"), AGENT),
    "activities": (ID, _c("kind", "enum", req=True, values=("email", "call", "appointment", "note", "task")),
                   _c("occurred_at", "timestamp", req=True), _c("direction", "enum", values=("in", "out")), AGENT,
                   CONTACT, ORG_OPT, _c("from_address"), _c("to_address"), _c("phone_number"), _c("subject"),
                   _c("duration_minutes", "number"), _c("due_at", "timestamp"), _c("done", "bool"),
                   _c("importance", "enum", values=("low", "normal", "high"))),
    "documents": (ID, ORG, CONTACT, PROJECT, _c("folder", req=True), _c("filename", req=True),
                  _c("version", "int", low=1), _c("created_at", "timestamp"), _c("created_by"),
                  _c("size_bytes", "int", low=0), _c("external", "bool")),
    "supplier_ratings": (_c("id"), ORG, _c("rated_at", "date", req=True), _c("time", "number", req=True, **RATING),
                         _c("quality", "number", req=True, **RATING), _c("cost", "number", req=True, **RATING),
                         AGENT, _c("note")),
}

#: load order: what is referenced first (the foreign keys are deferred, so this is only tidiness)
TABLE_ORDER: tuple[str, ...] = (
    "agents", "organisations", "contacts", "projects", "opportunities", "opportunity_status_changes", "quotes",
    "invoices", "incoming_invoices", "purchase_orders", "time_entries", "tickets", "activities", "documents",
    "supplier_ratings",
)

ID_FROM = {"opportunity_status_changes": ("opportunity_id", "changed_at", "status"),
           "supplier_ratings": ("organisation_id", "rated_at", "agent_id")}


def _from_schema(col: Column, table: Table) -> Column:
    """Fill target column, length, integer range, default and nullability from the schema."""
    target = "source_id" if (table.name == "activities" and col.name == "id") else col.name
    sa_col = table.c[target]
    max_length = sa_col.type.length if isinstance(sa_col.type, String) else None
    low, high = col.low, col.high
    if col.kind == "int":
        lo, hi = next((r for t, r in INT_RANGES.items() if isinstance(sa_col.type, t)), INT_RANGES[Integer])
        low, high = max(lo, low) if low is not None else lo, min(hi, high) if high is not None else hi
    elif col.kind == "number" and isinstance(sa_col.type, Numeric) and sa_col.type.precision:
        scale = sa_col.type.scale or 0
        bound = 10.0 ** (sa_col.type.precision - scale) - 10.0 ** -scale
        low, high = (low if low is not None else -bound), (high if high is not None else bound)
    default = None
    if sa_col.default is not None and getattr(sa_col.default, "is_scalar", False):
        arg = sa_col.default.arg
        default = ("true" if arg else "false") if isinstance(arg, bool) else str(arg)
    return Column(col.name, col.kind, col.required, col.values, col.ref, target, max_length, low, high, default,
                  bool(sa_col.nullable))


def _build() -> dict[str, TableSpec]:
    specs = {}
    for name in TABLE_ORDER:
        table = metadata.tables[name]
        cols = tuple(_from_schema(c, table) for c in _RAW[name])
        specs[name] = TableSpec(name, cols, name, ID_FROM.get(name, ()))
    return specs


#: every interchange table by name, in load order
TABLES: dict[str, TableSpec] = _build()

__all__ = ["TABLES", "TABLE_ORDER", "Column", "Kind", "TableSpec"]
