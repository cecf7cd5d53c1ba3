"""`/forecast`: the weighted pipeline by expected closing month against the revenue invoiced before.

Whose forecast lives in the query string: `/forecast?team=Vertrieb` or `/forecast?agent=ag1` (everyone: neither).
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.forecast import empty_figure, graph_config, owner_options, owner_value
from dashboard.i18n import _
from dashboard.ids import Forecast

dash.register_page(__name__, path="/forecast", title="Prognose · Kundenakte", name="Prognose", order=60,
                   nav="Prognose", areas=frozenset({Area.PIPELINE}))


def layout(**query: str) -> html.Div:
    options = owner_options()
    chosen = owner_value(query)
    return html.Div([
        dcc.Store(id=Forecast.QUERY),
        html.Div([
            html.H1(_("Umsatzprognose")),
            html.Div([
                html.Label(_("Für"), htmlFor=Forecast.OWNER, id=Forecast.OWNER_LABEL),
                dcc.Dropdown(id=Forecast.OWNER, options=options,
                             value=chosen if any(o["value"] == chosen for o in options) else "",
                             clearable=False, searchable=True, className="forecast-owner",
                             labels={"search": _("Suchen"), "clear_search": _("Suche leeren"),
                                     "no_options_found": _("Kein Team und kein Mitarbeiter dieses Namens")}),
            ], className="controls"),
        ], className="page-head"),
        dcc.Loading(html.Div(id=Forecast.NOTE), type="dot"),
        dcc.Loading(html.Div(id=Forecast.FIGURES, className="tiles"), type="dot"),
        html.Section([
            html.H2(_("Pipeline nach erwartetem Abschlussmonat und fakturierter Umsatz")),
            dcc.Loading(dcc.Graph(id=Forecast.CHART, figure=empty_figure(), config=graph_config()), type="default"),
        ], className="panel"),
        html.Section([
            html.H2(_("Je Monat")),
            dcc.Loading(html.Div(id=Forecast.TABLE), type="dot"),
        ], className="panel forecast-months"),
    ])
