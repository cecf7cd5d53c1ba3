"""The `kundenakte` command (spec/analytics.md, command-line contract).

Exit codes: 0 success, 1 refused input, 2 wrong usage. Each subcommand group
lives in its own module and registers itself here. Building the parser imports
nothing heavy (no pandas, SQLAlchemy, Dash): each handler imports what it needs
when it runs, so `kundenakte --help` and `kundenakte caller` start fast
(tests/kundenakte/cli/test_startup.py keeps it so).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from core.errors import ImportRejected, InvalidInput, KundenakteError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The full parser: every subcommand of the contract."""
    from kundenakte.cli import (
        abc_cmds,
        audit_cmds,
        data_cmds,
        demo_cmds,
        export_cmds,
        inbound_cmds,
        permissions_cmds,
        report_cmds,
        retention_cmds,
        serve_cmds,
        tokens_cmds,
        users_cmds,
    )

    parser = argparse.ArgumentParser(
        prog="kundenakte",
        description="Kundenakte: the digital customer record. Import module data, classify, report.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in (data_cmds, inbound_cmds, abc_cmds, report_cmds, retention_cmds, export_cmds, serve_cmds,
                   demo_cmds, users_cmds, tokens_cmds, permissions_cmds, audit_cmds):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from etl.phone import allow_helper_processes

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
