"""`/abc`: the ABC classes of one relationship at the as-of date, why a letter, movements and warnings.

The state (aspect, model, tab, movement dates) lives in the query string:
`/abc?aspect=supplier&model=ratings&view=movements&before=2026-03-31&after=2026-09-30`.
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.abc import ASPECT_LABELS, VIEWS, PageState, abc_grid, model_options, offered_aspects
from dashboard.components.abc_explain import explain_hint
from dashboard.components.abc_movements import moved_grid
from dashboard.context import readable_aspects_of_request
from dashboard.ids import Abc

dash.register_page(__name__, path="/abc", title="ABC · Kundenakte", name="ABC", order=20, nav="ABC",
                   areas=frozenset({Area.PIPELINE, Area.BILLING, Area.PURCHASING}))


def layout(**query: str) -> html.Div:
    # only the relationships whose figures the user may read: a refused one would leave the last list on screen
    offered = offered_aspects(readable_aspects_of_request())
    state = PageState.from_query(query, offered)
    date_picker = {"display_format": "DD.MM.YYYY", "clearable": True, "first_day_of_week": 1}
    return html.Div([
        dcc.Store(id=Abc.QUERY),
        html.Div([
            html.H1("ABC-Klassen"),
            dcc.RadioItems([{"label": ASPECT_LABELS[a], "value": a} for a in offered], state.aspect,
                           id=Abc.ASPECT, inline=True, className="controls"),
            dcc.Dropdown(id=Abc.MODEL, options=model_options(state.aspect), value=state.model,
                         placeholder="Modell wie konfiguriert", clearable=True, searchable=False,
                         className="model-select"),
        ], className="page-head"),
        html.Div(id=Abc.SUMMARY, className="summary"),
        dcc.Tabs(id=Abc.VIEW, value=state.view, className="tabs", children=[
            dcc.Tab(label=VIEWS[0][1], value=VIEWS[0][0], children=html.Div([
                html.Div(abc_grid(Abc.GRID), className="abc-list"),
                html.Section(explain_hint(), id=Abc.EXPLAIN, className="panel explain"),
            ], className="abc-body")),
            dcc.Tab(label=VIEWS[1][1], value=VIEWS[1][0], children=html.Div([
                html.Div([
                    html.Label("vorher", htmlFor=Abc.BEFORE),
                    dcc.DatePickerSingle(id=Abc.BEFORE, date=state.before, **date_picker),
                    html.Label("nachher", htmlFor=Abc.AFTER),
                    dcc.DatePickerSingle(id=Abc.AFTER, date=state.after, **date_picker),
                ], className="controls dates"),
                html.Div([
                    html.Section([html.H2("Übergänge"), html.Div(id=Abc.MATRIX)], className="panel"),
                    html.Section([html.H2("Wer hat sich bewegt"), moved_grid(Abc.MOVED)], className="panel"),
                ], className="movements-body"),
            ])),
            dcc.Tab(label=VIEWS[2][1], value=VIEWS[2][0], children=html.Section(
                [html.H2("Warnungen"), html.Div(id=Abc.WARNINGS)], className="panel")),
        ]),
    ])
