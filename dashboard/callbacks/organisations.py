"""The organisation list: blocks of rows for the infinite grid, the workbook's link, a refresh for a new date."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from core.errors import InvalidInput
from core.vocabulary import Area
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.format import number, record_href
from dashboard.context import current_user, engine, parse_as_of
from dashboard.i18n import _
from dashboard.ids import OrgList, Shell
from services.grid import GridRequest, grid_page

DOWNLOAD = "/download/organisations.xlsx"


def download_href(request: GridRequest) -> str:
    """The workbook of the rows on screen: the grid's filters, its sort and the as-of date."""
    query: dict[str, str] = {}
    if request.filters:
        query["filter"] = json.dumps(request.filters, separators=(",", ":"))
    if request.sort:
        query["sort"] = f"{request.sort[0].col_id}:{'desc' if request.sort[0].descending else 'asc'}"
    if request.as_of:
        query["as_of"] = request.as_of.isoformat()
    return DOWNLOAD + (f"?{urlencode(query)}" if query else "")


@callback(Area.MASTER_DATA,
          Output(OrgList.GRID, "getRowsResponse"), Output(OrgList.COUNT, "children"),
          Output(OrgList.DOWNLOAD, "href"),
          Input(OrgList.GRID, "getRowsRequest"), State(Shell.AS_OF, "date"))
def organisation_block(request: dict[str, Any] | None, as_of: str | None) -> tuple[dict[str, Any], str, str]:
    """One block of the list from the service; a request the whitelist refuses shows nothing."""
    if not request:
        raise PreventUpdate
    try:
        grid = GridRequest.from_ag_grid(request, parse_as_of(as_of))
        page = grid_page(engine(), current_user(), grid)
    except InvalidInput as exc:
        return {"rowData": [], "rowCount": 0}, _("Filter nicht möglich: {why}", why=str(exc)), DOWNLOAD
    rows = [{**r.as_dict(), "href": record_href(r.id)} for r in page.rows]
    count = (_("1 Organisation") if page.row_count == 1
             else _("{n} Organisationen", n=number(page.row_count)))
    return {"rowData": rows, "rowCount": page.row_count}, count, download_href(grid)


#: a new as-of date empties the grid's block cache, so every block is asked for again
clientside_callback(ClientsideFunction(namespace="kundenakte", function_name="purgeGrid"),
                    Output(OrgList.COUNT, "title"), Input(Shell.AS_OF, "date"), State(OrgList.GRID, "id"),
                    prevent_initial_call=True)
