"""Date bucketing on SQLite and PostgreSQL gives the same labels and starts as Python."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, literal, select

from analytics.sqlfuncs import (
    add_months,
    as_date,
    as_timestamp,
    last_quarter_ends,
    period_label,
    period_label_of,
    period_start,
    plus_hours,
    quarter_end,
)
from core.schema import Activity, Invoice, Ticket, TimeEntry
from tests.support import seed

# Year ends with ISO weeks 53 and 01 spilling over, leap days, quarter edges.
EDGE_DAYS = [date(y, 12, 20) + timedelta(days=i) for y in (2020, 2024, 2025, 2026) for i in range(20)] + [
    date(2024, 2, 29), date(2026, 3, 31), date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 1),
    date(2026, 9, 30), date(2026, 10, 1), date(2026, 1, 5),
]


def _python_start(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_labels_and_starts_of_date_columns_match_python(engine: Engine, period: str) -> None:
    """Activity analysis periods (spec/analytics.md): ISO week `2026-W05`, month `2026-01`, quarter `2026-Q1`."""
    seed(engine, {"time_entries": [
        {"id": f"t{i}", "agent_id": "a", "entry_date": d.isoformat(), "hours": 1} for i, d in enumerate(EDGE_DAYS)
    ]})
    q = select(TimeEntry.entry_date, period_label(TimeEntry.entry_date, period),
               period_start(TimeEntry.entry_date, period))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    assert len(rows) == len(EDGE_DAYS)
    for day, label, start in rows:
        assert (label, start) == (period_label_of(day, period), _python_start(day, period)), day


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_labels_of_timestamp_columns_ignore_the_time(engine: Engine, period: str) -> None:
    """A timestamp late on a bucket's last day stays in that bucket (spec/analytics.md, Activity analysis)."""
    stamps = [datetime.combine(d, datetime.max.time()).replace(microsecond=0) for d in EDGE_DAYS]
    seed(engine, {"activities": [
        {"id": f"a{i}", "kind": "note", "occurred_at": s.isoformat()} for i, s in enumerate(stamps)
    ]})
    q = select(Activity.occurred_at, period_label(Activity.occurred_at, period),
               period_start(Activity.occurred_at, period), as_date(Activity.occurred_at))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    for stamp, label, start, day in rows:
        assert day == stamp.date()
        assert (label, start) == (period_label_of(stamp.date(), period), _python_start(stamp.date(), period))


def test_iso_week_labels_at_year_ends() -> None:
    """ISO weeks: 31 Dec 2020 is 2020-W53, 30 Dec 2024 is already 2025-W01 (spec/analytics.md)."""
    assert period_label_of(date(2020, 12, 31), "week") == "2020-W53"
    assert period_label_of(date(2021, 1, 3), "week") == "2020-W53"
    assert period_label_of(date(2024, 12, 30), "week") == "2025-W01"
    assert period_label_of(date(2026, 1, 28), "week") == "2026-W05"
    assert period_label_of(date(2026, 11, 24), "quarter") == "2026-Q4"


def test_unknown_period_is_refused() -> None:
    """Only week, month and quarter are periods (command-line contract of `activity`)."""
    with pytest.raises(ValueError, match="period"):
        period_label(TimeEntry.entry_date, "year")


def test_quarter_ends_for_the_trend() -> None:
    """Trend: the ends of the last eight quarters, a quarter end itself included (spec, Concentration risk)."""
    assert quarter_end(date(2026, 2, 14)) == date(2026, 3, 31)
    ends = last_quarter_ends(date(2026, 3, 31))
    assert len(ends) == 8 and ends[0] == date(2024, 6, 30) and ends[-1] == date(2026, 3, 31)
    assert last_quarter_ends(date(2026, 3, 30), 2) == [date(2025, 9, 30), date(2025, 12, 31)]


def test_calendar_months_clamp_to_the_month_end() -> None:
    """Retention periods are calendar months (spec/analytics.md, Retention): 31 Mar minus 1 month is 28 Feb."""
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), -24) == date(2022, 2, 28)
    assert add_months(date(2026, 11, 24), -24) == date(2024, 11, 24)


def test_plus_hours_takes_fractions_and_crosses_midnight(engine: Engine) -> None:
    """Tickets tile (spec/analytics.md): the SLA deadline is opened_at plus (fractional) SLA hours."""
    seed(engine, {"organisations": [{"id": "o1", "name": "X"}], "tickets": [
        {"id": "t1", "organisation_id": "o1", "status": "open", "opened_at": "2026-03-15T22:30:00", "sla_hours": 4.25},
    ]})
    with engine.connect() as conn:
        due = conn.execute(select(plus_hours(Ticket.opened_at, Ticket.sla_hours))).scalar_one()
        later = conn.execute(select(Ticket.id).where(
            plus_hours(Ticket.opened_at, literal(1.5)) < datetime(2026, 3, 16, 0, 0, 1))).all()
    assert due == datetime(2026, 3, 16, 2, 45)
    assert later == [("t1",)]


def test_dates_as_timestamps_sort_with_timestamps(engine: Engine) -> None:
    """Timeline (customer record): a dated fact is midnight of its day, comparable with datetime bounds."""
    seed(engine, {"invoices": [{"id": "i1", "organisation_id": "o1", "invoice_date": "2026-03-12", "amount_net": 1,
                                "status": "open"}]})
    with engine.connect() as conn:
        stamp = conn.execute(select(as_timestamp(Invoice.invoice_date))).scalar_one()
        bound = datetime(2026, 3, 12, 0, 1)
        assert conn.execute(select(Invoice.id).where(as_timestamp(Invoice.invoice_date) < bound)).all() == [("i1",)]
    assert stamp == datetime(2026, 3, 12)
