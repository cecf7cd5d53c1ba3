"""The lists of customers, prospects and suppliers: the sidebar's choice, the grid's blocks, chips and the link.

The same callbacks for each relationship (registered once per list page by `_register`): a sidebar
button, a chip's ×, or the search box change the state store; the browser writes it into the address
(a new history entry) and asks the grid for its blocks again; each block comes from services.lists
with the state, the grid's sort and the as-of date.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from core.errors import InvalidInput
from core.vocabulary import Area, Aspect
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.aspect_list import chips, download_href, state_data
from dashboard.components.format import number, record_href, when
from dashboard.context import current_user, engine, parse_as_of
from dashboard.i18n import _
from dashboard.ids import AspectList, Shell
from services.grid import GridRequest
from services.lists import LETTERS, ListParams, ListView, list_block, list_model


def params_of(aspect: Aspect, state: object, sort: tuple[Any, ...] = (), as_of: str | None = None) -> ListParams:
    """The state store's data as the service's parameters (anything malformed: InvalidInput)."""
    if not isinstance(state, dict):
        raise InvalidInput("malformed list state")
    query = {"view": state.get("view") or "", "abc": state.get("abc") or "", "q": state.get("q") or ""}
    if not all(isinstance(v, str) for v in query.values()):
        raise InvalidInput("malformed list state")
    base = ListParams.from_query(aspect, query, strict=True)
    return ListParams(aspect, base.view, base.letter, base.q, tuple(sort), parse_as_of(as_of))


def choose(aspect: Aspect, state: object, search: object) -> tuple[dict[str, Any], str]:
    """The new state (and the search box's text) after a sidebar button, a chip's × or the search box."""
    current = params_of(aspect, state)
    view, letter, q = current.view, current.letter, current.q
    trigger = ctx.triggered_id
    if isinstance(trigger, dict):
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate  # a button that only appeared (no click yet)
        kind, value = trigger.get("type"), trigger.get("value")
        if kind == "lists-view" and value in set(ListView):
            view = ListView(value)
        elif kind == "lists-letter" and value in LETTERS:
            letter = None if letter == value else value  # a second press lifts the filter
        elif kind == "lists-chip" and trigger.get("key") in ("view", "abc", "q"):
            key = trigger["key"]
            view = ListView.ABC if key == "view" else view
            letter = None if key == "abc" else letter
            q = "" if key == "q" else q
        else:
            raise PreventUpdate
    elif trigger == AspectList.search(aspect.value) and isinstance(search, str | None):
        q = (search or "").strip()[:200]
    else:
        raise PreventUpdate
    chosen = ListParams(aspect, view, letter, q)
    if chosen == current:
        raise PreventUpdate
    return state_data(chosen), q


def block(aspect: Aspect, request: dict[str, Any] | None, state: object,
          as_of: str | None) -> tuple[dict[str, Any], str, str | None]:
    """One block of the list; the count line; the sort for the address (None when it is the view's own)."""
    if not request:
        raise PreventUpdate
    try:
        grid = GridRequest.from_ag_grid(request, parse_as_of(as_of))
        params = params_of(aspect, state, grid.sort, as_of)
        page = list_block(engine(), current_user(), params, grid.start, grid.end)
    except InvalidInput:
        return {"rowData": [], "rowCount": 0}, _("Filter nicht möglich"), None
    rows = [{**r.as_dict(), "href": record_href(r.id), "last_touch": when(r.last_touch) if r.last_touch else None}
            for r in page.rows]
    default = ListParams(aspect, params.view).order
    shown = None if not params.sort or params.sort[:1] == default else params.as_query().get("sort")
    count = _("{n} Treffer", n=number(page.row_count))
    if page.row_count == 0:
        count = _("Keine Treffer: einen Filter entfernen oder die Suche ändern")
    return {"rowData": rows, "rowCount": page.row_count}, count, shown


def chrome(aspect: Aspect, state: object, sort: object, as_of: str | None) -> tuple[Any, ...]:
    """Chips, the marked sidebar buttons and the workbook's and CSV's links, after the state, the sort or the date."""
    params = params_of(aspect, state, as_of=as_of)
    if isinstance(sort, str):
        params = ListParams.from_query(aspect, {**params.as_query(), "sort": sort})
    model = list_model(engine(), current_user(), aspect)
    outputs = ctx.outputs_list if ctx.outputs_list else None
    view_ids = [o["id"]["value"] for o in outputs[1]] if outputs else [v.value for v in ListView]
    letter_ids = [o["id"]["value"] for o in outputs[3]] if outputs else list(LETTERS)
    view_on = [v == params.view.value for v in view_ids]
    letter_on = [x == params.letter for x in letter_ids]
    return (chips(aspect, model, params),
            ["list-filter active" if on else "list-filter" for on in view_on],
            ["true" if on else "false" for on in view_on],
            ["list-filter active" if on else "list-filter" for on in letter_on],
            ["true" if on else "false" for on in letter_on],
            download_href(aspect, params), download_href(aspect, params, "csv"))


def _register(aspect: Aspect) -> None:
    """The callbacks of one list page (the same functions for every relationship)."""
    a = aspect.value
    views, letters = AspectList.view(a, ALL), AspectList.letter(a, ALL)  # type: ignore[arg-type]

    def list_choose(_views: list[int], _letters: list[int], _chips: list[int], search: str | None,
                    state: object) -> tuple[dict[str, Any], str]:
        return choose(aspect, state, search)

    def list_block_of(request: dict[str, Any] | None, state: object,
                      as_of: str | None) -> tuple[dict[str, Any], str, str | None]:
        return block(aspect, request, state, as_of)

    def list_chrome(state: object, sort: object, as_of: str | None) -> tuple[Any, ...]:
        return chrome(aspect, state, sort, as_of)

    list_choose.__name__ = f"{a}_list_choose"
    list_block_of.__name__ = f"{a}_list_block"
    list_chrome.__name__ = f"{a}_list_chrome"
    callback(Area.MASTER_DATA, Output(AspectList.state(a), "data"), Output(AspectList.search(a), "value"),
             Input(views, "n_clicks"), Input(letters, "n_clicks"), Input(AspectList.chip(a, ALL), "n_clicks"),  # type: ignore[arg-type]
             Input(AspectList.search(a), "value"), State(AspectList.state(a), "data"),
             prevent_initial_call=True)(list_choose)
    callback(Area.MASTER_DATA, Output(AspectList.grid(a), "getRowsResponse"), Output(AspectList.count(a), "children"),
             Output(AspectList.sort(a), "data"),
             Input(AspectList.grid(a), "getRowsRequest"), State(AspectList.state(a), "data"),
             State(Shell.AS_OF, "date"))(list_block_of)
    callback(Area.MASTER_DATA, Output(AspectList.chips(a), "children"),
             Output(views, "className"), Output(views, "aria-pressed"),
             Output(letters, "className"), Output(letters, "aria-pressed"),
             Output(AspectList.download(a), "href"), Output(AspectList.download_csv(a), "href"),
             Input(AspectList.state(a), "data"), Input(AspectList.sort(a), "data"), Input(Shell.AS_OF, "date"),
             prevent_initial_call=True)(list_chrome)
    # the state into the address (a history entry) and the grid asked again, in the view's own order
    clientside_callback(ClientsideFunction(namespace="lists", function_name="apply"),
                        Output(AspectList.applied(a), "children"),
                        Input(AspectList.state(a), "data"), State(AspectList.grid(a), "id"),
                        State(AspectList.applied(a), "data-path"), prevent_initial_call=True)
    # the grid's sort into the address (no history entry: a header click is no filter)
    clientside_callback(ClientsideFunction(namespace="lists", function_name="syncSort"),
                        Output(AspectList.applied(a), "title"), Input(AspectList.sort(a), "data"),
                        prevent_initial_call=True)
    # a new as-of date: every block again
    clientside_callback(ClientsideFunction(namespace="kundenakte", function_name="purgeGrid"),
                        Output(AspectList.count(a), "title"), Input(Shell.AS_OF, "date"),
                        State(AspectList.grid(a), "id"), prevent_initial_call=True)


for _aspect in Aspect:
    _register(_aspect)
