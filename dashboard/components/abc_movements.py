"""Movements between two dates (transition matrix, who moved) and the ABC warnings, as tables for the ABC page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from core.vocabulary import MODELS, AbcModel, Aspect
from dashboard.components.abc import MAX_ROWS, aspect_label, metric_formatter, unit_of
from dashboard.components.format import money, number, percent, record_href, when
from dashboard.components.grid_locale import grid_locale_text
from dashboard.i18n import _

LETTER_ORDER = {"A": 0, "B": 1, "C": 2}


def _label(letter: str) -> str:
    """A letter, or how the matrix and the list name "no letter" (no movement, or not holding the relationship)."""
    return letter if letter in LETTER_ORDER else _("ohne")


def _transition(kind: str) -> str:
    return {"new": _("neu"), "lost": _("verloren")}.get(kind, kind)


def warning_label(kind: str) -> str:
    return {"stale_potential": _("Potenzial veraltet"), "downward_trend": _("Umsatz fällt"),
            "high_share": _("Hoher Anteil")}.get(kind, kind)


def transition_counts(matrix: Any) -> dict[str, int]:
    """Up, down, new and lost from the matrix before x after (rows and columns A, B, C and no letter)."""
    counts = {"up": 0, "down": 0, "new": 0, "lost": 0}
    for before in matrix.index:
        for after in matrix.columns:
            n = int(matrix.loc[before, after])
            if before == after or not n:
                continue
            if before not in LETTER_ORDER:
                counts["new"] += n
            elif after not in LETTER_ORDER:
                counts["lost"] += n
            else:
                counts["up" if LETTER_ORDER[after] < LETTER_ORDER[before] else "down"] += n
    return counts


def matrix_table(movements: Any) -> html.Div:
    """The transition matrix (rows: letter at the first date, columns: at the second) and the counts of moves."""
    m = movements.matrix
    head = html.Thead(html.Tr([html.Th(f"{when(movements.before)} ↓ / {when(movements.after)} →")]
                              + [html.Th(_label(c), className="num") for c in m.columns]))
    body = [html.Tr([html.Th(_label(b))] + [
        html.Td(number(int(m.loc[b, a])), className="num diagonal" if a == b else "num") for a in m.columns])
        for b in m.index]
    c = transition_counts(m)
    summary = _("aufgestiegen {up} · abgestiegen {down} · neu {new} · verloren {lost}",
                **{k: number(v) for k, v in c.items()})
    return html.Div([html.Table([head, html.Tbody(body)], className="data-table matrix"),
                     html.P(summary, className="summary")])


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def moved_rows(movements: Any, limit: int = MAX_ROWS) -> list[dict[str, Any]]:
    """Who moved (new, lost, up, down), for the grid: names link by id, metrics as numbers."""
    rows = []
    for r in movements.moved.head(limit).itertuples(index=False):
        rows.append({"id": r.organisation_id, "name": _plain(r.name) or r.organisation_id,
                     "class_before": _label(r.class_before), "class_after": _label(r.class_after),
                     "transition": _transition(r.transition),
                     "metric_before": _plain(r.metric_before), "metric_after": _plain(r.metric_after)})
    return rows


def moved_columns(model: AbcModel | None) -> list[dict[str, Any]]:
    """Name, letters before and after, the kind of move, both metrics in the model's unit."""
    fmt = metric_formatter(model)
    return [
        {"field": "name", "headerName": _("Name"), "cellRenderer": "OrganisationLink", "flex": 2, "minWidth": 180},
        {"field": "class_before", "headerName": _("vorher"), "width": 90},
        {"field": "class_after", "headerName": _("nachher"), "width": 95},
        {"field": "transition", "headerName": _("Bewegung"), "width": 115},
        {"field": "metric_before", "colId": f"metric_before_{unit_of(model)}", "headerName": _("Wert vorher"),
         "flex": 1, "minWidth": 130,
         "type": "rightAligned", "valueFormatter": fmt, "filter": "agNumberColumnFilter"},
        {"field": "metric_after", "colId": f"metric_after_{unit_of(model)}", "headerName": _("Wert nachher"),
         "flex": 1, "minWidth": 130,
         "type": "rightAligned", "valueFormatter": fmt, "filter": "agNumberColumnFilter"},
    ]


def moved_grid(grid_id: str) -> dag.AgGrid:
    """A client-side grid of who moved."""
    # no rowData yet: the grid shows its loading overlay, not the empty state, until the callback answers
    return dag.AgGrid(
        id=grid_id, columnDefs=moved_columns(MODELS[Aspect.CUSTOMER][0]),
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "floatingFilter": True,
                       "suppressHeaderFilterButton": True, "suppressHeaderMenuButton": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 50, "animateRows": False,
                         "localeText": {**grid_locale_text(),
                                        "noRowsToShow": _("Niemand hat die Klasse gewechselt – andere Daten wählen.")}},
        style={"height": "420px", "width": "100%"}, className="ag-theme-alpine",
    )


def _warning_detail(w: Any) -> str:
    if w.kind == "downward_trend" and w.slope is not None:
        return _("Umsatz fällt um {slope} je Quartal (p = {p}); letztes Quartal {last}", slope=money(-w.slope),
                 p=number(w.p_value, 3), last=money(w.value))
    if w.kind == "high_share":
        if w.aspect == Aspect.SUPPLIER:
            return _("{share} des Einkaufsvolumens", share=percent(w.value))
        return _("{share} des Kundenumsatzes", share=percent(w.value))
    if w.kind == "stale_potential":
        return _("Umsatzpotenzial {value} lange nicht aktualisiert", value=money(w.value))
    return str(w.message)


def warnings_table(warnings: Sequence[Any], aspect: Aspect | None = None) -> html.Div | html.P:
    """One line per warning: kind, organisation (linked to its record), what was found; the empty state names
    the relationship and what is checked for it."""
    if not warnings:
        return html.P(_no_warnings(aspect), className="empty")
    rows = [html.Tr([
        html.Td(warning_label(w.kind), className=f"warning-kind warning-{w.kind}"),
        html.Td(dcc.Link(w.name or w.organisation_id, href=record_href(w.organisation_id), className="org-link")),
        html.Td(_warning_detail(w), title=w.message),
    ]) for w in warnings]
    head = html.Thead(html.Tr([html.Th(_("Warnung")), html.Th(_("Organisation")), html.Th(_("Befund"))]))
    return html.Div(html.Table([head, html.Tbody(rows)], className="data-table"), className="table-scroll")


def _no_warnings(aspect: Aspect | None) -> str:
    if aspect is Aspect.PROSPECT:
        return _("Keine Warnungen für Interessenten: kein Umsatzpotenzial ist veraltet.")
    if aspect is Aspect.SUPPLIER:
        return _("Keine Warnungen für Lieferanten: kein Lieferant hält einen zu hohen Anteil am Einkauf.")
    if aspect is Aspect.CUSTOMER:
        return _("Keine Warnungen für Kunden: kein A-Kunde mit fallendem Umsatz, keiner mit zu hohem Anteil.")
    return _("Keine Warnungen.")


def warnings_heading(aspect: Aspect) -> str:
    """The tab's heading names whose warnings it lists."""
    return _("Warnungen: {aspect}", aspect=aspect_label(aspect))


__all__ = ["matrix_table", "moved_columns", "moved_grid", "moved_rows", "transition_counts", "warning_label",
           "warnings_heading", "warnings_table"]
