"""`kundenakte export`: the organisation list workbook for controllers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import InvalidInput
from kundenakte.cli.common import add_as_of_option, add_db_option, open_engine
from kundenakte.export import export_organisations
from services.users import SYSTEM


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write the organisation list workbook (.xlsx)")
    p.add_argument("path", type=Path, metavar="PATH.xlsx")
    add_as_of_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    path: Path = args.path
    if path.suffix.lower() != ".xlsx":
        raise InvalidInput(f"the workbook must end in .xlsx: {path}")
    if not path.parent.is_dir():
        raise InvalidInput(f"no such folder: {path.parent}")
    with open_engine(args) as engine:
        rows = export_organisations(engine, SYSTEM, path, args.as_of)
    print(f"{rows} organisations written to {path}", file=sys.stderr)
    return 0
