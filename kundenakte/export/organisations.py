"""The organisation list workbook: sheet "Organisationen" (one row per organisation) and sheet "Info".

Written with xlsxwriter's constant_memory mode (kundenakte.export.workbook), so 100k organisations keep
memory flat; money is stored as numbers with a euro format, yes/no as Excel booleans, texts that could
be read as formulas with the quote prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine
from xlsxwriter.workbook import Workbook

from core.vocabulary import Aspect
from kundenakte.export.workbook import Column, open_workbook, write_info, write_rows
from services.abc import AbcParams, abc_report, readable_aspects
from services.grid import SortKey
from services.listing import OrganisationRow, organisation_rows
from services.users import CurrentUser

SHEET = "Organisationen"

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


def _lines(rows: Iterable[OrganisationRow],
           letters: Mapping[str, Mapping[str, str | None]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [letters.get(c.field, {}).get(row.id) if c.kind == "letter"
               else bool(getattr(row, c.field)) if c.kind == "bool" else getattr(row, c.field) for c in COLUMNS]


def write_organisation_sheet(workbook: Workbook, rows: Iterable[OrganisationRow],
                             letters: Mapping[str, Mapping[str, str | None]]) -> int:
    """The sheet "Organisationen" of `rows` (letters: aspect -> organisation id -> ABC letter). Returns the count."""
    return write_rows(workbook, SHEET, COLUMNS, _lines(rows, letters), freeze_columns=2)


def write_organisation_workbook(path: Path | IO[bytes], rows: Iterable[OrganisationRow], *, as_of: date,
                                source: str, letters: Mapping[str, Mapping[str, str | None]] | None = None,
                                created_at: datetime | None = None, exported_by: str | None = None,
                                filters: Sequence[tuple[str, str]] = ()) -> int:
    """Write the workbook; `letters` maps aspect -> organisation id -> ABC letter. Returns the row count."""
    workbook = open_workbook(path)
    try:
        count = write_organisation_sheet(workbook, rows, letters or {})
        facts: list[tuple[str, Any]] = [("Stand (as of)", as_of), ("Quelle", source),
                                        ("Erstellt", created_at or datetime.now())]
        if exported_by is not None:
            facts.append(("Exportiert von", exported_by))
        facts += [("Organisationen", count),
                  ("Umsatz 12 Monate", "Netto, nicht stornierte Ausgangsrechnungen der 365 Tage bis zum Stand"),
                  ("Offene Posten", "Netto, Ausgangsrechnungen, die am Stichtag unbezahlt waren"),
                  *[(f"Filter: {label}", value) for label, value in filters]]
        write_info(workbook, "Kundenakte: Organisationsliste", facts)
    finally:
        workbook.close()
    return count


def abc_letters(engine: Engine, user: CurrentUser, as_of: date) -> dict[str, dict[str, str | None]]:
    """ABC letters per aspect at D (classified company-wide by the ABC service), of the aspects the user may read."""
    letters: dict[str, dict[str, str | None]] = {}
    for aspect in readable_aspects(engine, user):
        report = abc_report(engine, user, AbcParams(aspect, as_of=as_of))
        letters[aspect] = {r["organisation_id"]: r["class"] for r in report.records()}
    return letters


def export_organisations(engine: Engine, user: CurrentUser, path: Path | IO[bytes], as_of: date | None = None, *,
                         filters: Mapping[str, Any] | None = None, sort: Sequence[SortKey] = (),
                         source: str | None = None, described: Sequence[tuple[str, str]] = ()) -> int:
    """The organisation list workbook of everything `user` may see (filtered and sorted like the grid: AG Grid's
    filter model and sort keys, checked by the service), as of D (default today)."""
    as_of = as_of or date.today()
    rows = organisation_rows(engine, user, as_of, filters=filters, sort=sort)
    first = next(rows, None)  # the service's refusal (or a bad filter) before a byte is written
    everything: Iterable[OrganisationRow] = [] if first is None else _chain(first, rows)
    return write_organisation_workbook(
        path, everything, as_of=as_of,
        source=source if source is not None else engine.url.render_as_string(hide_password=True),
        letters=abc_letters(engine, user, as_of), exported_by=None if user.is_system else user.id,
        filters=described)


def _chain(first: OrganisationRow, rest: Iterator[OrganisationRow]) -> Iterator[OrganisationRow]:
    yield first
    yield from rest


__all__ = ["COLUMNS", "SHEET", "abc_letters", "export_organisations", "write_organisation_sheet",
           "write_organisation_workbook"]
