"""`kundenakte inbound`, `activities`, `inbox` and `caller`."""

from __future__ import annotations

import argparse
from pathlib import Path

from kundenakte.cli.common import add_db_option, add_format_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("inbound", help="read a folder of raw inbound files (.eml, .mbox, .ics, calls.csv)",
                       description="Read raw mail, calendar and call files and assign them to contacts and "
                       "organisations. Unreadable files are reported and skipped (exit 1).")
    p.add_argument("path", type=Path, metavar="PATH")
    add_db_option(p)
    p.set_defaults(handler=cmd_inbound)

    p = sub.add_parser("activities", help="list activities, one row per organisation they landed at")
    p.add_argument("--organisation", metavar="ID", default=None, help="only this organisation")
    p.add_argument("--kind", choices=("email", "call", "appointment", "note", "task"), default=None)
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
    raise NotImplementedError("inbound")


def cmd_activities(args: argparse.Namespace) -> int:
    raise NotImplementedError("activities")


def cmd_inbox(args: argparse.Namespace) -> int:
    raise NotImplementedError("inbox")


def cmd_caller(args: argparse.Namespace) -> int:
    raise NotImplementedError("caller")
