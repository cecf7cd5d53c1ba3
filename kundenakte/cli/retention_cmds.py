"""`kundenakte retention`: GDPR retention (list contacts due, erase them)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from core.errors import InvalidInput
from kundenakte.cli.common import add_as_of_option, add_db_option, add_format_option, open_engine

if TYPE_CHECKING:
    from sqlalchemy import Engine

EPILOG = """\
--list prints contact_id and last_trace (a date; empty when the contact left no trace). A contact is due when
its last trace lies before the as-of date minus the retention period (calendar months, default 24) or it has
none, and no ticket of it is open at that date. --erase anonymises them in one transaction (names, e-mail,
numbers, their name in activity and ticket free text; invoices, quotes, tickets and documents stay) and writes
one audit log row each with --who, the time and --why; it prints contact_id, last_trace, action and the number
of rows rewritten. With --dry-run nothing is written. Erased contacts are marked anonymised and never listed
as due again.
"""

ERASE_COLUMNS = ["contact_id", "last_trace", "action", "activities", "tickets", "time_entries", "learned_mappings"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("retention", help="contacts due for deletion under the retention rules; erase them",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--list", action="store_true", help="list the contacts due for deletion")
    mode.add_argument("--erase", action="store_true", help="anonymise the contacts due for deletion")
    p.add_argument("--dry-run", action="store_true", help="with --erase: show what would be anonymised")
    p.add_argument("--why", default="retention period expired", help="reason written to the audit log")
    p.add_argument("--who", default="cli", help="who erases (audit log)")
    add_as_of_option(p)
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_retention)


def cmd_retention(args: argparse.Namespace) -> int:
    """List the contacts due, or erase them (a dry run writes nothing); a summary goes to stderr."""
    if args.list and args.dry_run:
        raise InvalidInput("--dry-run goes with --erase")
    with open_engine(args) as engine:
        return _run(args, engine)


def _run(args: argparse.Namespace, engine: Engine) -> int:
    """The list (--list) or the erasure (--erase, --dry-run) on an open engine."""
    from kundenakte.cli.output import write_rows
    from services.commands.retention import erase_due
    from services.retention import due_for_deletion
    from services.users import SYSTEM

    if args.list:
        due = due_for_deletion(engine, SYSTEM, args.as_of)
        write_rows(due.rows(), ["contact_id", "last_trace"], args.format)
        print(f"{len(due.contacts)} contact(s) due: last trace before {due.cutoff.isoformat()} "
              f"({due.retention_months} months before {due.as_of.isoformat()})", file=sys.stderr)
        return 0
    result = erase_due(engine, SYSTEM, args.as_of, why=args.why, who=args.who, dry_run=args.dry_run)
    write_rows(result.rows(), ERASE_COLUMNS, args.format)
    verb = "would erase" if result.dry_run else "erased"
    note = " (dry run: nothing written)" if result.dry_run else ""
    print(f"{verb} {len(result.erased)} contact(s){note}", file=sys.stderr)
    return 0
