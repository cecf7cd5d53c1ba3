"""The workbook of a list of customers, prospects or suppliers: exactly the rows, filters and date on screen.

The rows come from services.lists with the page's parameters (the same service the grid reads), so
the workbook holds what the user may see and nothing more; the Info sheet says as of when, by whom
and with which filters it was made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import Engine

from core.vocabulary import Aspect, MetricUnit
from kundenakte.export.german_csv import write_csv
from kundenakte.export.workbook import Column, open_workbook, write_info, write_rows
from services.lists import ListParams, ListRow, ListView, list_model, list_rows
from services.ranked import RankedModel
from services.users import CurrentUser

SHEETS = {Aspect.CUSTOMER: "Kunden", Aspect.PROSPECT: "Interessenten", Aspect.SUPPLIER: "Lieferanten"}
VIEWS = {ListView.ABC: "ABC", ListView.TOP: "Top (Bewegung im Zeitfenster)", ListView.ALL: "Alle"}
_METRIC_KINDS = {MetricUnit.EUR: "money", MetricUnit.HOURS: "hours", MetricUnit.SCORE: "score"}


def list_columns(aspect: Aspect, model: RankedModel) -> tuple[Column, ...]:
    """The sheet's columns: as the page shows them, plus the id and the rank."""
    window = f" ({model.window_days} Tage)" if model.window_days else ""
    cols = [Column("ID", 12, "id"), Column("ABC", 6, "letter", "letter"), Column("Rang", 7, "rank", "int"),
            Column("Name", 40, "name"), Column(f"Kennzahl {model.model}{window}", 18, "metric",
                                               _METRIC_KINDS[model.unit])]
    if aspect is Aspect.PROSPECT:
        cols.append(Column("Angebot gültig", 10, "valid_quote", "bool"))
    else:
        cols.append(Column("Kundennummer" if aspect is Aspect.CUSTOMER else "Lieferantennummer", 16, "number"))
    cols += [Column("Key Account Manager", 24, "key_account_manager"), Column("Ort", 20, "city"),
             Column("Letzter Kontakt", 17, "last_touch", "datetime")]
    return tuple(cols)


def _lines(rows: Iterator[ListRow], columns: Sequence[Column]) -> Iterator[list[Any]]:
    fields = [c.field for c in columns]
    for row in rows:
        values = row.as_dict()
        yield [values[f] for f in fields]


def described(params: ListParams) -> list[tuple[str, str]]:
    """The filters in force, in words (the Info sheet)."""
    facts = [("Ansicht", VIEWS[params.view])]
    if params.letter:
        facts.append(("ABC-Buchstabe", "ohne Buchstabe" if params.letter == "none" else params.letter))
    if params.q:
        facts.append(("Suche", params.q))
    first = params.order[0]
    facts.append(("Sortierung", f"{first.col_id} {'absteigend' if first.descending else 'aufsteigend'}"))
    return facts


def export_list_csv(engine: Engine, user: CurrentUser, params: ListParams, target: IO[bytes]) -> int:
    """The German CSV (kundenakte.export.german_csv) of the list `params` names, the columns of its workbook; the
    same refusal before anything is written. Returns the row count."""
    model = list_model(engine, user, params.aspect)
    columns = list_columns(params.aspect, model)
    as_of = params.as_of or date.today()
    rows = list_rows(engine, user, ListParams(params.aspect, params.view, params.letter, params.q, params.sort, as_of))
    return write_csv(target, columns, _lines(rows, columns))


def export_list(engine: Engine, user: CurrentUser, params: ListParams, target: IO[bytes], *,
                created_at: datetime | None = None) -> int:
    """Write the workbook of the list `params` names as `user` sees it; the service refuses (audited) a user who
    may not read the relationship's area before anything is written. Returns the row count."""
    model = list_model(engine, user, params.aspect)
    columns = list_columns(params.aspect, model)
    as_of = params.as_of or date.today()
    rows = list_rows(engine, user, ListParams(params.aspect, params.view, params.letter, params.q, params.sort, as_of))
    workbook = open_workbook(target)
    try:
        count = write_rows(workbook, SHEETS[params.aspect], columns, _lines(rows, columns), freeze_columns=4)
        write_info(workbook, f"Kundenakte: {SHEETS[params.aspect]}", [
            ("Stand (as of)", as_of), ("Exportiert von", user.id), ("Erstellt", created_at or datetime.now()),
            ("Zeilen", count), ("Modell", str(model.model)),
            ("Zeitfenster", f"{model.window_days} Tage bis zum Stand" if model.window_days else "ohne"),
            *[(f"Filter: {label}", value) for label, value in described(params)],
        ])
    finally:
        workbook.close()
    return count


__all__ = ["SHEETS", "described", "export_list", "export_list_csv", "list_columns"]
