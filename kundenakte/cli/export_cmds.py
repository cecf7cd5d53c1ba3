"""`kundenakte export`: the organisation list workbook for controllers."""

from __future__ import annotations

import argparse
from pathlib import Path

from kundenakte.cli.common import add_as_of_option, add_db_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write the organisation list workbook (.xlsx)")
    p.add_argument("path", type=Path, metavar="PATH.xlsx")
    add_as_of_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    raise NotImplementedError("export")
