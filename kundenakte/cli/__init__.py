"""The `kundenakte` command (spec/analytics.md, command-line contract).

Exit codes: 0 success, 1 refused input, 2 wrong usage. Each subcommand group
lives in its own module and registers itself here; `kundenakte COMMAND` builds
only the parsers of COMMAND's module. Building the parser imports nothing heavy
(no pandas, SQLAlchemy, Dash): each handler imports what it needs when it runs,
so `kundenakte --help` and `kundenakte caller` start fast
(tests/kundenakte/cli/test_startup.py keeps it so).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from core.errors import ImportRejected, InvalidInput, KundenakteError

Handler = Callable[[argparse.Namespace], int]


#: each subcommand's module (kundenakte.cli.<module>.register adds its parser): `kundenakte COMMAND ...` builds
#: only that module's parsers; --help, no command or a misspelt one build them all (in this order)
COMMAND_MODULES = {
    "import": "data_cmds",
    "inbound": "inbound_cmds", "activities": "inbound_cmds", "inbox": "inbound_cmds", "caller": "inbound_cmds",
    "abc": "abc_cmds", "relationships": "abc_cmds",
    "concentration": "report_cmds", "activity": "report_cmds",
    "retention": "retention_cmds",
    "export": "export_cmds",
    "serve": "serve_cmds",
    "demo": "demo_cmds",
    "users": "users_cmds",
    "tokens": "tokens_cmds",
    "permissions": "permissions_cmds",
    "audit": "audit_cmds",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The full parser: every subcommand of the contract; for a known `command`, its module's subcommands only
    (the same parser for it, without building the others: about 20 ms of every start)."""
    every = list(dict.fromkeys(COMMAND_MODULES.values()))
    modules = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else every
    parser = argparse.ArgumentParser(
        prog="kundenakte",
        description="Kundenakte: the digital customer record. Import module data, classify, report.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in modules:
        importlib.import_module(f"kundenakte.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    from etl.helpers import allow_helper_processes

    allow_helper_processes()  # the console script's main module is guarded: helper processes are safe
    handler: Handler = args.handler
    try:
        return handler(args)
    except ImportRejected as exc:
        print(exc.summary(), file=sys.stderr)
        return 1
    except InvalidInput as exc:
        print(f"kundenakte {args.command}: {exc}", file=sys.stderr)
        return 2
    except KundenakteError as exc:
        print(f"kundenakte {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # the reader (`| head`) went away: stop quietly, as Unix tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # an unreachable or missing database (sqlalchemy.exc.OperationalError, imported only when it happened,
        # so a command that never connects pays nothing): one line naming the database, not a traceback
        from sqlalchemy.exc import OperationalError

        if not isinstance(exc, OperationalError):
            raise
        reason = str(exc.orig).strip().splitlines()[-1] if exc.orig is not None else str(exc)
        print(f"kundenakte {args.command}: the database cannot be used: {reason}", file=sys.stderr)
        return 1


def run() -> None:
    sys.exit(main())


__all__ = ["build_parser", "main"]
