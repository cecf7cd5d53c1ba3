"""An AG Grid on the infinite row model: the browser asks for blocks, a callback answers from the service."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag

from dashboard.components.grid_locale import grid_locale_text

#: rows per request (the service allows up to 1000) and how many blocks the browser keeps
BLOCK_SIZE = 100
MAX_BLOCKS = 20

TEXT_FILTER = {"filter": "agTextColumnFilter",
               "filterParams": {"filterOptions": ["contains", "equals"], "maxNumConditions": 2,
                                "buttons": ["reset"], "debounceMs": 400}}
NUMBER_FILTER = {"filter": "agNumberColumnFilter",
                 "filterParams": {"filterOptions": ["equals", "lessThan", "greaterThan", "inRange"],
                                  "maxNumConditions": 1, "buttons": ["reset"], "debounceMs": 400}}
YES_NO_FILTER = {"filter": "agTextColumnFilter",
                 "filterParams": {"filterOptions": ["equals"], "maxNumConditions": 1, "buttons": ["reset"]}}
#: formatters defined in assets/dashAgGridFunctions.js
MONEY_FORMAT = {"function": "euro(params.value)"}
YES_NO_FORMAT = {"function": "yesNo(params.value)"}


def server_side_grid(grid_id: str, column_defs: list[dict[str, Any]], **grid_options: Any) -> dag.AgGrid:
    """A grid whose rows come block by block through `getRowsRequest` / `getRowsResponse`."""
    return dag.AgGrid(
        id=grid_id,
        columnDefs=column_defs,
        rowModelType="infinite",
        defaultColDef={"sortable": True, "resizable": True, "minWidth": 80},
        dashGridOptions={"cacheBlockSize": BLOCK_SIZE, "maxBlocksInCache": MAX_BLOCKS, "rowBuffer": 0,
                         "infiniteInitialRowCount": 1, "animateRows": False,
                         "localeText": grid_locale_text(), **grid_options},
        style={"height": "calc(100vh - 190px)", "minHeight": "400px", "width": "100%"},
        className="ag-theme-alpine",
    )
