"""`/organisation/<id>`: the customer record (head, tiles, contacts; timeline, reminders, org chart, group, documents).

The old address `/organisation?id=...` opens the same page. The state lives in the query string:
`/organisation/ORG-1?tab=timeline&types=ticket,invoice&from=2026-01-01&to=2026-03-31`.
"""

import dash
from dash import dcc, html

from dashboard.components.record_state import TABS, RecordState, offered_types_of_request
from dashboard.components.timeline import type_options
from dashboard.i18n import _
from dashboard.ids import Record

dash.register_page(__name__, path="/organisation", path_template="/organisation/<organisation_id>",
                   title="Kundenakte", name="Kundenakte")


def _loading(child: object) -> dcc.Loading:
    return dcc.Loading(child, type="dot", delay_show=300)


def layout(organisation_id: str | None = None, **query: str) -> html.Div:
    readable = offered_types_of_request()
    state = RecordState.from_query(organisation_id, query, readable)
    org = state.organisation_id
    tab_content = {
        "timeline": html.Div([
            html.Div([
                html.Fieldset([html.Legend(_("Typen")),
                               dcc.Checklist(id=Record.TYPES, options=type_options(readable), value=list(state.types),
                                             inline=True, className="type-filter",
                                             inputClassName="type-input", labelClassName="type-label")],
                              className="filter-types"),
                html.Div([
                    html.Label(_("Zeitraum"), htmlFor=Record.RANGE, className="range-label"),
                    dcc.DatePickerRange(id=Record.RANGE, start_date=state.since, end_date=state.until,
                                        display_format="DD.MM.YYYY", first_day_of_week=1, clearable=True,
                                        month_format="MMMM YYYY", start_date_placeholder_text=_("von"),
                                        end_date_placeholder_text=_("bis"), minimum_nights=0,
                                        className="range-picker"),
                    html.Button(_("Filter zurücksetzen"), id=Record.RESET, n_clicks=0, type="button",
                                className="reset"),
                ], className="filter-range"),
            ], className="timeline-filters"),
            html.P(id=Record.COUNTS, className="part-summary", role="status"),
            _loading(html.Ul(id=Record.TIMELINE, className="timeline")),
            html.Button(_("Mehr laden"), id=Record.MORE, n_clicks=0, className="more", type="button"),
        ]),
        "reminders": _loading(html.Div(id=Record.REMINDERS)),
        "chart": _loading(html.Div(id=Record.CHART)),
        "group": _loading(html.Div(id=Record.GROUP)),
        "documents": _loading(html.Div(id=Record.DOCUMENTS)),
    }
    return html.Div([
        dcc.Store(id=Record.ORG, data=org),
        dcc.Store(id=Record.QUERY),
        dcc.Store(id=Record.FILTER, data=state.filter_data(readable)),
        html.Div([
            _loading(html.Div(html.H1(_("Keine Organisation gewählt") if not org else "…"), id=Record.HEADER)),
            html.Div(id=Record.LETTERS, className="pills abc-letters"),
        ], className="record-head"),
        _loading(html.Div(id=Record.TILES, className="tiles record-tiles")),
        html.Div([
            html.Section([html.H2(_("Ansprechpartner")), _loading(html.Div(id=Record.CONTACTS))],
                         className="panel contacts"),
            html.Section(dcc.Tabs(id=Record.TABS, value=state.tab, className="tabs record-tabs", children=[
                dcc.Tab(label=_(label), value=value, children=html.Div(tab_content[value], className="tab-body"))
                for value, label in TABS]), className="panel record-main"),
        ], className="record-body"),
    ], className="record")
