"""`/abc`: the ABC classes of one relationship at the as-of date."""

import dash
from dash import dcc, html

from dashboard.components.abc import abc_grid
from dashboard.ids import Abc

dash.register_page(__name__, path="/abc", title="ABC · Kundenakte", name="ABC", order=1)

ASPECTS = [{"label": "Kunden", "value": "customer"}, {"label": "Interessenten", "value": "prospect"},
           {"label": "Lieferanten", "value": "supplier"}]


def layout(**_query: str) -> html.Div:
    return html.Div([
        html.Div([html.H1("ABC-Klassen"),
                  dcc.RadioItems(ASPECTS, "customer", id=Abc.ASPECT, inline=True, className="controls")],
                 className="page-head"),
        html.Div(id=Abc.SUMMARY, className="summary"),
        abc_grid(Abc.GRID),
    ])
