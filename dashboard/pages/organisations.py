"""`/organisations`: the organisation list, served block by block from the database, and its workbook."""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.grid import server_side_grid
from dashboard.components.orglist import org_columns
from dashboard.context import engine, request_user
from dashboard.i18n import _
from dashboard.ids import OrgList
from services.listing import visible_columns

dash.register_page(__name__, path="/organisations", title="Organisationen · Kundenakte", name="Organisationen",
                   order=10, nav="Organisationen", areas=frozenset({Area.MASTER_DATA}))


def layout(**_query: str) -> html.Div:
    user = request_user()
    shown = visible_columns(engine(), user) if user is not None else frozenset()
    return html.Div([
        html.Div([
            html.H1(_("Organisationen")),
            dcc.Loading(html.Span(id=OrgList.COUNT, className="count", role="status"), type="dot"),
            html.A(_("Excel herunterladen"), id=OrgList.DOWNLOAD, href="/download/organisations.xlsx",
                   download="organisationen.xlsx", className="button download-button"),
        ], className="page-head"),
        html.Div(server_side_grid(OrgList.GRID, [c for c in org_columns() if c["field"] in shown]),
                 className="kundenakte-list"),
    ])
