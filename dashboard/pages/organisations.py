"""`/organisations`: the organisation list, served block by block from the database."""

import dash
from dash import html

from core.vocabulary import Area, Aspect
from dashboard.components.grid import (
    MONEY_FORMAT,
    NUMBER_FILTER,
    TEXT_FILTER,
    YES_NO_FILTER,
    YES_NO_FORMAT,
    server_side_grid,
)
from dashboard.context import engine, request_user
from dashboard.ids import OrgList
from services.listing import visible_columns

dash.register_page(__name__, path="/organisations", title="Organisationen · Kundenakte", name="Organisationen",
                   order=10, nav="Organisationen", areas=frozenset({Area.MASTER_DATA}))

COLUMNS = [
    {"field": "name", "headerName": "Name", "cellRenderer": "OrganisationLink", "flex": 3, "minWidth": 220,
     "pinned": "left", "sort": "asc", **TEXT_FILTER},
    {"field": "city", "headerName": "Ort", "flex": 1, **TEXT_FILTER},
    {"field": "country", "headerName": "Land", "width": 90, **TEXT_FILTER},
    {"field": Aspect.CUSTOMER, "headerName": "Kunde", "width": 100, "valueFormatter": YES_NO_FORMAT, **YES_NO_FILTER},
    {"field": Aspect.SUPPLIER, "headerName": "Lieferant", "width": 110, "valueFormatter": YES_NO_FORMAT,
     **YES_NO_FILTER},
    {"field": Aspect.PROSPECT, "headerName": "Interessent", "width": 120, "valueFormatter": YES_NO_FORMAT,
     **YES_NO_FILTER},
    {"field": "customer_number", "headerName": "Kunden-Nr.", "width": 120, **TEXT_FILTER},
    {"field": "key_account_manager", "headerName": "Key Account", "flex": 1, **TEXT_FILTER},
    {"field": "revenue_12m", "headerName": "Umsatz 12 Mon.", "width": 150, "type": "rightAligned",
     "valueFormatter": MONEY_FORMAT, **NUMBER_FILTER},
    {"field": "open_amount", "headerName": "Offene Posten", "width": 140, "type": "rightAligned",
     "valueFormatter": MONEY_FORMAT, **NUMBER_FILTER},
]


def layout(**_query: str) -> html.Div:
    user = request_user()
    shown = visible_columns(engine(), user) if user is not None else frozenset()
    return html.Div([
        html.Div([html.H1("Organisationen"), html.Span(id=OrgList.COUNT, className="count")], className="page-head"),
        server_side_grid(OrgList.GRID, [c for c in COLUMNS if c["field"] in shown]),
    ])
