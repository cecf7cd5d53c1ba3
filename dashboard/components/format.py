"""Numbers, money and dates in the user's language (Babel: de_DE by default, en_GB for English).

The one formatting module of the server side; the grid formats in the browser with `Intl` in the
same locale (assets/dashAgGridFunctions.js reads `<html lang>`).
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from dashboard.i18n import Language, language


def _locale() -> str:
    return language().babel


def money(value: float | None) -> str:
    """1234.5 -> '1.234,50 €'; None -> '–'."""
    return "–" if value is None else format_currency(value, "EUR", locale=_locale())


def number(value: float | None, digits: int = 0) -> str:
    """3.75 -> '3,75' (with `digits` decimals at most)."""
    if value is None:
        return "–"
    return format_decimal(round(value, digits), format="#,##0" + ("." + "#" * digits if digits else ""),
                          locale=_locale())


def fixed(value: float | None, digits: int = 2) -> str:
    """3.5 -> '3,50': exactly `digits` decimals (ratings, hours)."""
    if value is None:
        return "–"
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits, locale=_locale())


def percent(value: float | None) -> str:
    """0.333 -> '33,3 %'."""
    if value is None:
        return "–"
    pattern = "#,##0.0\u00a0%" if language() is Language.DE else "#,##0.0%"
    return format_percent(value, format=pattern, locale=_locale())


def when(value: date | datetime | None) -> str:
    """A date '15.03.2026' or a timestamp '15.03.2026, 09:30'."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, "dd.MM.yyyy, HH:mm" if language() is Language.DE else "dd/MM/yyyy, HH:mm",
                               locale=_locale())
    return format_date(value, "dd.MM.yyyy" if language() is Language.DE else "dd/MM/yyyy", locale=_locale())


def record_href(organisation_id: str) -> str:
    """The link to an organisation's record, `/organisation/<id>` with the id URL-encoded (a `/` as `%2F`).

    An id of dots only (`.`, `..`) would be a path segment the browser resolves away, so it keeps the old form
    `/organisation?id=...` (the page serves both).
    """
    if not organisation_id.strip("."):
        return "/organisation?id=" + quote(organisation_id, safe="")
    return "/organisation/" + quote(organisation_id, safe="")
