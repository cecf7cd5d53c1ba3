"""`kundenakte serve`: the dashboard, the REST API and the sign-in, served by waitress.

waitress is a pure-Python WSGI server: threads in one process, no fork, so the same on the demo's
SQLite file and on PostgreSQL (the threads share the engine's connection pool). `--debug` runs
Werkzeug's development server with its debugger and Dash's dev tools instead, for development only.
The secret key comes from KUNDENAKTE_SECRET_KEY (the command refuses to start without a good one).
"""

from __future__ import annotations

import argparse

from kundenakte.cli.common import add_db_option

DEFAULT_THREADS = 8


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="start the dashboard (default http://127.0.0.1:8050)",
                       description="Serve the dashboard and the REST API with waitress. Needs "
                       "KUNDENAKTE_SECRET_KEY (at least 32 random bytes); set KUNDENAKTE_SECURE_COOKIES=true "
                       "when it is reached over HTTPS.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS,
                   help=f"worker threads of waitress (default {DEFAULT_THREADS})")
    p.add_argument("--debug", action="store_true",
                   help="Werkzeug's development server with debugger, Dash dev tools and tracebacks in the browser "
                   "(never on a reachable address)")
    add_db_option(p)
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the dashboard and the API on --host:--port until interrupted."""
    from core.errors import InvalidInput
    from core.settings import database_url
    from kundenakte.web import serve

    if args.threads < 1:
        raise InvalidInput("--threads needs at least 1")
    serve(database_url(args.db), args.host, args.port, threads=args.threads, debug=args.debug)
    return 0
