"""The controllers' workbook (`kundenakte export PATH.xlsx`, `/download/controllers.xlsx`): one file to filter.

Sheets, each only where the user may read it (services.controllers decides with services.policy):

* "Kunden", "Interessenten", "Lieferanten": every holder of the relationship at D in ABC order, with its id and
  postcode as texts, name, ABC letter, metric, rank, account number, key account manager, open items (customers:
  outgoing invoices unpaid at D; suppliers: incoming invoices open), last touch as a date cell;
* "Organisationen": the organisation list (kundenakte.export.organisations), its letters those of the sheets above;
* "Konzentration Kunden", "Konzentration Lieferanten": top shares, Gini, HHI, the flagged organisations and a
  native Pareto chart (kundenakte.export.concentration);
* "Info": as of, by whom, from where, the rows per sheet, the models, what was left out and why.

Every sheet is written row by row in constant memory (kundenakte.export.workbook); letters of the organisation
list are gathered while the relationship sheets are written, so nothing is classified twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine

from core.vocabulary import Aspect, MetricUnit
from kundenakte.export.concentration import ASPECT_WORDS, write_concentration_sheet
from kundenakte.export.german_csv import write_csv
from kundenakte.export.organisations import SHEET as ORGANISATION_SHEET
from kundenakte.export.organisations import write_organisation_sheet
from kundenakte.export.workbook import Column, open_workbook, write_info, write_rows
from services.concentration import ConcentrationReport
from services.controllers import SheetRow, WorkbookScope, sheet_rows, workbook_concentration, workbook_scope
from services.listing import organisation_names, organisation_rows
from services.lists import ListParams, ListView, list_model
from services.ranked import RankedModel
from services.users import CurrentUser

SHEETS = {Aspect.CUSTOMER: "Kunden", Aspect.PROSPECT: "Interessenten", Aspect.SUPPLIER: "Lieferanten"}
CONCENTRATION_SHEETS = {Aspect.CUSTOMER: "Konzentration Kunden", Aspect.SUPPLIER: "Konzentration Lieferanten"}
AREA_WORDS = {Aspect.CUSTOMER: "Abrechnung", Aspect.PROSPECT: "Vertrieb (Pipeline)", Aspect.SUPPLIER: "Einkauf"}
METRIC_KINDS = {MetricUnit.EUR: "money", MetricUnit.HOURS: "hours", MetricUnit.SCORE: "score"}
OPEN_ITEMS = {Aspect.CUSTOMER: "Ausgangsrechnungen, am Stichtag unbezahlt (netto)",
              Aspect.SUPPLIER: "Eingangsrechnungen mit Status offen, datiert bis zum Stichtag (netto)"}


def sheet_columns(aspect: Aspect, model: RankedModel) -> tuple[Column, ...]:
    """The columns of a relationship's sheet (and of its German CSV)."""
    window = f" ({model.window_days} Tage)" if model.window_days else ""
    cols = [Column("ID", 12, "id"), Column("Name", 40, "name"), Column("ABC", 6, "letter", "letter"),
            Column(f"Kennzahl {model.model}{window}", 18, "metric", METRIC_KINDS[model.unit]),
            Column("Rang", 7, "rank", "int")]
    if aspect is Aspect.PROSPECT:
        cols.append(Column("Angebot gültig", 10, "valid_quote", "bool"))
    else:
        cols.append(Column("Kundennummer" if aspect is Aspect.CUSTOMER else "Lieferantennummer", 16, "number"))
    cols.append(Column("Key Account Manager", 24, "key_account_manager"))
    if aspect is not Aspect.PROSPECT:
        cols.append(Column("Offene Posten", 16, "open_amount", "money"))
    cols += [Column("Letzter Kontakt", 12, "last_touch", "date"), Column("PLZ", 8, "postcode"),
             Column("Ort", 20, "city")]
    return tuple(cols)


def sheet_params(aspect: Aspect, as_of: date) -> ListParams:
    """The list a sheet holds: every holder at D, in ABC order (A first, by rank), no filter."""
    return ListParams(aspect, ListView.ABC, as_of=as_of)


def sheet_lines(rows: Iterable[SheetRow], columns: Sequence[Column],
                letters: MutableMapping[str, str] | None = None) -> Iterator[list[Any]]:
    """One list of values per row in the columns' order; the letters noted in `letters` on the way."""
    fields = [c.field for c in columns]
    for row in rows:
        values = vars(row)
        if letters is not None and row.letter:
            letters[row.id] = row.letter
        yield [values[f] for f in fields]


@dataclass
class WorkbookSummary:
    """What was written: the rows per sheet (in order) and the sheets the user may not have."""

    as_of: date
    rows: dict[str, int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)

    @property
    def organisations(self) -> int:
        return self.rows.get(ORGANISATION_SHEET, 0)

    def described(self) -> str:
        """One line for the audit log and the command line."""
        parts = [f"{name} {n}" for name, n in self.rows.items() if not name.startswith("Konzentration")]
        return f"{self.organisations} organisations ({', '.join(parts)})"


def _left_out(scope: WorkbookScope) -> list[str]:
    missing = [f"{SHEETS[a]} (keine Leseberechtigung für {AREA_WORDS[a]})" for a in SHEETS if a not in scope.lists]
    missing += [f"{CONCENTRATION_SHEETS[a]} (keine Leseberechtigung für Auswertungen und {AREA_WORDS[a]})"
                for a in CONCENTRATION_SHEETS if a not in scope.concentration]
    return missing


def _info(summary: WorkbookSummary, models: dict[Aspect, RankedModel], reports: dict[Aspect, ConcentrationReport],
          *, exported_by: str, source: str, created_at: datetime) -> list[tuple[str, Any]]:
    facts: list[tuple[str, Any]] = [
        ("Stand (as of)", summary.as_of), ("Erstellt", created_at), ("Exportiert von", exported_by),
        ("Quelle", source),
        ("Filter", "keine: alle Organisationen, die der Exportierende sehen darf; Listen in ABC-Reihenfolge"),
    ]
    facts += [(f"Blatt {name}", f"{n} Zeilen") for name, n in summary.rows.items()
              if not name.startswith("Konzentration")]
    for aspect, model in models.items():
        window = f", {model.window_days} Tage bis zum Stand" if model.window_days else ""
        facts.append((f"Modell {SHEETS[aspect]}", f"{model.model}{window}; ABC unternehmensweit"))
    for aspect, rep in reports.items():
        facts.append((f"Blatt {CONCENTRATION_SHEETS[aspect]}",
                      f"{ASPECT_WORDS[aspect]}, je Organisation, {rep.window} Tage bis zum Stand"))
    facts += [(f"Offene Posten {SHEETS[a]}", words) for a, words in OPEN_ITEMS.items() if a in models]
    facts += [("Nicht enthalten", text) for text in summary.left_out]
    return facts


def export_controllers(engine: Engine, user: CurrentUser, target: Path | IO[bytes], as_of: date | None = None, *,
                       source: str | None = None, created_at: datetime | None = None) -> WorkbookSummary:
    """Write the controllers' workbook of what `user` may see at D (default today). A user who may not read
    master data gets an audited Forbidden before anything is written; the caller audits the export."""
    scope = workbook_scope(engine, user)
    as_of = as_of or date.today()
    models = {a: list_model(engine, user, a) for a in scope.lists}
    reports = {a: workbook_concentration(engine, user, a, as_of) for a in scope.concentration}
    names = organisation_names(engine, user, [f.organisation_id for r in reports.values() for f in r.figures.flagged])
    summary = WorkbookSummary(as_of, left_out=_left_out(scope))
    letters: dict[str, dict[str, str]] = {}
    workbook = open_workbook(target)
    try:
        for aspect, model in models.items():
            columns = sheet_columns(aspect, model)
            rows = sheet_rows(engine, user, sheet_params(aspect, as_of))
            letters[aspect] = {}
            summary.rows[SHEETS[aspect]] = write_rows(workbook, SHEETS[aspect], columns,
                                                      sheet_lines(rows, columns, letters[aspect]), freeze_columns=2)
        summary.rows[ORGANISATION_SHEET] = write_organisation_sheet(
            workbook, organisation_rows(engine, user, as_of), letters)
        for aspect, rep in reports.items():
            write_concentration_sheet(workbook, CONCENTRATION_SHEETS[aspect], rep, names)
            summary.rows[CONCENTRATION_SHEETS[aspect]] = rep.figures.n
        write_info(workbook, "Kundenakte: Controlling-Arbeitsmappe", _info(
            summary, models, reports, exported_by="Kommandozeile" if user.is_system else user.id,
            source=source if source is not None else engine.url.render_as_string(hide_password=True),
            created_at=created_at or datetime.now()))
    finally:
        workbook.close()
    return summary


def export_sheet_csv(engine: Engine, user: CurrentUser, aspect: Aspect, target: Path | IO[bytes],
                     as_of: date | None = None) -> int:
    """The German CSV of one relationship's sheet (its columns and rows); the list service refuses (audited) a user
    who may not read it before anything is written. Returns the row count."""
    model = list_model(engine, user, aspect)
    columns = sheet_columns(aspect, model)
    rows = sheet_rows(engine, user, sheet_params(aspect, as_of or date.today()))
    return write_csv(target, columns, sheet_lines(rows, columns))


__all__ = ["CONCENTRATION_SHEETS", "SHEETS", "WorkbookSummary", "export_controllers", "export_sheet_csv",
           "sheet_columns", "sheet_lines", "sheet_params"]
