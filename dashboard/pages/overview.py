"""`/`: the start page (placeholder until the overview is built: a link to the organisations)."""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.i18n import _

dash.register_page(__name__, path="/", title="Übersicht · Kundenakte", name="Übersicht", order=0, nav="Übersicht",
                   areas=frozenset({Area.MASTER_DATA}))


def layout(**_query: str) -> html.Div:
    return html.Div([html.H1(_("Übersicht")), dcc.Link(_("Organisationen"), href="/organisations")])
