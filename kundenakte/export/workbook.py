"""What every workbook shares: xlsxwriter in constant-memory mode, sheets of rows (as many as a workbook needs,
each written row by row) and an Info sheet.

Rows are written whole (`write_row`) with each column's format set once on the column: money as
numbers in a euro format, dates and times as date cells, ids and postcodes as text, yes/no as Excel
booleans. A text that a spreadsheet could take for a formula (it starts with = + - @, a tab, a carriage
return or NUL) is written as text with the quote prefix (OWASP ASVS 1.2.10), so it is shown, never
evaluated; control characters are kept as the `_xHHHH_` escapes of the file format. Text columns get the width
of their texts in the first rows (constant memory cannot measure a column afterwards).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

#: Excel format codes are locale-neutral: German Excel shows 1.234,56 €
MONEY_FORMAT = '#,##0.00 "€";-#,##0.00 "€"'
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
#: the first characters that make a spreadsheet read a text as a formula (OWASP ASVS 1.2.10)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
NUMBER_FORMATS = {"money": MONEY_FORMAT, "score": "0.00", "hours": "#,##0.00", "int": "0", "number": "#,##0.##",
                  "percent": "0.0%", "date": DATE_FORMAT, "datetime": DATETIME_FORMAT}


@dataclass(frozen=True)
class Column:
    """One column of the sheet: header, width in characters, the row field, and how it is written."""

    header: str
    width: float
    field: str
    kind: str = "text"  # text | bool | money | score | hours | int | number | percent | date | datetime | letter


def open_workbook(target: Path | IO[bytes]) -> Workbook:
    """A workbook in constant-memory mode that writes texts as texts (no formulas, numbers or links guessed)."""
    return xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), {
        "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False})


#: day 0 of Excel's 1900 date system as it counts from March 1900 on
EXCEL_EPOCH = datetime(1899, 12, 30)


def _excel_date(value: Any) -> Any:
    """A date or time as Excel's serial number (the column's date format shows it as a date)."""
    if isinstance(value, datetime):
        return (value.replace(microsecond=0, tzinfo=None) - EXCEL_EPOCH).total_seconds() / 86400
    if isinstance(value, date):
        return float((value - EXCEL_EPOCH.date()).days)
    return value


#: the rows whose texts a text column's width is fitted to (the first ones: memory stays flat), and its bounds
FIT_ROWS = 1000
MIN_WIDTH, MAX_WIDTH = 6, 60


def _fitted(col: Column, longest: int) -> float:
    """A text column's width: its longest text among the first rows (or the declared width if it had none), at
    least its header's longest word (the header wraps), within MIN_WIDTH ... MAX_WIDTH."""
    if longest == 0:
        return col.width
    word = max((len(w) for w in col.header.split()), default=0)
    return float(min(max(longest + 2, word + 2, MIN_WIDTH), MAX_WIDTH))


def write_rows(workbook: Workbook, name: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
               freeze_columns: int = 1) -> int:
    """The sheet `name`: a bold header row (frozen, with an autofilter over the rows), then `rows` (one value per
    column, None empty); text columns as wide as their texts of the first FIT_ROWS rows. Returns the number of
    rows written. A workbook takes any number of such sheets (constant memory: each is written row by row)."""
    header = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "bottom": 1, "text_wrap": True,
                                  "valign": "top"})
    quoted = workbook.add_format({"quote_prefix": True})
    sheet: Worksheet = workbook.add_worksheet(name)
    formats = []
    for i, col in enumerate(columns):
        fmt = NUMBER_FORMATS.get(col.kind)
        formats.append(workbook.add_format({"num_format": fmt}) if fmt else None)
        sheet.set_column(i, i, col.width, formats[i])
    sheet.set_row(0, 30)
    sheet.write_row(0, 0, [c.header for c in columns], header)
    sheet.freeze_panes(1, freeze_columns)
    texts = [i for i, c in enumerate(columns) if c.kind in ("text", "letter")]
    dates = [i for i, c in enumerate(columns) if c.kind in ("date", "datetime")]
    longest = dict.fromkeys(texts, 0)
    count = 0
    for count, values in enumerate(rows, start=1):
        line = list(values)
        if count <= FIT_ROWS:
            for i in texts:
                if isinstance(line[i], str):
                    longest[i] = max(longest[i], len(line[i]))
        hostile = [i for i in texts if isinstance(line[i], str) and line[i].startswith(FORMULA_STARTS)]
        for i in hostile:
            line[i] = None
        for i in dates:
            line[i] = _excel_date(line[i])
        sheet.write_row(count, 0, line)
        for i in hostile:
            sheet.write_string(count, i, values[i], quoted)
    for i in texts:  # the widths go into the sheet's head, written when the workbook closes
        sheet.set_column(i, i, _fitted(columns[i], longest[i]), formats[i])
    sheet.autofilter(0, 0, count, len(columns) - 1)
    return count


def write_info(workbook: Workbook, title: str, facts: Sequence[tuple[str, Any]]) -> None:
    """The Info sheet: a title, then one fact per line (dates as date cells, texts quoted like the rows')."""
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": DATE_FORMAT, "align": "left"})
    stamp = workbook.add_format({"num_format": DATETIME_FORMAT, "align": "left"})
    quoted = workbook.add_format({"quote_prefix": True})
    info = workbook.add_worksheet("Info")
    info.set_column(0, 0, 24)
    info.set_column(1, 1, 70)
    info.write_string(0, 0, title, bold)
    for r, (label, value) in enumerate(facts, start=1):
        info.write_string(r, 0, label, bold)
        if isinstance(value, datetime):
            info.write_datetime(r, 1, value.replace(microsecond=0, tzinfo=None), stamp)
        elif isinstance(value, date):
            info.write_datetime(r, 1, datetime.combine(value, datetime.min.time()), day)
        elif isinstance(value, bool) or value is None:
            info.write_string(r, 1, "" if value is None else str(value))
        elif isinstance(value, int | float):
            info.write_number(r, 1, value)
        else:
            text = str(value)
            info.write_string(r, 1, text, quoted if text.startswith(FORMULA_STARTS) else None)


__all__ = ["FORMULA_STARTS", "MONEY_FORMAT", "Column", "open_workbook", "write_info", "write_rows"]
