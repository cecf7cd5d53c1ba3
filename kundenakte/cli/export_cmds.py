"""`kundenakte export`: the organisation list workbook for controllers."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from core.errors import InvalidInput
from kundenakte.cli.common import add_as_of_option, add_db_option, open_engine


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write the organisation list workbook (.xlsx)",
                       description="Write the organisation list workbook. Without --as the command line "
                       "exports everything; with --as USER only what that user may see. Every export is "
                       "written to the audit log.")
    p.add_argument("path", type=Path, metavar="PATH.xlsx")
    p.add_argument("--as", dest="as_user", metavar="USER", default=None,
                   help="export as this (active) user: their need-to-know applies")
    add_as_of_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the workbook as the command line (everything) or as --as USER, and audit the export."""
    from kundenakte.export import export_organisations
    from services import audit
    from services.identities import user_named
    from services.users import SYSTEM

    path: Path = args.path
    if path.suffix.lower() != ".xlsx":
        raise InvalidInput(f"the workbook must end in .xlsx: {path}")
    if not path.parent.is_dir():
        raise InvalidInput(f"no such folder: {path.parent}")
    with open_engine(args) as engine:
        user = SYSTEM if args.as_user is None else user_named(engine, args.as_user)
        rows = export_organisations(engine, user, path, args.as_of)
        audit.record_now(engine, user, "export", str(path.absolute()),
                         f"organisation list, {rows} organisations, as of {(args.as_of or date.today()).isoformat()}")
    as_whom = "" if user.is_system else f" as {user.id}"
    print(f"{rows} organisations written to {path}{as_whom}", file=sys.stderr)
    return 0
