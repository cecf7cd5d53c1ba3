"""`/inbox`: unassigned mails, calls and appointments with the reason they matched nothing; assigning them.

The filters live in the query string: `/inbox?kind=email&reason=freemail`.
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.inbox import InboxState, detail_hint, inbox_grid, kind_options, reason_options
from dashboard.i18n import _
from dashboard.ids import Inbox

dash.register_page(__name__, path="/inbox", title="Posteingang · Kundenakte", name="Posteingang", order=50,
                   nav="Posteingang", areas=frozenset({Area.ACTIVITIES}))


def layout(**query: str) -> html.Div:
    state = InboxState.from_query(query)
    return html.Div([
        dcc.Store(id=Inbox.QUERY),
        dcc.Store(id=Inbox.MAY_ASSIGN, data=False),
        dcc.Store(id=Inbox.DONE, data=0),
        html.Div([
            html.H1(_("Posteingang")),
            dcc.Loading(html.Div(id=Inbox.SUMMARY, className="summary"), type="dot"),
        ], className="page-head"),
        html.Div([
            html.Div([html.Span(_("Art"), className="inbox-filter-label", id=Inbox.KIND_LABEL),
                      dcc.RadioItems(kind_options(), state.kind, id=Inbox.KIND, inline=True)],
                     className="inbox-filter", role="group", **{"aria-labelledby": Inbox.KIND_LABEL}),
            html.Div([html.Span(_("Grund"), className="inbox-filter-label", id=Inbox.REASON_LABEL),
                      dcc.RadioItems(reason_options(), state.reason, id=Inbox.REASON, inline=True)],
                     className="inbox-filter", role="group", **{"aria-labelledby": Inbox.REASON_LABEL}),
        ], className="controls inbox-filters"),
        html.Div([
            dcc.Loading(inbox_grid(Inbox.GRID), type="default", className="inbox-list"),
            html.Section([
                dcc.Loading(html.Div(detail_hint(False), id=Inbox.DETAIL), type="dot"),
                html.Div([
                    html.Label(_("Zuordnen zu"), htmlFor=Inbox.TARGET),
                    dcc.Dropdown(id=Inbox.TARGET, options=[], value=None, searchable=True, clearable=True,
                                 placeholder=_("Organisation oder Ansprechpartner suchen …"),
                                 optionHeight=48, className="inbox-target",
                                 labels={"search": _("Suchen"), "clear_search": _("Suche leeren"),
                                         "clear_selection": _("Auswahl leeren"),
                                         "no_options_found": _("Nichts gefunden: mindestens zwei Buchstaben "
                                                               "des Namens eingeben")}),
                    html.Button(_("Zuordnen"), id=Inbox.ASSIGN, n_clicks=0, disabled=True,
                                className="inbox-assign"),
                ], id=Inbox.ASSIGN_FORM, className="inbox-assign-form", hidden=True),
                dcc.Loading(html.Div(id=Inbox.RESULT, className="inbox-result"), type="dot"),
            ], className="panel inbox-panel"),
        ], className="inbox-body"),
    ])
