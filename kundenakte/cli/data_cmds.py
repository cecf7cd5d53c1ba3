"""`kundenakte import`."""

from __future__ import annotations

import argparse
from pathlib import Path

from kundenakte.cli.common import add_db_option


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
    raise NotImplementedError("import")
