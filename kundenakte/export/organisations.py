"""The organisation list workbook: sheet "Organisationen" (one row per organisation) and sheet "Info".

Written with xlsxwriter's constant_memory mode, so 100k organisations keep memory
flat; money is stored as numbers with a euro format, yes/no as Excel booleans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from sqlalchemy import Engine

from core.vocabulary import Aspect
from services.abc import AbcParams, abc_report, readable_aspects
from services.listing import OrganisationRow, organisation_rows
from services.users import CurrentUser

#: Excel format codes are locale-neutral: German Excel shows 1.234,56 €
MONEY_FORMAT = '#,##0.00 "€";-#,##0.00 "€"'
SHEET = "Organisationen"


@dataclass(frozen=True)
class Column:
    """One column of the sheet: header, width in characters, the row field, and how to write it."""

    header: str
    width: float
    field: str
    kind: str = "text"  # text | bool | money | int | letter


COLUMNS: tuple[Column, ...] = (
    Column("ID", 12, "id"),
    Column("Name", 40, "name"),
    Column("Muttergesellschaft", 30, "parent_name"),
    Column("Ort", 20, "city"),
    Column("Land", 6, "country"),
    Column("Interessent", 12, Aspect.PROSPECT, "bool"),
    Column("Kunde", 9, Aspect.CUSTOMER, "bool"),
    Column("Lieferant", 11, Aspect.SUPPLIER, "bool"),
    Column("Kundennummer", 15, "customer_number"),
    Column("Lieferantennummer", 19, "supplier_number"),
    Column("Key Account Manager", 24, "key_account_manager"),
    Column("Umsatz 12 Monate", 18, "revenue_12m", "money"),
    Column("Offene Rechnungen", 11, "open_invoices", "int"),
    Column("Offene Posten", 16, "open_amount", "money"),
    Column("ABC Kunde", 11, Aspect.CUSTOMER, "letter"),
    Column("ABC Interessent", 11, Aspect.PROSPECT, "letter"),
    Column("ABC Lieferant", 11, Aspect.SUPPLIER, "letter"),
)


def write_organisation_workbook(path: Path, rows: Iterable[OrganisationRow], *, as_of: date, source: str,
                                letters: Mapping[str, Mapping[str, str | None]] | None = None,
                                created_at: datetime | None = None) -> int:
    """Write the workbook; `letters` maps aspect -> organisation id -> ABC letter. Returns the row count."""
    letters = letters or {}
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    try:
        header = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "bottom": 1, "text_wrap": True,
                                      "valign": "top"})
        money = workbook.add_format({"num_format": MONEY_FORMAT})
        sheet = workbook.add_worksheet(SHEET)
        for i, col in enumerate(COLUMNS):
            sheet.set_column(i, i, col.width, money if col.kind == "money" else None)
        sheet.set_row(0, 30)
        sheet.write_row(0, 0, [c.header for c in COLUMNS], header)
        sheet.freeze_panes(1, 2)
        count = 0
        for count, row in enumerate(rows, start=1):
            _write_row(sheet, count, row, letters, money)
        sheet.autofilter(0, 0, count, len(COLUMNS) - 1)
        _write_info(workbook, as_of=as_of, source=source, rows=count, created_at=created_at or datetime.now())
    finally:
        workbook.close()
    return count


def _write_row(sheet: xlsxwriter.worksheet.Worksheet, r: int, row: OrganisationRow,
               letters: Mapping[str, Mapping[str, str | None]], money: xlsxwriter.format.Format) -> None:
    for c, col in enumerate(COLUMNS):
        value = getattr(row, col.field)
        if col.kind == "letter":
            letter = letters.get(col.field, {}).get(row.id)
            if letter:
                sheet.write_string(r, c, letter)
        elif col.kind == "bool":
            sheet.write_boolean(r, c, bool(value))
        elif value is None:  # a figure of an area the user may not read stays empty
            continue
        elif col.kind == "money":
            sheet.write_number(r, c, float(value), money)
        elif col.kind == "int":
            sheet.write_number(r, c, int(value))
        elif value is not None:
            sheet.write_string(r, c, str(value))


def _write_info(workbook: xlsxwriter.Workbook, *, as_of: date, source: str, rows: int, created_at: datetime) -> None:
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd.mm.yyyy", "align": "left"})
    stamp = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm", "align": "left"})
    info = workbook.add_worksheet("Info")
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 60)
    info.write_string(0, 0, "Kundenakte: Organisationsliste", bold)
    info.write_string(1, 0, "Stand (as of)", bold)
    info.write_datetime(1, 1, datetime.combine(as_of, datetime.min.time()), day)
    info.write_string(2, 0, "Quelle", bold)
    info.write_string(2, 1, source)
    info.write_string(3, 0, "Erstellt", bold)
    info.write_datetime(3, 1, created_at.replace(microsecond=0), stamp)
    info.write_string(4, 0, "Organisationen", bold)
    info.write_number(4, 1, rows)
    info.write_string(5, 0, "Umsatz 12 Monate", bold)
    info.write_string(5, 1, "Netto, nicht stornierte Ausgangsrechnungen der 365 Tage bis zum Stand")
    info.write_string(6, 0, "Offene Posten", bold)
    info.write_string(6, 1, "Netto, Ausgangsrechnungen, die am Stichtag unbezahlt waren")


def abc_letters(engine: Engine, user: CurrentUser, as_of: date) -> dict[str, dict[str, str | None]]:
    """ABC letters per aspect at D (classified company-wide by the ABC service), of the aspects the user may read."""
    letters: dict[str, dict[str, str | None]] = {}
    for aspect in readable_aspects(engine, user):
        report = abc_report(engine, user, AbcParams(aspect, as_of=as_of))
        letters[aspect] = {r["organisation_id"]: r["class"] for r in report.records()}
    return letters


def export_organisations(engine: Engine, user: CurrentUser, path: Path, as_of: date | None = None) -> int:
    """The organisation list workbook of everything `user` may see, as of D (default today)."""
    as_of = as_of or date.today()
    source = engine.url.render_as_string(hide_password=True)
    return write_organisation_workbook(path, organisation_rows(engine, user, as_of), as_of=as_of, source=source,
                                       letters=abc_letters(engine, user, as_of))


__all__ = ["COLUMNS", "abc_letters", "export_organisations", "write_organisation_workbook"]
