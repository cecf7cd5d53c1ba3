"""`kundenakte demo`: generate a realistic company, load it, serve it."""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from core.errors import KundenakteError
from kundenakte.cli.common import add_db_option, parse_date


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="fill a database with a generated demo company and serve it",
                       description="Generate a realistic German mid-size company in the interchange format, "
                       "load it with the import and serve the dashboard. Refuses a database that already "
                       "holds data unless --fresh.")
    p.add_argument("--generate-only", action="store_true", help="generate and load, do not serve")
    p.add_argument("--size", choices=("small", "large"), default="small",
                   help="small: ~600 organisations; large: 100,000 organisations, 10 million invoices")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--today", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="the date the demo history ends on (default: today)")
    p.add_argument("--out", type=Path, default=None, metavar="FOLDER",
                   help="also keep the generated interchange files in this folder")
    p.add_argument("--fresh", action="store_true",
                   help="delete the SQLite database file first (refused without it when the database holds data)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    add_db_option(p)
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from core.db import ensure_schema, make_engine
    from core.settings import database_url
    from kundenakte.demo import generate_demo
    from kundenakte.demo.target import has_data, remove_sqlite_database

    url = database_url(args.db)
    if args.fresh:
        removed = remove_sqlite_database(url)
        if removed is None:
            raise KundenakteError("--fresh deletes SQLite files only; empty this database yourself "
                                  "or pick another --db")
        print(f"removed {removed}", file=sys.stderr)
    engine = make_engine(url)
    if has_data(engine):
        raise KundenakteError(f"the database {engine.url.render_as_string(hide_password=True)} already holds data; "
                              "use --fresh to start it afresh (SQLite) or give another --db")
    ensure_schema(engine)
    today: date = args.today or date.today()
    with ExitStack() as stack:
        folder = args.out or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kundenakte-demo-")))
        summary = generate_demo(folder, size=args.size, seed=args.seed, today=today)
        print(f"generated {summary.size} demo (seed {summary.seed}, up to {summary.today}) in {summary.folder}: "
              f"{summary.total_rows:,} rows, {summary.bytes / 1e6:,.1f} MB, {summary.seconds:.1f} s", file=sys.stderr)
        for table, n in summary.rows.items():
            print(f"  {table:28} {n:>12,}", file=sys.stderr)
        for key, n in summary.inbound.items():
            print(f"  inbound {key:20} {n:>12,}", file=sys.stderr)
        from services.commands.imports import run_import

        report = run_import(engine, folder, progress=True, as_of=today)
        print(f"loaded into {engine.url.render_as_string(hide_password=True)}: {report.inserted:,} rows new, "
              f"{report.updated:,} updated, {report.account_numbers or 0:,} account numbers, inbound "
              + ", ".join(f"{k} {v:,}" for k, v in report.inbound.items()), file=sys.stderr)
        for name, position, reason in report.skipped:
            print(f"  skipped {name}{f' #{position}' if position is not None else ''}: {reason}", file=sys.stderr)
    from kundenakte.demo.users import create_demo_users, demo_users_table, write_demo_users

    demo_users = create_demo_users(engine)
    sheet = write_demo_users(demo_users, url, engine.url.render_as_string(hide_password=True))
    print(demo_users_table(demo_users) + f"  (also in {sheet}, readable by you only)", file=sys.stderr)
    engine.dispose()
    if args.generate_only:
        return 0
    from kundenakte.web import serve

    rendered = make_engine(url).url.render_as_string(hide_password=False)
    print(f"serving on http://{args.host}:{args.port}/", file=sys.stderr)
    serve(rendered, args.host, args.port)
    return 0
