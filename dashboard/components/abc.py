"""The ABC list: a client-side grid of the classified organisations, names linking to the record."""

from __future__ import annotations

import dash_ag_grid as dag

#: at most this many rows go to the browser (the workbook export has them all)
MAX_ROWS = 2000

COLUMNS = [
    {"field": "rank", "headerName": "Rang", "width": 90, "type": "rightAligned"},
    {"field": "class", "headerName": "Klasse", "width": 100},
    {"field": "name", "headerName": "Name", "cellRenderer": "OrganisationLink", "flex": 3},
    {"field": "metric", "headerName": "Kennzahl", "width": 170, "type": "rightAligned",
     "valueFormatter": {"function": "deNumber(params.value)"}},
]


def abc_grid(grid_id: str) -> dag.AgGrid:
    """A sortable, filterable grid; rows come from the ABC callback."""
    return dag.AgGrid(
        id=grid_id, columnDefs=COLUMNS, rowData=[],
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 100, "animateRows": False},
        style={"height": "calc(100vh - 220px)", "minHeight": "400px", "width": "100%"},
        className="ag-theme-alpine",
    )
