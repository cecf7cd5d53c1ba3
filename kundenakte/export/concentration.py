"""The concentration workbook (spec/analytics.md, "Concentration risk"): what /concentration shows, for controllers.

Sheets: "Kennzahlen" (n, total, HHI and its band, Gini, the top shares, with the Pareto chart beside them),
"Auffällig" (the flagged organisations or group roots: id as text, name, amount in euros, share), "Kurven"
(the Pareto and Lorenz points the chart draws) and "Info" (as-of date, who exported it, the filters).
`write_concentration_sheet` puts all of it on one sheet for the controllers' workbook (kundenakte.export.controllers).
Written with the shared cell writers of kundenakte.export.workbook: money as numbers in a euro format, ids
and names as texts, a text that could be read as a formula with the quote prefix (OWASP ASVS 1.2.10).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.vocabulary import Aspect, Grouping
from kundenakte.export.workbook import FORMULA_STARTS, MONEY_FORMAT, Column, open_workbook, write_info, write_rows
from services.concentration import ConcentrationReport, concentration
from services.listing import organisation_names
from services.users import CurrentUser

FIGURES_SHEET, FLAGGED_SHEET, CURVES_SHEET = "Kennzahlen", "Auffällig", "Kurven"
ASPECT_WORDS = {Aspect.CUSTOMER: "Umsatz (Kunden, Ausgangsrechnungen)",
                Aspect.SUPPLIER: "Einkauf (Lieferanten, Eingangsrechnungen)"}
GROUPING_WORDS = {Grouping.ORGANISATION: "je Organisation", Grouping.GROUP: "je Gruppe (Wurzel des Konzernbaums)"}
BAND_WORDS = {"unconcentrated": "nicht konzentriert", "moderate": "mäßig konzentriert", "high": "hoch konzentriert"}


def _units(by: Grouping) -> str:
    return "Gruppen" if by is Grouping.GROUP else "Organisationen"


def _flagged_columns(by: Grouping) -> tuple[Column, ...]:
    who = "Gruppe" if by is Grouping.GROUP else "Organisation"
    return (Column(f"{who}: ID", 16, "organisation_id"), Column(who, 44, "name"),
            Column("Betrag", 18, "metric", "money"), Column("Anteil", 10, "share", "percent"))


def _curve_columns(by: Grouping) -> tuple[Column, ...]:
    return (Column(f"Anteil der {_units(by)}", 16, "x", "percent"),
            Column("Pareto: kumulierter Anteil (größte zuerst)", 22, "pareto", "percent"),
            Column("Lorenz: kumulierter Anteil (kleinste zuerst)", 22, "lorenz", "percent"))


def _curve_rows(rep: ConcentrationReport) -> Iterator[list[float | None]]:
    """(0, 0, 0), then per point its share of organisations and both curves' cumulative shares (the two curves
    are thinned at the same positions, so one x serves both)."""
    yield [0.0, 0.0, 0.0]
    lorenz = dict(rep.lorenz)
    for x, y in rep.pareto:
        yield [x, y, lorenz.get(x)]


def _figure_lines(rep: ConcentrationReport) -> list[tuple[str, Any, str | None, str]]:
    """(label, value, number kind or None for a text, note) of the headline figures."""
    f = rep.figures
    return [
        (f"Anzahl {_units(rep.by)}", f.n, "int", "mit positivem Betrag im Zeitfenster"),
        ("Summe", f.total, "money", "netto, nicht storniert"),
        ("HHI", f.hhi, "hhi", "Herfindahl-Hirschman-Index, 0 bis 10.000"),
        ("HHI-Einstufung", BAND_WORDS.get(f.band, f.band), None, "unter 1.000 nicht, bis 1.800 mäßig, darüber hoch"),
        ("Gini", f.gini, "gini", "0 = alle gleich, nahe 1 = einer hält alles"),
        *[(f"Anteil der größten {p} %", f.top_shares.get(p, 0.0), "percent", "")
          for p in sorted(f.top_shares, key=int)],
    ]


def _write_figure_lines(workbook: Workbook, sheet: Worksheet, rep: ConcentrationReport) -> int:
    """The header "Kennzahl, Wert, Erläuterung" in row 0, then one figure per row with its own number format in
    columns A to C (widths set here). Returns the next free row."""
    bold = workbook.add_format({"bold": True})
    formats = {kind: workbook.add_format({"num_format": code}) for kind, code in
               (("int", "#,##0"), ("money", MONEY_FORMAT), ("hhi", "#,##0"), ("gini", "0.000"), ("percent", "0.0%"))}
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 46)
    sheet.write_row(0, 0, ["Kennzahl", "Wert", "Erläuterung"], _header_format(workbook))
    r = 0
    for r, (label, value, kind, note) in enumerate(_figure_lines(rep), start=1):
        sheet.write_string(r, 0, label, bold)
        if kind is None:
            sheet.write_string(r, 1, str(value))
        else:
            sheet.write_number(r, 1, float(value), formats[kind])
        sheet.write_string(r, 2, note)
    return r + 1


def _header_format(workbook: Workbook) -> Any:
    return workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "bottom": 1})


def _write_figures(workbook: Workbook, rep: ConcentrationReport) -> None:
    """The headline figures, one per line with its own number format, and the Pareto chart beside them."""
    sheet = workbook.add_worksheet(FIGURES_SHEET)
    _write_figure_lines(workbook, sheet, rep)
    sheet.insert_chart(0, 4, _pareto_chart(workbook, rep), {"x_scale": 1.25, "y_scale": 1.4})


def _pareto_chart(workbook: Workbook, rep: ConcentrationReport, sheet: str = CURVES_SHEET, first: int = 1) -> Any:
    """Pareto and Lorenz curves of the points on `sheet` (columns A to C from row `first`: the origin, then the
    points) with the diagonal of equal shares, axes in percent."""
    last = first + len(rep.pareto)
    chart = workbook.add_chart({"type": "scatter", "subtype": "straight"})
    x = [sheet, first, 0, last, 0]
    chart.add_series({"name": "Pareto-Kurve", "categories": x, "values": [sheet, first, 1, last, 1],
                      "line": {"color": "#1F5F99", "width": 2.25}})
    chart.add_series({"name": "Lorenz-Kurve", "categories": x, "values": [sheet, first, 2, last, 2],
                      "line": {"color": "#B7791F", "width": 2.25}})
    chart.add_series({"name": "Gleichverteilung", "categories": x, "values": x,
                      "line": {"color": "#8A94A6", "dash_type": "dash", "width": 1}})
    axis = {"min": 0, "max": 1, "major_unit": 0.2, "num_format": "0%", "major_gridlines": {"visible": True}}
    chart.set_x_axis({**axis, "name": f"Anteil der {_units(rep.by)}"})
    chart.set_y_axis({**axis, "name": "kumulierter Anteil"})
    chart.set_title({"name": f"Pareto-Kurve (Gini {rep.figures.gini:.3f})".replace(".", ",")})
    chart.set_legend({"position": "bottom"})
    return chart


def write_concentration_sheet(workbook: Workbook, name: str, rep: ConcentrationReport,
                              names: Mapping[str, str]) -> None:
    """All of one concentration on one sheet (the controllers' workbook): the figures (header frozen), the flagged
    organisations, the curve points with an autofilter, and the Pareto chart beside them, drawn from those points.
    Written top to bottom, as constant memory requires."""
    sheet: Worksheet = workbook.add_worksheet(name)
    header, quoted = _header_format(workbook), workbook.add_format({"quote_prefix": True})
    money, percent = workbook.add_format({"num_format": MONEY_FORMAT}), workbook.add_format({"num_format": "0.0%"})
    sheet.set_column(3, 3, 10)
    row = _write_figure_lines(workbook, sheet, rep) + 1
    sheet.freeze_panes(1, 0)
    who = "Gruppe" if rep.by is Grouping.GROUP else "Organisation"
    sheet.write_row(row, 0, [f"Auffällig: {who} (ID)", "Betrag", who, "Anteil"], header)
    for f in rep.figures.flagged:
        row += 1
        for col, text in ((0, f.organisation_id), (2, names.get(f.organisation_id, f.organisation_id))):
            sheet.write_string(row, col, text, quoted if text.startswith(FORMULA_STARTS) else None)
        sheet.write_number(row, 1, float(f.metric), money)
        sheet.write_number(row, 3, float(f.share), percent)
    if not rep.figures.flagged:
        row += 1
        sheet.write_string(row, 0, "keine über der Schwelle")
    row += 2
    sheet.write_row(row, 0, [c.header for c in _curve_columns(rep.by)], header)
    first = row + 1
    for row, point in enumerate(_curve_rows(rep), start=first):
        for col, value in enumerate(point):
            if value is not None:
                sheet.write_number(row, col, float(value), percent)
    sheet.autofilter(first - 1, 0, row, 2)
    sheet.insert_chart(0, 5, _pareto_chart(workbook, rep, name, first), {"x_scale": 1.25, "y_scale": 1.4})


def write_concentration_workbook(target: Path | IO[bytes], rep: ConcentrationReport, names: Mapping[str, str], *,
                                 exported_by: str | None, created_at: datetime | None = None,
                                 view: str | None = None) -> None:
    """Write the workbook of `rep`; `names` labels the flagged ids the user may see (the others keep the id)."""
    workbook = open_workbook(target)
    try:
        _write_figures(workbook, rep)
        flagged = ([f.organisation_id, names.get(f.organisation_id, f.organisation_id), f.metric, f.share]
                   for f in rep.figures.flagged)
        write_rows(workbook, FLAGGED_SHEET, _flagged_columns(rep.by), flagged)
        write_rows(workbook, CURVES_SHEET, _curve_columns(rep.by), _curve_rows(rep))
        facts: list[tuple[str, Any]] = [
            ("Stand (as of)", rep.as_of), ("Erstellt", created_at or datetime.now()),
            ("Exportiert von", exported_by or "Kommandozeile"),
            ("Filter: Auswertung", ASPECT_WORDS.get(rep.aspect, str(rep.aspect))),
            ("Filter: Gruppierung", GROUPING_WORDS.get(rep.by, str(rep.by))),
            ("Filter: Zeitfenster", f"{rep.window} Tage bis zum Stand"),
            ("Kurven", "auf höchstens 500 Punkte ausgedünnt" if rep.pareto_thinned else "alle Punkte"),
        ]
        if view:
            facts.append(("Ansicht", view))
        write_info(workbook, "Kundenakte: Konzentrationsrisiko", facts)
    finally:
        workbook.close()


def export_concentration(engine: Engine, user: CurrentUser, target: Path | IO[bytes], aspect: Aspect, *,
                         as_of: date | None = None, by: Grouping = Grouping.ORGANISATION, window: int | None = None,
                         view: str | None = None) -> ConcentrationReport:
    """The workbook of the concentration `user` may read (analytics and the aspect's area, else an audited
    Forbidden before a byte is written); names only of the flagged organisations the user may see."""
    rep = concentration(engine, user, aspect, as_of, window, by)
    names = organisation_names(engine, user, [f.organisation_id for f in rep.figures.flagged])
    write_concentration_workbook(target, rep, names, exported_by=None if user.is_system else user.id, view=view)
    return rep


__all__ = ["ASPECT_WORDS", "export_concentration", "write_concentration_sheet", "write_concentration_workbook"]
