"""`kundenakte serve`: the dashboard."""

from __future__ import annotations

import argparse

from core.settings import database_url
from kundenakte.cli.common import add_db_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="start the dashboard (default http://127.0.0.1:8050)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    p.add_argument("--debug", action="store_true", help="Dash dev tools and tracebacks in the browser")
    add_db_option(p)
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from kundenakte.web import serve

    serve(database_url(args.db), args.host, args.port, debug=args.debug)
    return 0
