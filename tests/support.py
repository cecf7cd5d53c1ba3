"""Test helpers: put interchange-shaped rows into a real database.

`seed` inserts rows directly through SQLAlchemy Core (filling the derived look-up
columns the importer would fill), so analytics tests do not depend on the
importer; `write_interchange` writes the same rows as a CSV folder for tests
that go through `kundenakte import`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from core import schema
from core.vocabulary import Role, Scope
from etl.derive import contact_lookups, organisation_lookups, rebuild_organisation_domains
from services.commands.account_numbers import refresh_relationship_starts
from services.commands.maintained import (
    refresh_invoice_months,
    refresh_opportunity_latest_status,
    refresh_prospect_spans,
)
from services.policy import set_scope
from services.users import SYSTEM, CurrentUser

TABLE_ORDER = [
    "agents", "organisations", "contacts", "projects", "opportunities", "opportunity_status_changes",
    "quotes", "invoices", "incoming_invoices", "purchase_orders", "time_entries", "tickets",
    "activities", "documents", "supplier_ratings",
]

Rows = Mapping[str, Iterable[Mapping[str, Any]]]


def _coerce(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    cols = schema.metadata.tables[table].c
    out: dict[str, Any] = {}
    for key, value in row.items():
        col = cols[key]
        if isinstance(value, str) and value and col.type.python_type in (date, datetime):
            value = (datetime.fromisoformat(value) if col.type.python_type is datetime
                     else date.fromisoformat(value))
        out[key] = value
    return out


def seed(engine: Engine, tables: Rows) -> None:
    """Insert rows per table (interchange column names) in dependency order, in one transaction."""
    with engine.begin() as conn:
        for name in TABLE_ORDER:
            rows = [dict(r) for r in tables.get(name, [])]
            if not rows:
                continue
            if name == "organisations":
                rows = [{**r, **organisation_lookups(r)} for r in rows]
            elif name == "contacts":
                rows = [{**r, **contact_lookups(r)} for r in rows]
            elif name == "opportunity_status_changes":
                rows = [{"id": f"{r['opportunity_id']}|{r['changed_at']}|{r['status']}", **r} for r in rows]
            elif name == "supplier_ratings":
                rows = [{"id": f"{r['organisation_id']}|{r['rated_at']}|{r.get('agent_id') or ''}", **r}
                        for r in rows]
            elif name == "activities":
                rows = [{"source": "import", "source_id": r["id"], **{k: v for k, v in r.items() if k != "id"}}
                        for r in rows]
            table = schema.metadata.tables[name]
            coerced = [_coerce(name, r) for r in rows]
            keys = sorted({k for r in coerced for k in r})
            conn.execute(insert(table), [{k: r.get(k) for k in keys} for r in coerced])
            if name == "activities":
                from sqlalchemy import select

                act = schema.Activity
                linked = conn.execute(
                    select(act.id, act.organisation_id, act.contact_id).where(act.organisation_id.is_not(None))
                ).all()
                if linked:
                    conn.execute(insert(schema.ActivityLink), [
                        {"activity_id": i, "organisation_id": o, "contact_id": c, "matched_by": "source"}
                        for i, o, c in linked
                    ])
        rebuild_organisation_domains(conn)
        # the maintained aggregates the importer refreshes after every load
        refresh_relationship_starts(conn)
        refresh_invoice_months(conn)
        refresh_opportunity_latest_status(conn)
        refresh_prospect_spans(conn)


def write_interchange(folder: Path, tables: Rows, *, sep: str = ",", encoding: str = "utf-8") -> Path:
    """Write rows as `<table>.csv` files (header from the union of keys) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        rows = list(rows)
        keys: list[str] = []
        for r in rows:
            keys += [k for k in r if k not in keys]
        with open(folder / f"{name}.csv", "w", newline="", encoding=encoding) as fh:
            w = csv.writer(fh, delimiter=sep)
            w.writerow(keys)
            for r in rows:
                w.writerow(["" if r.get(k) is None else r.get(k) for k in keys])
    return folder


def own_accounts_user(engine: Engine, agent_id: str, role: Role = Role.SALES, team: str | None = None) -> CurrentUser:
    """A user of `role` linked to agent `agent_id`, with that role's scope narrowed to own accounts in the database."""
    set_scope(engine, SYSTEM, role, Scope.OWN_ACCOUNTS)
    return CurrentUser(id=agent_id, role=role, agent_id=agent_id, teams=frozenset({team}) if team else frozenset())
