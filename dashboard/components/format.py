"""Numbers, money and dates the German way (Babel, locale de_DE)."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "de_DE"


def money(value: float | None) -> str:
    """1234.5 -> '1.234,50 €'; None -> '–'."""
    return "–" if value is None else format_currency(value, "EUR", locale=LOCALE)


def number(value: float | None, digits: int = 0) -> str:
    """3.75 -> '3,75' (with `digits` decimals at most)."""
    if value is None:
        return "–"
    return format_decimal(round(value, digits), format="#,##0" + ("." + "#" * digits if digits else ""),
                          locale=LOCALE)


def fixed(value: float | None, digits: int = 2) -> str:
    """3.5 -> '3,50': exactly `digits` decimals (ratings, hours)."""
    if value is None:
        return "–"
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits, locale=LOCALE)


def percent(value: float | None) -> str:
    """0.333 -> '33,3 %'."""
    return "–" if value is None else format_percent(value, format="#,##0.0 %", locale=LOCALE)


def when(value: date | datetime | None) -> str:
    """A date '15.03.2026' or a timestamp '15.03.2026, 09:30'."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, "dd.MM.yyyy, HH:mm", locale=LOCALE)
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)


def record_href(organisation_id: str) -> str:
    """The link to an organisation's record, the id URL-encoded."""
    return "/organisation?id=" + quote(organisation_id, safe="")
