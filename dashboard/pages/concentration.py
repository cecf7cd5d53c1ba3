"""`/concentration`: who holds a disproportionate share of revenue or purchases."""

import dash
from dash import dcc, html

from core.vocabulary import Area, Aspect, Grouping
from dashboard.context import readable_aspects_of_request
from dashboard.ids import Concentration

dash.register_page(__name__, path="/concentration", title="Konzentration · Kundenakte", name="Konzentration",
                   order=21, nav="Konzentration", areas=frozenset({Area.ANALYTICS}))

ASPECTS = [{"label": "Umsatz (Kunden)", "value": Aspect.CUSTOMER},
           {"label": "Einkauf (Lieferanten)", "value": Aspect.SUPPLIER}]
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
BY = [{"label": "je Organisation", "value": Grouping.ORGANISATION}, {"label": "je Konzern", "value": Grouping.GROUP}]


def layout(**_query: str) -> html.Div:
    # only the relationships whose figures the user may read (revenue: billing, purchases: purchasing)
    readable = readable_aspects_of_request()
    offered = [a for a in ASPECTS if a["value"] in readable]
    return html.Div([
        html.Div([
            html.H1("Konzentrationsrisiko"),
            dcc.RadioItems(offered, offered[0]["value"] if offered else Aspect.CUSTOMER, id=Concentration.ASPECT,
                           inline=True),
            dcc.RadioItems(BY, Grouping.ORGANISATION, id=Concentration.BY, inline=True),
        ], className="page-head controls"),
        html.Div(id=Concentration.FIGURES, className="tiles"),
        html.Div([
            html.Section([html.H2("Pareto-Kurve"), dcc.Graph(id=Concentration.PARETO, config=GRAPH_CONFIG)],
                         className="panel"),
            html.Section([html.H2("Verlauf: letzte acht Quartale"),
                          dcc.Graph(id=Concentration.TREND, config=GRAPH_CONFIG)], className="panel"),
        ], className="two-columns"),
        html.Section([html.H2("Auffällig (Anteil ≥ Schwelle)"), html.Div(id=Concentration.FLAGGED)],
                     className="panel"),
    ])
