"""As-of dates and windows (spec/analytics.md: "the N days up to D" = D-N+1 ... D)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


def as_of_date(value: date | None = None) -> date:
    """The as-of date D: the given one, else today."""
    return value if value is not None else date.today()


def day_end(d: date) -> datetime:
    """Exclusive upper bound for timestamps "on or before D": D+1 at 00:00."""
    return datetime.combine(d + timedelta(days=1), time())


@dataclass(frozen=True)
class Window:
    """The days first ... last, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def contains(self, d: date) -> bool:
        return self.first <= d <= self.last


def window(as_of: date, days: int) -> Window:
    """The `days` days up to `as_of`: as_of-days+1 ... as_of."""
    if days < 1:
        raise ValueError(f"a window needs at least one day, not {days}")
    return Window(as_of - timedelta(days=days - 1), as_of)


__all__ = [
    "Window",
    "as_of_date",
    "day_end",
    "window",
]
