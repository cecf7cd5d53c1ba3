"""The import command: module data, then account numbers, in one transaction; then inbound/ beside it.

spec/interchange.md ("Containers", "Bad input") and the command-line contract's `kundenakte import`.
A refused import raises ImportRejected with every problem and writes nothing but its log row.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine

from core.errors import InvalidInput
from etl.importer import mark_run
from etl.importer import run_import as run_tables_import

#: (file name, position in an mbox or None, reason)
Skip = tuple[str, int | None, str]


@dataclass(frozen=True)
class TableRows:
    """Rows of one table in this import: new ids and ids that existed already (updated)."""

    table: str
    inserted: int
    updated: int


@dataclass(frozen=True)
class ImportReport:
    """What `kundenakte import` did."""

    source: str
    tables: tuple[TableRows, ...]
    #: imported activities naming neither organisation nor contact, handed to matching
    unassigned: int = 0
    #: account numbers handed out (None when that command is not installed)
    account_numbers: int | None = None
    #: the inbound/ folder read, or None
    inbound_folder: str | None = None
    #: read, added, unchanged counts of the inbound run
    inbound: dict[str, int] = field(default_factory=dict)
    skipped: tuple[Skip, ...] = ()

    @property
    def inserted(self) -> int:
        return sum(t.inserted for t in self.tables)

    @property
    def updated(self) -> int:
        return sum(t.updated for t in self.tables)


def inbound_folder_of(path: Path) -> Path:
    """Where raw inbound files sit: `PATH/inbound/`, for a workbook an `inbound/` folder beside it."""
    return (path if path.is_dir() else path.parent) / "inbound"


def _after_load(conn: Connection, as_of: date, out: list[int]) -> None:
    """In the import's transaction: the maintained aggregates (invoice months of the organisations the load
    touched, latest statuses), the account
    numbers (which refresh `relationship_starts`), then the prospect spans that end where a customer began."""
    from core.touched import drop_touched
    from services.commands.account_numbers import assign_account_numbers
    from services.commands.maintained import (
        refresh_opportunity_latest_status,
        refresh_prospect_spans,
        refresh_touched_invoice_months,
    )

    refresh_touched_invoice_months(conn)
    drop_touched(conn)
    refresh_opportunity_latest_status(conn)
    out.append(assign_account_numbers(conn, as_of))
    refresh_prospect_spans(conn)


def run_import(engine: Engine, path: Path, *, progress: bool = False, as_of: date | None = None) -> ImportReport:
    """Import a CSV folder or an .xlsx workbook, hand out account numbers, read `inbound/` beside it."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{path}: no such folder or workbook")
    handed: list[int] = []
    result, log_id = run_tables_import(engine, path, progress=progress,
                                       then=lambda conn: _after_load(conn, as_of or date.today(), handed))
    from etl.tables import TABLES
    from services.commands.maintained import vacuum_after_import

    vacuum_after_import(engine, sorted({TABLES[t].target for t, c in result.tables.items() if c.inserted or c.updated}))
    folder = inbound_folder_of(path)
    inbound: dict[str, int] = {}
    skipped: tuple[Skip, ...] = ()
    read_folder = folder.is_dir() and importlib.util.find_spec("etl.inbound") is not None
    if read_folder:
        from etl.inbound import read_inbound_folder

        report = read_inbound_folder(engine, folder)
        inbound = {"read": report.read, "added": report.added, "unchanged": report.unchanged}
        skipped = tuple(report.skipped)
        if skipped:
            with engine.begin() as conn:
                mark_run(conn, log_id, status="partial",
                         detail="\n".join(f"skipped {name}: {reason}" for name, _, reason in skipped)[:100_000])
    tables = tuple(TableRows(t, c.inserted, c.updated) for t, c in result.tables.items())
    return ImportReport(result.source, tables, result.unassigned, handed[0] if handed else None,
                        str(folder) if read_folder else None, inbound, skipped)


__all__ = ["ImportReport", "TableRows", "inbound_folder_of", "run_import"]
