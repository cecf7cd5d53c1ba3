"""ABC page: the classification, why a row has its letter, movements between two dates, warnings; state in the URL.

The page's words (aspect, model) are parsed here, at the callback: an aspect with `Aspect`, a model with
`valid_model` (one the aspect does not have falls back to the configured one).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from dash import ClientsideFunction, Input, Output, State, html
from dash.exceptions import PreventUpdate

from core.errors import InvalidInput, NotFound
from core.vocabulary import Area, Aspect
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.abc import MAX_ROWS, abc_columns, model_label, model_options, valid_model, workbook_href
from dashboard.components.abc_explain import explain_hint, explain_panel
from dashboard.components.abc_movements import (
    matrix_table,
    moved_columns,
    moved_rows,
    warnings_heading,
    warnings_table,
)
from dashboard.components.format import number, when
from dashboard.context import current_user, engine, parse_as_of, previous_quarter_end
from dashboard.i18n import _
from dashboard.ids import Abc, Shell
from services.abc import (
    AbcParams,
    DatesReversed,
    MovementParams,
    abc_explain,
    abc_movements,
    abc_report,
    abc_warning_list,
)


@callback(Area.MASTER_DATA,
          Output(Abc.MODEL, "options"), Output(Abc.MODEL, "value"),
          Input(Abc.ASPECT, "value"), State(Abc.MODEL, "value"))
def choose_models(aspect: str, model: str | None) -> tuple[list[dict[str, str]], str | None]:
    """The models of the chosen relationship; a model of another relationship falls back to the configured one."""
    chosen = Aspect(aspect)
    return model_options(chosen), valid_model(chosen, model)


@callback(Area.MASTER_DATA,
          Output(Abc.GRID, "rowData"), Output(Abc.GRID, "columnDefs"), Output(Abc.SUMMARY, "children"),
          Input(Abc.ASPECT, "value"), Input(Abc.MODEL, "value"), Input(Shell.AS_OF, "date"))
def show_abc(aspect: str, model: str | None, as_of: str | None) -> tuple[list[dict[str, Any]], list[Any], str]:
    """Rows by rank (those without a letter last), metric in the model's unit, and the count per letter."""
    chosen = Aspect(aspect)
    report = abc_report(engine(), current_user(), AbcParams(chosen, valid_model(chosen, model), parse_as_of(as_of)))
    records = sorted(report.records(), key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"] or ""))
    counts = Counter(r["class"] for r in records)
    parts = [f"{letter}: {number(counts.get(letter, 0))}" for letter in ("A", "B", "C")]
    parts += [_("ohne Klasse: {n}", n=number(counts.get(None, 0))),
              _("Modell {model}", model=model_label(report.model)), _("Stand {day}", day=when(report.as_of))]
    if len(records) > MAX_ROWS:
        parts.append(_("die ersten {n} gezeigt", n=number(MAX_ROWS)))
    rows = [{"id": r["organisation_id"], **r} for r in records[:MAX_ROWS]]
    return rows, abc_columns(report.model), " · ".join(parts)


@callback(Area.MASTER_DATA,
          Output(Abc.EXPLAIN, "children"),
          Input(Abc.GRID, "selectedRows"), Input(Abc.ASPECT, "value"), Input(Abc.MODEL, "value"),
          Input(Shell.AS_OF, "date"))
def show_explain(selected: list[dict[str, Any]] | None, aspect: str, model: str | None,
                 as_of: str | None) -> Any:
    """Why the clicked organisation has its letter: metric, rank of n, A/B thresholds, its documents."""
    if not selected:
        return explain_hint()
    row = selected[0]
    chosen = Aspect(aspect)
    params = AbcParams(chosen, valid_model(chosen, model), parse_as_of(as_of))
    try:
        why = abc_explain(engine(), current_user(), str(row["id"]), params)
    except NotFound:
        return explain_hint()
    return explain_panel(why, row.get("name"))


@callback(Area.MASTER_DATA,
          Output(Abc.MATRIX, "children"), Output(Abc.MOVED, "rowData"), Output(Abc.MOVED, "columnDefs"),
          Output(Abc.BEFORE, "placeholder"), Output(Abc.AFTER, "placeholder"),
          Input(Abc.VIEW, "value"), Input(Abc.ASPECT, "value"), Input(Abc.MODEL, "value"),
          Input(Abc.BEFORE, "date"), Input(Abc.AFTER, "date"), Input(Shell.AS_OF, "date"))
def show_movements(view: str, aspect: str, model: str | None, before: str | None, after: str | None,
                   as_of: str | None) -> tuple[Any, list[dict[str, Any]], list[Any], str, str]:
    """Classes at two dates (default: the end of the last quarter and the as-of date): matrix and who moved.

    Dates in the wrong order are refused by the service; the page says so where the matrix would be."""
    if view != "movements":
        raise PreventUpdate
    second = parse_as_of(after) or parse_as_of(as_of) or date.today()
    first = parse_as_of(before) or previous_quarter_end(second)
    chosen = Aspect(aspect)
    params = MovementParams(chosen, first, second, valid_model(chosen, model))
    try:
        moves = abc_movements(engine(), current_user(), params)
    except DatesReversed:
        message = _("„vorher“ ({before}) liegt nach „nachher“ ({after}): bitte für „vorher“ ein früheres Datum "
                    "wählen als für „nachher“.", before=when(first), after=when(second))
        return (html.P(message, className="notice error", role="alert"), [], moved_columns(params.model),
                when(first), when(second))
    except InvalidInput:
        return (html.P(_("Diese Auswahl lässt sich nicht vergleichen."), className="notice error", role="alert"),
                [], moved_columns(params.model), when(first), when(second))
    return (matrix_table(moves), moved_rows(moves), moved_columns(moves.model), when(first), when(second))


@callback(Area.MASTER_DATA,
          Output(Abc.WARNINGS, "children"), Output(Abc.WARNINGS_TITLE, "children"),
          Input(Abc.VIEW, "value"), Input(Abc.ASPECT, "value"), Input(Shell.AS_OF, "date"))
def show_warnings(view: str, aspect: str, as_of: str | None) -> tuple[Any, str]:
    """The chosen relationship's warnings at the as-of date: stale potentials (prospects), A-customers trending
    down and too large shares (customers), too large shares (suppliers)."""
    if view != "warnings":
        raise PreventUpdate
    chosen = Aspect(aspect)
    found = abc_warning_list(engine(), current_user(), parse_as_of(as_of), chosen)
    return warnings_table(found, chosen), warnings_heading(chosen)


@callback(Area.MASTER_DATA, Output(Abc.WORKBOOK, "href"), Input(Shell.AS_OF, "date"))
def workbook_link(as_of: str | None) -> str:
    """The controllers' workbook link follows the as-of date."""
    return workbook_href(parse_as_of(as_of))


#: the page state goes into the query string (history.replaceState: no reload, no new history entry)
clientside_callback(ClientsideFunction(namespace="kundenakte", function_name="syncQuery"),
                    Output(Abc.QUERY, "data"),
                    Input(Abc.ASPECT, "value"), Input(Abc.MODEL, "value"), Input(Abc.VIEW, "value"),
                    Input(Abc.BEFORE, "date"), Input(Abc.AFTER, "date"))


__all__ = ["choose_models", "show_abc", "show_explain", "show_movements", "show_warnings", "workbook_link"]
