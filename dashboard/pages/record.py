"""`/organisation?id=...`: the customer record with tiles, contacts and the timeline."""

import dash
from dash import dcc, html

from dashboard.ids import Record

dash.register_page(__name__, path="/organisation", title="Kundenakte", name="Kundenakte")


def layout(id: str | None = None, **_query: str) -> html.Div:
    return html.Div([
        dcc.Store(id=Record.ORG, data=id),
        html.Div([
            html.Div(html.H1("Keine Organisation gewählt" if not id else "…"), id=Record.HEADER),
            html.Div(id=Record.LETTERS, className="pills abc-letters"),
        ], className="record-head"),
        html.Div(id=Record.TILES, className="tiles"),
        html.Div([
            html.Section([html.H2("Ansprechpartner"), html.Div(id=Record.CONTACTS)], className="panel contacts"),
            html.Section([
                html.H2("Verlauf"),
                html.Ul(id=Record.TIMELINE, className="timeline"),
                html.Button("Mehr laden", id=Record.MORE, n_clicks=0, className="more"),
            ], className="panel timeline-panel"),
        ], className="record-body"),
    ])
