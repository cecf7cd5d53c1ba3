"""Options every subcommand shares, and the engine of --db; light, for the parser is built on every start.

Nothing here imports the database layer or pandas at module level: `kundenakte --help` must not pay
for them. The writers for --format live in kundenakte.cli.output, imported by the handlers.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

FORMATS = ("csv", "table", "json")


def whole(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least `minimum`, else a usage error naming the value."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from exc
        if n < minimum:
            raise argparse.ArgumentTypeError(f"at least {minimum}: {value!r}")
        return n
    return parse


def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL (default: $KUNDENAKTE_DATABASE_URL, else sqlite:///kundenakte.db)",
    )


def add_format_option(p: argparse.ArgumentParser, default: str = "table") -> None:
    p.add_argument("--format", choices=FORMATS, default=default, help=f"output format (default {default})")


def parse_date(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def add_as_of_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="compute as of this date (default: today)")


@contextmanager
def open_engine(args: argparse.Namespace) -> Iterator[Engine]:
    """The engine for --db, with the schema migrated to head; disposed when the block ends."""
    from core.db import ensure_schema, make_engine

    engine = make_engine(args.db)
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.dispose()
