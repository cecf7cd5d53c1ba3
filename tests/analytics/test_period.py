"""As-of dates and windows (spec/analytics.md: "the N days up to D" means D-N+1 ... D, both ends included)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.period import as_of_date, day_end, window


def test_window_is_the_n_days_up_to_d() -> None:
    """The 365 days up to D run from D-364 to D, both included."""
    w = window(date(2025, 6, 30), 365)
    assert (w.first, w.last, w.days) == (date(2024, 7, 1), date(2025, 6, 30), 365)
    assert w.contains(date(2024, 7, 1)) and w.contains(date(2025, 6, 30))
    assert not w.contains(date(2024, 6, 30)) and not w.contains(date(2025, 7, 1))


def test_one_day_window_and_no_empty_window() -> None:
    """A window of one day is D alone; a window of no days is refused."""
    assert window(date(2024, 2, 29), 1).first == date(2024, 2, 29)
    with pytest.raises(ValueError):
        window(date(2024, 2, 29), 0)


def test_as_of_defaults_to_today_and_day_end_is_next_midnight() -> None:
    """Every figure is as of D, default today; a timestamp is on or before D when it is before D+1 00:00."""
    assert as_of_date(None) == date.today()
    assert as_of_date(date(2020, 1, 1)) == date(2020, 1, 1)
    assert day_end(date(2024, 12, 31)) == datetime(2025, 1, 1)
