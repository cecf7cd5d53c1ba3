"""Movements between two dates (transition matrix, who moved) and the ABC warnings, as tables for the ABC page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html

from core.vocabulary import MODELS, AbcModel, Aspect
from dashboard.components.abc import MAX_ROWS, metric_formatter, unit_of
from dashboard.components.format import money, number, percent, record_href, when

#: how the matrix and the list name "no letter" (no movement, or not holding the relationship)
NO_LETTER_LABEL = "ohne"
LETTER_ORDER = {"A": 0, "B": 1, "C": 2}
TRANSITION_LABELS = {"new": "neu", "lost": "verloren"}
WARNING_LABELS = {"stale_potential": "Potenzial veraltet", "downward_trend": "Umsatz fällt",
                  "high_share": "Hoher Anteil"}
ASPECT_WORDS = {Aspect.CUSTOMER: "Kundenumsatzes", Aspect.SUPPLIER: "Einkaufsvolumens", Aspect.PROSPECT: "Potenzials"}


def _label(letter: str) -> str:
    return letter if letter in LETTER_ORDER else NO_LETTER_LABEL


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
    summary = (f"aufgestiegen {number(c['up'])} · abgestiegen {number(c['down'])} · neu {number(c['new'])} · "
               f"verloren {number(c['lost'])}")
    return html.Div([html.Table([head, html.Tbody(body)], className="data-table matrix"),
                     html.P(summary, className="summary")])


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def moved_rows(movements: Any, limit: int = MAX_ROWS) -> list[dict[str, Any]]:
    """Who moved (new, lost, up, down), for the grid: names link by id, metrics as numbers."""
    rows = []
    for r in movements.moved.head(limit).itertuples(index=False):
        rows.append({"id": r.organisation_id, "name": _plain(r.name) or r.organisation_id,
                     "class_before": _label(r.class_before), "class_after": _label(r.class_after),
                     "transition": TRANSITION_LABELS.get(r.transition, r.transition),
                     "metric_before": _plain(r.metric_before), "metric_after": _plain(r.metric_after)})
    return rows


def moved_columns(model: AbcModel | None) -> list[dict[str, Any]]:
    """Name, letters before and after, the kind of move, both metrics in the model's unit."""
    fmt = metric_formatter(model)
    return [
        {"field": "name", "headerName": "Name", "cellRenderer": "OrganisationLink", "flex": 2, "minWidth": 180},
        {"field": "class_before", "headerName": "vorher", "width": 90},
        {"field": "class_after", "headerName": "nachher", "width": 95},
        {"field": "transition", "headerName": "Bewegung", "width": 115},
        {"field": "metric_before", "colId": f"metric_before_{unit_of(model)}", "headerName": "Wert vorher",
         "flex": 1, "minWidth": 130,
         "type": "rightAligned", "valueFormatter": fmt, "filter": "agNumberColumnFilter"},
        {"field": "metric_after", "colId": f"metric_after_{unit_of(model)}", "headerName": "Wert nachher",
         "flex": 1, "minWidth": 130,
         "type": "rightAligned", "valueFormatter": fmt, "filter": "agNumberColumnFilter"},
    ]


def moved_grid(grid_id: str) -> dag.AgGrid:
    """A client-side grid of who moved."""
    return dag.AgGrid(
        id=grid_id, columnDefs=moved_columns(MODELS[Aspect.CUSTOMER][0]), rowData=[],
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "floatingFilter": True,
                       "suppressHeaderFilterButton": True, "suppressHeaderMenuButton": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 50, "animateRows": False},
        style={"height": "420px", "width": "100%"}, className="ag-theme-alpine",
    )


def _warning_detail(w: Any) -> str:
    if w.kind == "downward_trend" and w.slope is not None:
        return (f"Umsatz fällt um {money(-w.slope)} je Quartal (p = {number(w.p_value, 3)}); "
                f"letztes Quartal {money(w.value)}")
    if w.kind == "high_share":
        return f"{percent(w.value)} des {ASPECT_WORDS.get(w.aspect, w.aspect)}"
    if w.kind == "stale_potential":
        return f"Umsatzpotenzial {money(w.value)} lange nicht aktualisiert"
    return str(w.message)


def warnings_table(warnings: Sequence[Any]) -> html.Div | html.P:
    """One line per warning: kind, organisation (linked to its record), what was found."""
    if not warnings:
        return html.P("Keine Warnungen.", className="empty")
    rows = [html.Tr([
        html.Td(WARNING_LABELS.get(w.kind, w.kind), className=f"warning-kind warning-{w.kind}"),
        html.Td(dcc.Link(w.name or w.organisation_id, href=record_href(w.organisation_id), className="org-link")),
        html.Td(_warning_detail(w), title=w.message),
    ]) for w in warnings]
    head = html.Thead(html.Tr([html.Th("Warnung"), html.Th("Organisation"), html.Th("Befund")]))
    return html.Div(html.Table([head, html.Tbody(rows)], className="data-table"), className="table-scroll")


__all__ = ["matrix_table", "moved_columns", "moved_grid", "moved_rows", "transition_counts", "warnings_table"]
