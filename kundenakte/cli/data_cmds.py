"""`kundenakte import`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InvalidInput
from kundenakte.cli.common import add_db_option, open_engine

if TYPE_CHECKING:
    from services.commands.imports import ImportReport


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="load a CSV folder or an .xlsx workbook (with inbound/ beside it)",
                       description="Load module data in the interchange format (spec/interchange.md): a folder "
                       "of <table>.csv files or one .xlsx workbook, plus raw inbound files in inbound/. "
                       "One transaction: any bad row refuses the whole import (exit 1).")
    p.add_argument("path", type=Path, metavar="PATH")
    add_db_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    """Summary on stdout, skipped inbound files on stderr; exit 1 when refused or anything was skipped."""
    from services.commands.imports import run_import

    path: Path = args.path
    if not path.exists():
        raise InvalidInput(f"{path}: no such folder or workbook")
    progress = not args.quiet and sys.stderr.isatty()
    with open_engine(args) as engine:
        report = run_import(engine, path, progress=progress)
    if not args.quiet:
        print_summary(report)
    for name, position, reason in report.skipped:
        where = f"{name} #{position}" if position is not None else name
        print(f"skipped {where}: {reason}", file=sys.stderr)
    return 1 if report.skipped else 0


def print_summary(report: ImportReport) -> None:
    """Rows per table, then account numbers, matching and the inbound run."""
    print(f"imported {report.source}: {report.inserted} row(s) new, {report.updated} updated")
    width = max((len(t.table) for t in report.tables), default=0)
    for t in report.tables:
        print(f"  {t.table.ljust(width)}  {t.inserted:>10} new  {t.updated:>10} updated")
    if report.account_numbers is not None:
        print(f"account numbers handed out: {report.account_numbers}")
    if report.unassigned:
        print(f"activities without organisation or contact, matched: {report.unassigned}")
    if report.inbound_folder is not None:
        i = report.inbound
        print(f"inbound {report.inbound_folder}: {i.get('read', 0)} trace(s) read, {i.get('added', 0)} added, "
              f"{i.get('unchanged', 0)} file(s) unchanged, {len(report.skipped)} skipped")
