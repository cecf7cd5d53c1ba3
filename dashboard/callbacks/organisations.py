"""The organisation list: blocks of rows for the infinite grid, and a refresh when the as-of date changes."""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from core.errors import InvalidInput
from core.vocabulary import Area
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.format import number
from dashboard.context import current_user, engine, parse_as_of
from dashboard.ids import OrgList, Shell
from services.grid import GridRequest, grid_page


@callback(Area.MASTER_DATA,
          Output(OrgList.GRID, "getRowsResponse"), Output(OrgList.COUNT, "children"),
          Input(OrgList.GRID, "getRowsRequest"), State(Shell.AS_OF, "date"))
def organisation_block(request: dict[str, Any] | None, as_of: str | None) -> tuple[dict[str, Any], str]:
    """One block of the list from the service; a request the whitelist refuses shows nothing."""
    if not request:
        raise PreventUpdate
    try:
        page = grid_page(engine(), current_user(), GridRequest.from_ag_grid(request, parse_as_of(as_of)))
    except InvalidInput as exc:
        return {"rowData": [], "rowCount": 0}, f"Filter nicht möglich: {exc}"
    return ({"rowData": [r.as_dict() for r in page.rows], "rowCount": page.row_count},
            f"{number(page.row_count)} {'Organisation' if page.row_count == 1 else 'Organisationen'}")


#: a new as-of date empties the grid's block cache, so every block is asked for again
clientside_callback(ClientsideFunction(namespace="kundenakte", function_name="purgeGrid"),
                    Output(OrgList.COUNT, "title"), Input(Shell.AS_OF, "date"), State(OrgList.GRID, "id"),
                    prevent_initial_call=True)
