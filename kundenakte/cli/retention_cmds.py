"""`kundenakte retention`: GDPR retention (list contacts due, erase them)."""

from __future__ import annotations

import argparse

from kundenakte.cli.common import add_as_of_option, add_db_option, add_format_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("retention", help="contacts due for deletion under the retention rules; erase them")
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
    raise NotImplementedError("retention")
