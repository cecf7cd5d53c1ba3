"""Dialect helpers: date bucketing (week, month, quarter), date truncation and arithmetic, SQLite and PostgreSQL.

Each helper is a SQL expression compiled per dialect, so one Core select runs
unchanged on both: SQLite uses `strftime`/`date` modifiers, PostgreSQL
`to_char`/`date_trunc`. Labels: ISO week `2026-W05`, month `2026-01`, quarter
`2026-Q1`. Python twins (`period_label_of`, `quarter_end`, `last_quarter_ends`)
give the same answers for parameters.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any, ClassVar

from sqlalchemy import Date, DateTime, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from core.vocabulary import Period


def _check(period: Period) -> Period:
    """`period` as a member of Period; a word that is none is a ValueError."""
    if period not in tuple(Period):
        raise ValueError(f"unknown period '{period}' ({', '.join(Period)})")
    return Period(period)


class period_label(FunctionElement[str]):
    """`period_label(col, period)`: the bucket label (week, month or quarter) of a Date or DateTime column."""

    type = String()
    inherit_cache = True
    name = "period_label"
    #: the period is part of the SQL text, so it is part of the statement cache key
    _traverse_internals: ClassVar = [*FunctionElement._traverse_internals, ("period", InternalTraversal.dp_string)]

    def __init__(self, column: ColumnElement[Any], period: Period) -> None:
        self.period = _check(period)
        super().__init__(column)


class period_start(FunctionElement[date]):
    """`period_start(col, period)`: the first day (a Date) of the bucket holding the column's value."""

    type = Date()
    inherit_cache = True
    name = "period_start"
    _traverse_internals: ClassVar = [*FunctionElement._traverse_internals, ("period", InternalTraversal.dp_string)]

    def __init__(self, column: ColumnElement[Any], period: Period) -> None:
        self.period = _check(period)
        super().__init__(column)


class as_date(FunctionElement[date]):
    """`as_date(col)`: a Date or DateTime value truncated to its Date (CAST on SQLite would give a number)."""

    type = Date()
    inherit_cache = True
    name = "as_date"


def _arg(element: FunctionElement[Any], compiler: Any, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(period_label, "sqlite")
def _label_sqlite(element: period_label, compiler: Any, **kw: Any) -> str:
    col = _arg(element, compiler, **kw)
    if element.period is Period.MONTH:
        return f"strftime('%Y-%m', {col})"
    if element.period is Period.QUARTER:
        return f"(strftime('%Y', {col}) || '-Q' || ((CAST(strftime('%m', {col}) AS INTEGER) + 2) / 3))"
    # ISO week: the Thursday of the (Monday-based) week decides year and week number.
    thursday = f"date({col}, '-3 days', 'weekday 4')"
    return (f"printf('%s-W%02d', strftime('%Y', {thursday}), "
            f"(CAST(strftime('%j', {thursday}) AS INTEGER) - 1) / 7 + 1)")


@compiles(period_label, "postgresql")
def _label_pg(element: period_label, compiler: Any, **kw: Any) -> str:
    col = _arg(element, compiler, **kw)
    fmt = {Period.WEEK: 'IYYY-"W"IW', Period.MONTH: "YYYY-MM", Period.QUARTER: 'YYYY-"Q"Q'}[element.period]
    return f"to_char({col}, '{fmt}')"


@compiles(period_start, "sqlite")
def _start_sqlite(element: period_start, compiler: Any, **kw: Any) -> str:
    col = _arg(element, compiler, **kw)
    if element.period is Period.WEEK:
        return f"date({col}, '-6 days', 'weekday 1')"
    if element.period is Period.MONTH:
        return f"date({col}, 'start of month')"
    return (f"date({col}, 'start of month', "
            f"'-' || ((CAST(strftime('%m', {col}) AS INTEGER) - 1) % 3) || ' months')")


@compiles(period_start, "postgresql")
def _start_pg(element: period_start, compiler: Any, **kw: Any) -> str:
    col = _arg(element, compiler, **kw)
    return f"CAST(date_trunc('{element.period.value}', {col}) AS DATE)"


@compiles(as_date, "sqlite")
def _as_date_sqlite(element: as_date, compiler: Any, **kw: Any) -> str:
    return f"date({_arg(element, compiler, **kw)})"


@compiles(as_date)
def _as_date_default(element: as_date, compiler: Any, **kw: Any) -> str:
    return f"CAST({_arg(element, compiler, **kw)} AS DATE)"


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


class plus_days(FunctionElement[date]):
    """A Date plus a whole number of days (`plus_days(col, 1)`); the number is part of the SQL text."""

    type = Date()
    inherit_cache = True
    name = "plus_days"
    _traverse_internals: ClassVar = [*FunctionElement._traverse_internals, ("days", InternalTraversal.dp_plain_obj)]

    def __init__(self, column: ColumnElement[Any], days: int) -> None:
        self.days = int(days)
        super().__init__(column)


@compiles(plus_days)
def _plus_days_default(element: plus_days, compiler: Any, **kw: Any) -> str:
    return f"({_arg(element, compiler, **kw)} + {element.days})"


@compiles(plus_days, "sqlite")
def _plus_days_sqlite(element: plus_days, compiler: Any, **kw: Any) -> str:
    return f"date({_arg(element, compiler, **kw)}, '{element.days:+d} days')"


class _Extreme(FunctionElement[Any]):
    """The smallest or largest of non-NULL arguments (NULL handling differs: PostgreSQL skips, SQLite returns NULL)."""

    inherit_cache = True
    #: the function on PostgreSQL and on SQLite
    functions: ClassVar[tuple[str, str]] = ("", "")

    def __init__(self, *columns: ColumnElement[Any]) -> None:
        super().__init__(*columns)
        self.type = columns[0].type


class earliest(_Extreme):
    """The smallest of its (non-NULL) arguments: LEAST on PostgreSQL, the scalar min() on SQLite."""

    inherit_cache = True
    name = "earliest"
    functions = ("LEAST", "min")


class latest(_Extreme):
    """The largest of its (non-NULL) arguments: GREATEST on PostgreSQL, the scalar max() on SQLite."""

    inherit_cache = True
    name = "latest"
    functions = ("GREATEST", "max")


def _extreme(element: _Extreme, compiler: Any, *, on_sqlite: bool, **kw: Any) -> str:
    args = ", ".join(compiler.process(c, **kw) for c in element.clauses)
    return f"{element.functions[on_sqlite]}({args})"


@compiles(earliest)
@compiles(latest)
def _extreme_default(element: _Extreme, compiler: Any, **kw: Any) -> str:
    return _extreme(element, compiler, on_sqlite=False, **kw)


@compiles(earliest, "sqlite")
@compiles(latest, "sqlite")
def _extreme_sqlite(element: _Extreme, compiler: Any, **kw: Any) -> str:
    return _extreme(element, compiler, on_sqlite=True, **kw)


def period_label_of(day: date, period: Period) -> str:
    """The label `period_label` gives in SQL, for a Python date."""
    period = _check(period)
    if period is Period.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period is Period.MONTH:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month + 2) // 3}"


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter holding `day`."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    """The last day of the calendar quarter holding `day`."""
    month = quarter_start(day).month + 2
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def last_quarter_ends(as_of: date, count: int = 8) -> list[date]:
    """The last `count` quarter ends on or before `as_of`, oldest first (as_of counts when it is one)."""
    end = quarter_end(as_of)
    if end > as_of:
        end = quarter_start(as_of) - timedelta(days=1)
    ends = [end]
    while len(ends) < count:
        ends.append(quarter_start(ends[-1]) - timedelta(days=1))
    return ends[::-1]


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months; the day is clamped to the month's end (31 Mar - 1 = 28/29 Feb)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


__all__ = [
    "add_months",
    "as_date",
    "as_timestamp",
    "earliest",
    "last_quarter_ends",
    "latest",
    "period_label",
    "period_label_of",
    "period_start",
    "plus_days",
    "plus_hours",
    "quarter_end",
    "quarter_start",
]
