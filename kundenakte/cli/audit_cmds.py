"""`kundenakte audit`: the audit log, newest first (sign-ins, refusals, user and permission changes, exports)."""

from __future__ import annotations

import argparse

from kundenakte.cli.common import add_db_option, add_format_option, open_engine, whole

COLUMNS = ["id", "at", "who", "action", "subject", "why", "address"]

EPILOG = """\
Actions include sign_in, sign_in_failed, sign_out, denied, user_added, user_disabled, user_enabled,
password_changed, permission, scope and export. `who` is a user name, or `cli` for the command line.
The log is append-only: the database refuses to change or delete its rows.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="the audit log, newest first", epilog=EPILOG,
                       description="Who did what, when and why, newest entry first.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--limit", type=whole(1), default=100, metavar="N", help="at most N entries (default 100)")
    p.add_argument("--offset", type=whole(0), default=0, metavar="N", help="skip the N newest entries first")
    p.add_argument("--action", metavar="A", default=None, help="only entries of this action (e.g. sign_in_failed)")
    p.add_argument("--who", metavar="W", default=None, help="only entries of this user (`cli`: the command line)")
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the audit log's entries, newest first, filtered by --action and --who."""
    from dataclasses import asdict

    from kundenakte.cli.output import write_rows
    from services.audit import entries

    with open_engine(args) as engine:
        found = entries(engine, limit=args.limit, offset=args.offset, action=args.action, who=args.who)
    write_rows([asdict(e) for e in found], COLUMNS, args.format)
    return 0
