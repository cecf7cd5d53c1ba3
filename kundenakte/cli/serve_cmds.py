"""`kundenakte serve`: the dashboard."""

from __future__ import annotations

import argparse

from kundenakte.cli.common import add_db_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="start the dashboard (default http://127.0.0.1:8050)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--debug", action="store_true")
    add_db_option(p)
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    raise NotImplementedError("serve")
