"""`kundenakte inbound`, `activities`, `inbox` and `caller`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.vocabulary import ActivityKind
from kundenakte.cli.common import add_db_option, add_format_option, open_engine


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("inbound", help="read a folder of raw inbound files (.eml, .mbox, .ics, calls.csv)",
                       description="Read raw mail, calendar and call files and assign them to contacts and "
                       "organisations. Unreadable files are reported and skipped (exit 1).")
    p.add_argument("path", type=Path, metavar="PATH")
    add_db_option(p)
    p.set_defaults(handler=cmd_inbound)

    p = sub.add_parser("activities", help="list activities, one row per organisation they landed at")
    p.add_argument("--organisation", metavar="ID", default=None, help="only this organisation")
    p.add_argument("--kind", choices=[k.value for k in ActivityKind], default=None)
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_activities)

    p = sub.add_parser("inbox", help="list what waits unassigned, with the reason")
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_inbox)

    p = sub.add_parser("caller", help="who is calling: number -> contact, organisation, key account manager")
    p.add_argument("number", metavar="NUMBER")
    add_format_option(p, default="json")
    add_db_option(p)
    p.set_defaults(handler=cmd_caller)


def cmd_inbound(args: argparse.Namespace) -> int:
    """Summary on stdout, one line per skipped file (or mail, row, event) on stderr; exit 1 if any."""
    from services.inbound import read_inbound
    from services.users import SYSTEM

    with open_engine(args) as engine:
        report = read_inbound(engine, SYSTEM, args.path)
    print(f"inbound: {report.read} trace(s) read, {report.added} added, {report.unchanged} file(s) unchanged, "
          f"{len(report.skipped)} skipped")
    for name, position, reason in report.skipped:
        where = f"{name} #{position}" if position is not None else name
        print(f"skipped {where}: {reason}", file=sys.stderr)
    return 1 if report.skipped else 0


def cmd_activities(args: argparse.Namespace) -> int:
    """Print the activities, one row per organisation they landed at, newest first."""
    from kundenakte.cli.output import write_frame
    from services.inbound import list_activities
    from services.users import SYSTEM

    with open_engine(args) as engine:
        kind = ActivityKind(args.kind) if args.kind else None
        frame = list_activities(engine, SYSTEM, organisation_id=args.organisation, kind=kind)
    write_frame(frame, args.format)
    return 0


def cmd_inbox(args: argparse.Namespace) -> int:
    """Print what waits unassigned, with the reason."""
    from kundenakte.cli.output import write_frame
    from services.inbound import list_inbox
    from services.users import SYSTEM

    with open_engine(args) as engine:
        frame = list_inbox(engine, SYSTEM)
    write_frame(frame, args.format)
    return 0


def cmd_caller(args: argparse.Namespace) -> int:
    """A number that is no phone number is wrong usage (exit 2); an unknown one answers with nulls."""
    from dataclasses import asdict

    from kundenakte.cli.document import write_document
    from services.caller import lookup_caller
    from services.users import SYSTEM

    with open_engine(args) as engine:
        info = lookup_caller(engine, SYSTEM, args.number)
    write_document(asdict(info), args.format)
    return 0
