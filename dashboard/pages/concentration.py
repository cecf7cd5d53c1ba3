"""`/concentration`: who holds a disproportionate share of revenue or purchases.

The state lives in the query string: `/concentration?aspect=supplier&by=group&tab=trend` (and the shell's `as_of`).
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.concentration import (
    TABS,
    PageState,
    aspect_label,
    graph_config,
    grouping_options,
    offered_aspects,
    tab_label,
)
from dashboard.components.loading import loading
from dashboard.i18n import _
from dashboard.ids import Concentration

dash.register_page(__name__, path="/concentration", title="Konzentration · Kundenakte", name="Konzentration",
                   order=21, nav="Konzentration", areas=frozenset({Area.ANALYTICS}))


def _graph(graph_id: str) -> dcc.Loading:
    return loading(dcc.Graph(id=graph_id, config=graph_config()))


def layout(**query: str) -> html.Div:
    # only the relationships whose figures the user may read: analytics, and billing or purchasing
    offered = offered_aspects()
    if not offered:
        return html.Div([
            html.H1(_("Konzentrationsrisiko")),
            html.P(_("Die Konzentrationsauswertung braucht Leserechte für Analysen und für Umsatz oder Einkauf; "
                     "Ihre Rolle hat sie nicht. Die Administration kann sie vergeben."),
                   className="empty notice", role="status"),
        ], className="concentration-page")
    state = PageState.from_query(query, offered)
    curves = html.Div([
        html.Section([html.H2(_("Pareto-Kurve")),
                      html.P(_("Welcher Anteil entfällt auf die größten: die größten zuerst, aufsummiert."),
                             className="hint"),
                      _graph(Concentration.PARETO)], className="panel"),
        html.Section([html.H2(_("Lorenz-Kurve")),
                      html.P(_("Die kleinsten zuerst, aufsummiert; je weiter unter der Diagonale, desto "
                               "ungleicher."), className="hint"),
                      _graph(Concentration.LORENZ)], className="panel"),
    ], className="two-columns")
    return html.Div([
        dcc.Store(id=Concentration.QUERY),
        html.Div([
            html.H1(_("Konzentrationsrisiko")),
            dcc.RadioItems([{"label": aspect_label(a), "value": a} for a in offered], state.aspect,
                           id=Concentration.ASPECT, inline=True),
            dcc.RadioItems(grouping_options(), state.by, id=Concentration.BY, inline=True),
            html.A(_("Excel herunterladen"), id=Concentration.DOWNLOAD, href="", download="",
                   className="download-link"),
        ], className="page-head controls"),
        loading(html.Div(id=Concentration.FIGURES, className="tiles")),
        dcc.Tabs(id=Concentration.TAB, value=state.tab, className="tabs", children=[
            dcc.Tab(label=tab_label(TABS[0]), value=TABS[0], children=curves),
            dcc.Tab(label=tab_label(TABS[1]), value=TABS[1], children=html.Section(
                [html.H2(_("Verlauf: letzte acht Quartale")), _graph(Concentration.TREND)], className="panel")),
            dcc.Tab(label=tab_label(TABS[2]), value=TABS[2], children=html.Section(
                [html.H2(_("Auffällig (Anteil ≥ Schwelle)")),
                 loading(html.Div(id=Concentration.FLAGGED))], className="panel")),
        ]),
    ], className="concentration-page")
