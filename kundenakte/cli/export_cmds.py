"""`kundenakte export`: the controllers' workbook (.xlsx), one relationship's list as a workbook or a German CSV.

The file is written beside its target under a temporary name and moved into place when complete, so a refusal
or a failure half-way leaves no file behind; every export lands in the audit log.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from core.errors import InvalidInput
from core.vocabulary import Aspect
from kundenakte.cli.common import add_as_of_option, add_db_option, open_engine

SUFFIXES = (".xlsx", ".csv")
DESCRIPTION = """\
Write the controllers' workbook (PATH.xlsx) or one relationship's list (--aspect).

PATH.xlsx                     one workbook: the sheets Kunden, Interessenten, Lieferanten (every holder at the date in
                              ABC order: id, name, ABC letter, metric, rank, account number, key account manager,
                              open items, last touch, postcode, city), Organisationen (the organisation list),
                              Konzentration Kunden / Lieferanten (top shares, Gini, HHI, the flagged, a Pareto chart)
                              and Info (as of, by whom, what was left out)
PATH.xlsx --aspect A          only the list of relationship A (customer, prospect, supplier) as a workbook
PATH.csv --aspect A           the sheet of relationship A as a German CSV: ';' between fields, decimal comma,
                              UTF-8 with BOM, dates dd.mm.yyyy; a text starting with = + - @ tab CR NUL gets a
                              leading '

Without --as the command line exports everything; with --as USER only what that user may see (a sheet of an
area the user may not read is left out and named on the Info sheet). Every export is written to the audit log.
Exit code 0 when written, 1 when refused (no such user, a disabled user, nothing the user may read), 2 on wrong
usage (a PATH not ending in .xlsx or .csv, a folder that does not exist, a CSV without --aspect).
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write the controllers' workbook (.xlsx) or a list as German CSV (.csv)",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", type=Path, metavar="PATH.xlsx|PATH.csv")
    p.add_argument("--aspect", choices=[a.value for a in Aspect], default=None,
                   help="one relationship's list only (required for a CSV)")
    p.add_argument("--as", dest="as_user", metavar="USER", default=None,
                   help="export as this (active) user: their need-to-know applies")
    add_as_of_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_export)


def _checked(args: argparse.Namespace) -> tuple[Path, str]:
    path: Path = args.path
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(f"the file must end in .xlsx or .csv: {path}")
    if suffix == ".csv" and args.aspect is None:
        raise InvalidInput("a CSV holds one list: name it with --aspect customer|prospect|supplier")
    if not path.parent.is_dir():
        raise InvalidInput(f"no such folder: {path.parent}")
    return path, suffix


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`, moved onto it when the block ends without an error, else removed."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    part = Path(name)
    try:
        yield part
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the file as the command line (everything) or as --as USER, and audit the export."""
    from kundenakte.export import export_controllers, export_list, export_sheet_csv
    from services import audit
    from services.identities import user_named
    from services.lists import ListParams
    from services.users import SYSTEM

    path, suffix = _checked(args)
    as_of: date = args.as_of or date.today()
    with open_engine(args) as engine:
        user = SYSTEM if args.as_user is None else user_named(engine, args.as_user)
        with _replacing(path) as part:
            if args.aspect is None:
                summary = export_controllers(engine, user, part, as_of)
                what = f"controllers' workbook, {summary.described()}"
            elif suffix == ".csv":
                rows = export_sheet_csv(engine, user, Aspect(args.aspect), part, as_of)
                what = f"{args.aspect} list (CSV), {rows} rows"
            else:
                with part.open("wb") as handle:
                    rows = export_list(engine, user, ListParams(Aspect(args.aspect), as_of=as_of), handle)
                what = f"{args.aspect} list, {rows} rows"
        audit.record_now(engine, user, "export", str(path.absolute()), f"{what}, as of {as_of.isoformat()}")
    as_whom = "" if user.is_system else f" as {user.id}"
    print(f"{what} written to {path}{as_whom}", file=sys.stderr)
    return 0
