"""`/abc`: the ABC classes of one relationship at the as-of date, why a letter, movements and warnings.

The state (aspect, model, tab, movement dates) lives in the query string:
`/abc?aspect=supplier&model=ratings&view=movements&before=2026-03-31&after=2026-09-30`.
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.abc import (
    VIEWS,
    PageState,
    abc_grid,
    aspect_label,
    model_options,
    offered_aspects,
    view_label,
    workbook_href,
)
from dashboard.components.abc_explain import explain_hint
from dashboard.components.abc_movements import moved_grid, warnings_heading
from dashboard.components.loading import loading
from dashboard.context import readable_aspects_of_request
from dashboard.i18n import _
from dashboard.ids import Abc

dash.register_page(__name__, path="/abc", title="ABC · Kundenakte", name="ABC", order=20, nav="ABC",
                   areas=frozenset({Area.PIPELINE, Area.BILLING, Area.PURCHASING}))


def layout(**query: str) -> html.Div:
    # only the relationships whose figures the user may read: a refused one would leave the last list on screen
    offered = offered_aspects(readable_aspects_of_request())
    if not offered:
        return html.Div([
            html.H1(_("ABC-Klassen")),
            html.P(_("Ihre Rolle darf die Kennzahlen keiner Beziehung lesen (Verkauf, Abrechnung oder Einkauf); "
                     "die Administration kann sie freigeben."), className="empty notice", role="status"),
        ])
    state = PageState.from_query(query, offered)
    date_picker = {"display_format": _("DD.MM.YYYY"), "clearable": True, "first_day_of_week": 1}
    return html.Div([
        dcc.Store(id=Abc.QUERY),
        html.Div([
            html.H1(_("ABC-Klassen")),
            dcc.RadioItems([{"label": aspect_label(a), "value": a} for a in offered], state.aspect,
                           id=Abc.ASPECT, inline=True, className="controls"),
            dcc.Dropdown(id=Abc.MODEL, options=model_options(state.aspect), value=state.model,
                         placeholder=_("Modell wie konfiguriert"), clearable=True, searchable=False,
                         className="model-select"),
            html.A(_("Controlling-Arbeitsmappe (Excel)"), id=Abc.WORKBOOK, href=workbook_href(None),
                   download="controlling.xlsx", className="button download-button",
                   title=_("Alle Beziehungen mit ABC, offenen Posten und letztem Kontakt, die Organisationsliste "
                           "und die Konzentration, soweit Sie sie sehen dürfen")),
        ], className="page-head"),
        loading(html.Div(id=Abc.SUMMARY, className="summary")),
        dcc.Tabs(id=Abc.VIEW, value=state.view, className="tabs", children=[
            dcc.Tab(label=view_label(VIEWS[0]), value=VIEWS[0], children=html.Div([
                html.Div(loading(abc_grid(Abc.GRID)), className="abc-list"),
                html.Section(loading(html.Div(explain_hint(), id=Abc.EXPLAIN)), className="panel explain"),
            ], className="abc-body")),
            dcc.Tab(label=view_label(VIEWS[1]), value=VIEWS[1], children=html.Div([
                html.Div([
                    html.Label(_("vorher"), htmlFor=Abc.BEFORE),
                    dcc.DatePickerSingle(id=Abc.BEFORE, date=state.before, **date_picker),
                    html.Label(_("nachher"), htmlFor=Abc.AFTER),
                    dcc.DatePickerSingle(id=Abc.AFTER, date=state.after, **date_picker),
                ], className="controls dates"),
                html.Div([
                    html.Section([html.H2(_("Übergänge")), loading(html.Div(id=Abc.MATRIX))], className="panel"),
                    html.Section([html.H2(_("Wer hat sich bewegt")), loading(moved_grid(Abc.MOVED))],
                                 className="panel"),
                ], className="movements-body"),
            ])),
            dcc.Tab(label=view_label(VIEWS[2]), value=VIEWS[2], children=html.Section(
                [html.H2(warnings_heading(state.aspect), id=Abc.WARNINGS_TITLE),
                 loading(html.Div(id=Abc.WARNINGS))], className="panel")),
        ]),
    ])
