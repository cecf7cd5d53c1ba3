"""Timestamp arithmetic that differs between SQLite and PostgreSQL, in one place.

SQLite keeps dates as 'YYYY-MM-DD' and timestamps as 'YYYY-MM-DD HH:MM:SS[.ffffff]'
text; PostgreSQL has real types. Each construct compiles per dialect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class as_timestamp(FunctionElement[Any]):
    """A date column as a timestamp at midnight (so dates and timestamps sort together)."""

    type = DateTime()
    inherit_cache = True


@compiles(as_timestamp)
def _as_timestamp_default(element: as_timestamp, compiler: Any, **kw: Any) -> str:
    (arg,) = element.clauses
    return f"CAST({compiler.process(arg, **kw)} AS TIMESTAMP)"


@compiles(as_timestamp, "sqlite")
def _as_timestamp_sqlite(element: as_timestamp, compiler: Any, **kw: Any) -> str:
    (arg,) = element.clauses
    return f"datetime({compiler.process(arg, **kw)})"


class plus_hours(FunctionElement[Any]):
    """A timestamp plus a (possibly fractional) number of hours."""

    type = DateTime()
    inherit_cache = True


@compiles(plus_hours)
def _plus_hours_default(element: plus_hours, compiler: Any, **kw: Any) -> str:
    ts, hours = element.clauses
    return f"({compiler.process(ts, **kw)} + ({compiler.process(hours, **kw)}) * INTERVAL '1 hour')"


@compiles(plus_hours, "sqlite")
def _plus_hours_sqlite(element: plus_hours, compiler: Any, **kw: Any) -> str:
    ts, hours = element.clauses
    # seconds, rounded, keep the stored text format 'YYYY-MM-DD HH:MM:SS' comparable with bound datetimes
    return (f"datetime({compiler.process(ts, **kw)}, "
            f"printf('%+d seconds', CAST(round(({compiler.process(hours, **kw)}) * 3600) AS INTEGER)))")


__all__ = ["as_timestamp", "plus_hours"]
