"""Supplier ratings page: blocks of suppliers for the infinite grid, one supplier's trend and ratings, the search
of the form's supplier field, and the saving of a new rating (purchasing, edit level).

The chosen supplier is the form's supplier field: a click on a row puts it there (clientside), and the detail
follows it. Page state (supplier, sort) goes into the URL clientside (assets/ratings.js).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, html
from dash.exceptions import PreventUpdate

from core.errors import InvalidInput, NotFound
from core.vocabulary import Area, Level
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.format import when
from dashboard.components.ratings import (
    count_text,
    criterion_label,
    detail_head,
    detail_hint,
    history_table,
    rule_text,
    trend_figure,
    trend_words,
)
from dashboard.context import current_user, engine, parse_as_of
from dashboard.i18n import _
from dashboard.ids import Ratings, Shell
from services.commands.ratings import MAX_NOTE, NewRating, add_rating
from services.grid import GridRequest
from services.ratings import ratings_page, supplier_choices, supplier_detail


@callback(Area.PURCHASING,
          Output(Ratings.GRID, "getRowsResponse"), Output(Ratings.COUNT, "children"), Output(Ratings.RULE, "children"),
          Input(Ratings.GRID, "getRowsRequest"), State(Shell.AS_OF, "date"))
def ratings_block(request: dict[str, Any] | None, as_of: str | None) -> tuple[dict[str, Any], str, str]:
    """One block of suppliers from the service; a request off its allow-list shows nothing."""
    if not request:
        raise PreventUpdate
    try:
        page = ratings_page(engine(), current_user(), GridRequest.from_ag_grid(request, parse_as_of(as_of)))
    except InvalidInput:
        return {"rowData": [], "rowCount": 0}, _("Sortierung oder Filter nicht möglich"), ""
    return ({"rowData": [r.as_dict() for r in page.rows], "rowCount": page.row_count},
            count_text(page.row_count), rule_text(page.weights))


@callback(Area.PURCHASING,
          Output(Ratings.SUPPLIER, "options"),
          Input(Ratings.SUPPLIER, "search_value"), Input(Ratings.SUPPLIER, "value"), State(Shell.AS_OF, "date"))
def supplier_options(search: str | None, chosen: str | None, as_of: str | None) -> list[dict[str, str]]:
    """Up to twenty suppliers whose name contains the search, the chosen one always among them."""
    found = supplier_choices(engine(), current_user(), search or None, parse_as_of(as_of), include=chosen or None)
    return [{"label": name, "value": oid} for oid, name in found]


@callback(Area.PURCHASING,
          Output(Ratings.DETAIL, "children"), Output(Ratings.TREND, "figure"), Output(Ratings.HISTORY, "children"),
          Input(Ratings.SUPPLIER, "value"), Input(Ratings.SAVED, "data"), Input(Shell.AS_OF, "date"))
def show_supplier(supplier: str | None, _saved: object, as_of: str | None) -> tuple[Any, go.Figure, Any]:
    """The chosen supplier's score, letter and trend in words, its score over its rating dates, its ratings."""
    if not supplier:
        return detail_hint(), trend_figure(None), ""
    try:
        detail = supplier_detail(engine(), current_user(), supplier, parse_as_of(as_of))
    except (NotFound, InvalidInput):
        return (html.P(_("Diesen Lieferanten gibt es nicht oder Sie dürfen ihn nicht sehen."), className="empty"),
                trend_figure(None), "")
    return detail_head(detail), trend_figure(detail), history_table(detail)


def refusal_text(exc: InvalidInput) -> str:
    """The command's refusal as the form's user reads it (the field it names, in words)."""
    text = str(exc)
    for criterion in ("time", "quality", "cost"):
        if text.startswith(f"{criterion}:"):
            return _("{criterion}: bitte einen Wert von 1 bis 5 wählen.", criterion=criterion_label(criterion))
    if text.startswith("rated_at:"):
        return _("Das Datum darf nicht in der Zukunft liegen.")
    if text.startswith("note:"):
        return _("Die Notiz ist zu lang (höchstens {n} Zeichen).", n=MAX_NOTE)
    if "no supplier" in text:
        return _("Diese Organisation ist kein Lieferant.")
    return _("Die Bewertung wurde nicht gespeichert: {reason}", reason=text)


def _counter(value: object) -> int:
    return value + 1 if isinstance(value, int) and not isinstance(value, bool) and value < 10**9 else 1


@callback(Area.PURCHASING,
          Output(Ratings.MESSAGE, "children"), Output(Ratings.SAVED, "data"), Output(Ratings.NOTE, "value"),
          Input(Ratings.SAVE, "n_clicks"),
          State(Ratings.SUPPLIER, "value"), State(Ratings.DATE, "date"), State(Ratings.mark("time"), "value"),
          State(Ratings.mark("quality"), "value"), State(Ratings.mark("cost"), "value"), State(Ratings.NOTE, "value"),
          State(Ratings.SAVED, "data"),
          level=Level.EDIT, writes=frozenset({"supplier_ratings"}), prevent_initial_call=True)
def save_rating(n_clicks: object, supplier: object, day: object, time: object, quality: object, cost: object,
                note: object, saved: object) -> tuple[Any, Any, Any]:
    """Store the rating through the command; a refusal says what to change and keeps the form as it is."""
    if isinstance(n_clicks, bool) or not isinstance(n_clicks, int) or n_clicks < 1:
        raise PreventUpdate
    if not isinstance(supplier, str) or not supplier:
        return html.P(_("Bitte einen Lieferanten wählen."), className="error"), saved, note
    if not isinstance(day, str) or not day:
        return html.P(_("Bitte ein Datum wählen."), className="error"), saved, note
    rating = NewRating(supplier, date.fromisoformat(day[:10]), time, quality, cost,  # type: ignore[arg-type]
                       note if isinstance(note, str) else None)
    try:
        added = add_rating(engine(), current_user(), rating)
    except InvalidInput as exc:
        return html.P(refusal_text(exc), className="error"), saved, note
    except NotFound:
        return html.P(_("Diesen Lieferanten gibt es nicht oder Sie dürfen ihn nicht sehen."), className="error"), \
            saved, note
    try:
        moved = trend_words(supplier_detail(engine(), current_user(), added.organisation_id).score)
    except NotFound:  # pragma: no cover - just written
        moved = ""
    return (html.P(_("Gespeichert: Bewertung vom {day}. {moved}", day=when(rating.rated_at), moved=moved),
                   className="saved"), _counter(saved), "")


#: a click on a row chooses that supplier (the form's field, which the detail follows)
clientside_callback(ClientsideFunction(namespace="ratings", function_name="choose"),
                    Output(Ratings.SUPPLIER, "value"), Input(Ratings.GRID, "selectedRows"),
                    prevent_initial_call=True)

#: a new as-of date or a saved rating empties the grid's block cache, so every block is asked for again
clientside_callback(ClientsideFunction(namespace="ratings", function_name="purge"),
                    Output(Ratings.RULE, "title"), Input(Shell.AS_OF, "date"), Input(Ratings.SAVED, "data"),
                    State(Ratings.GRID, "id"), prevent_initial_call=True)

#: the chosen supplier and the grid's sort go into the query string
clientside_callback(ClientsideFunction(namespace="ratings", function_name="syncQuery"),
                    Output(Ratings.QUERY, "data"), Input(Ratings.GRID, "getRowsRequest"),
                    Input(Ratings.SUPPLIER, "value"))


__all__ = ["ratings_block", "refusal_text", "save_rating", "show_supplier", "supplier_options"]
