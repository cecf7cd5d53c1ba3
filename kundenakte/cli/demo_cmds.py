"""`kundenakte demo`: generate a realistic company, load it, serve it; a second run serves the same one again."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import KundenakteError
from kundenakte.cli.common import add_db_option, parse_date

if TYPE_CHECKING:
    from sqlalchemy import Engine

#: the demo's session key, beside its database (mode 0600), made on the first run and reused
SECRET_FILE = "kundenakte.secret"
SECRET_VARIABLE = "KUNDENAKTE_SECRET_KEY"
DEFAULT_SIZE = "small"
DEFAULT_SEED = 42


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="fill a database with a generated demo company and serve it",
                       description="Generate a realistic German mid-size company in the interchange format, "
                       "load it with the import and serve the dashboard. A second run on the demo database "
                       "it made (same --size and --seed) serves it again, with the sign-ins of demo-users.txt; "
                       "a database holding other data is refused unless --fresh.")
    p.add_argument("--generate-only", action="store_true", help="generate and load, do not serve")
    p.add_argument("--size", choices=("small", "large"), default=DEFAULT_SIZE,
                   help="small: ~600 organisations; large: 100,000 organisations, 10 million invoices "
                   f"(default {DEFAULT_SIZE})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"the generator's seed (default {DEFAULT_SEED})")
    p.add_argument("--today", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="the date the demo history ends on (default: today; a second run: the first run's)")
    p.add_argument("--out", type=Path, default=None, metavar="FOLDER",
                   help="also keep the generated interchange files in this folder")
    p.add_argument("--fresh", action="store_true",
                   help="delete the SQLite database file first and generate anew")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    add_db_option(p)
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate and load the demo (or find the one made before), print the sign-ins, then serve it."""
    from core.db import ensure_schema, make_engine
    from core.settings import database_url
    from kundenakte.demo.target import has_data, remove_sqlite_database

    url = database_url(args.db)
    if args.fresh:
        removed = remove_sqlite_database(url)
        if removed is None:
            raise KundenakteError("--fresh deletes SQLite files only; empty this database yourself "
                                  "or pick another --db")
        print(f"removed {removed}", file=sys.stderr)
    engine = make_engine(url)
    try:
        again = has_data(engine)
        if again:
            _check_demo_there(engine, args)
        ensure_schema(engine)
        if not again:
            _generate_and_load(engine, args, args.today or date.today())
        _print_sign_ins(engine, url, reuse=again)
    finally:
        engine.dispose()
    secret, secret_file = demo_secret_key(url)
    if args.generate_only:
        if secret_file is not None:
            from core.db import sqlite_path

            db = url if sqlite_path(url) is not None else "URL"
            print(f"to serve it: KUNDENAKTE_SECRET_KEY=\"$(cat {secret_file})\" kundenakte serve --db {db}",
                  file=sys.stderr)
        return 0
    from kundenakte.web import serve

    rendered = make_engine(url).url.render_as_string(hide_password=False)
    print(f"serving on http://{args.host}:{args.port}/", file=sys.stderr)
    # the demo's key is configured the way an operator configures one: KUNDENAKTE_SECRET_KEY
    import os

    before = os.environ.get(SECRET_VARIABLE)
    os.environ[SECRET_VARIABLE] = secret
    try:
        serve(rendered, args.host, args.port)
    finally:
        if before is None:
            os.environ.pop(SECRET_VARIABLE, None)
        else:
            os.environ[SECRET_VARIABLE] = before
    return 0


def _check_demo_there(engine: Engine, args: argparse.Namespace) -> None:
    """A database with data is served again only as the demo of the same --size and --seed (and --today, if given)."""
    from kundenakte.demo.target import demo_mark

    shown = engine.url.render_as_string(hide_password=True)
    mark = demo_mark(engine)
    if mark is None:
        raise KundenakteError(f"the database {shown} already holds data that no `kundenakte demo` made; "
                              "use --fresh to start it afresh (SQLite) or give another --db")
    if (mark.size, mark.seed) != (args.size, args.seed) or args.today not in (None, mark.today):
        raise KundenakteError(f"the database {shown} holds the demo of {mark.describe()}; run with those "
                              "options to serve it again, or --fresh to generate anew (SQLite)")
    print(f"serving the demo made before ({mark.describe()}, made {mark.made_at}) from {shown}; "
          "nothing generated", file=sys.stderr)
    if args.out is not None:
        print(f"  (--out {args.out} is left alone: nothing was generated)", file=sys.stderr)


def _generate_and_load(engine: Engine, args: argparse.Namespace, today: date) -> None:
    """Generate the company into --out (else a folder removed afterwards), import it, then mark the database."""
    import tempfile
    from contextlib import ExitStack

    from kundenakte.demo import generate_demo
    from kundenakte.demo.target import mark_demo
    from services.commands.imports import run_import

    with ExitStack() as stack:
        folder = args.out or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kundenakte-demo-")))
        summary = generate_demo(folder, size=args.size, seed=args.seed, today=today)
        print(f"generated {summary.size} demo (seed {summary.seed}, up to {summary.today}) in {summary.folder}: "
              f"{summary.total_rows:,} rows, {summary.bytes / 1e6:,.1f} MB, {summary.seconds:.1f} s", file=sys.stderr)
        for table, n in summary.rows.items():
            print(f"  {table:28} {n:>12,}", file=sys.stderr)
        for key, n in summary.inbound.items():
            print(f"  inbound {key:20} {n:>12,}", file=sys.stderr)
        report = run_import(engine, folder, progress=True, as_of=today)
        print(f"loaded into {engine.url.render_as_string(hide_password=True)}: {report.inserted:,} rows new, "
              f"{report.updated:,} updated, {report.account_numbers or 0:,} account numbers, inbound "
              + ", ".join(f"{k} {v:,}" for k, v in report.inbound.items()), file=sys.stderr)
        for name, position, reason in report.skipped:
            print(f"  skipped {name}{f' #{position}' if position is not None else ''}: {reason}", file=sys.stderr)
    mark_demo(engine, args.size, args.seed, today)


def _print_sign_ins(engine: Engine, url: str, *, reuse: bool) -> None:
    """Print one sign-in per role and keep them in demo-users.txt (0600).

    A second run keeps the sheet's passwords that still sign in (the sheet is rewritten only when one changed).
    """
    from kundenakte.demo.users import (
        create_demo_users,
        demo_users_file,
        demo_users_table,
        read_demo_users,
        write_demo_users,
    )

    sheet = demo_users_file(url)
    kept = read_demo_users(sheet) if reuse else {}
    demo_users = create_demo_users(engine, keep=kept)
    if any(kept.get(u.name) != u.password for u in demo_users) or not sheet.exists():
        sheet = write_demo_users(demo_users, url, engine.url.render_as_string(hide_password=True))
    elif sheet.stat().st_mode & 0o077:
        sheet.chmod(0o600)
    print(demo_users_table(demo_users) + f"  (also in {sheet}, readable by you only)", file=sys.stderr)


def demo_secret_file(database_url: str) -> Path:
    """Where the demo keeps its session key: beside the SQLite file, else in the working folder."""
    from core.db import sqlite_path

    path = sqlite_path(database_url)
    return (path.parent if path is not None else Path()) / SECRET_FILE


def demo_secret_key(database_url: str) -> tuple[str, Path | None]:
    """The demo's secret key and its file: KUNDENAKTE_SECRET_KEY when set, else made once and kept (0600).

    A second run reuses the file, so the sessions of a running browser survive a restart of the demo.
    """
    import os
    import secrets

    from core.settings import Settings

    configured = Settings().secret_key
    if configured is not None and configured.get_secret_value():
        return configured.get_secret_value(), None
    path = demo_secret_file(database_url)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip(), path
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    print(f"made a session key for the demo in {path} (readable by you only)", file=sys.stderr)
    return key, path
