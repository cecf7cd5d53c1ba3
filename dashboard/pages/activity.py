"""`/activity`: agent activity for management: agents x activity kind, activities over time, and one agent's
organisations and contacts.

The state lives in the query string: `/activity?period=week&agent=AG-0001` (and the shell's `as_of`).
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.activity import PageState, drill_hint, graph_config, period_options
from dashboard.components.dropdown import dropdown_labels
from dashboard.components.loading import loading
from dashboard.context import engine, request_user
from dashboard.i18n import _
from dashboard.ids import Activity
from services.policy import readable_areas

dash.register_page(__name__, path="/activity", title="Aktivität · Kundenakte", name="Aktivität", order=40,
                   nav="Aktivität", areas=frozenset({Area.ANALYTICS}))


def layout(**query: str) -> html.Div:
    state = PageState.from_query(query)
    user = request_user()
    if user is not None and Area.ANALYTICS not in readable_areas(engine(), user):
        return html.Div([html.H1(_("Aktivität der Mitarbeiter")), html.P(
            _("Die Auswertung braucht Leserechte für Analysen; Ihre Rolle hat sie nicht. Die Administration kann "
              "sie vergeben."), className="empty notice", role="status")], className="activity-page")
    agent = [{"label": state.agent, "value": state.agent}] if state.agent else []
    return html.Div([
        dcc.Store(id=Activity.QUERY),
        html.Div([
            html.H1(_("Aktivität der Mitarbeiter")),
            dcc.RadioItems(period_options(), state.period.value, id=Activity.PERIOD, inline=True,
                           className="controls"),
            dcc.Dropdown(labels=dropdown_labels(),
                         id=Activity.AGENT, options=agent, value=state.agent, clearable=True, searchable=True,
                         placeholder=_("Mitarbeiter wählen …"), className="activity-agent"),
        ], className="page-head"),
        loading(html.P(id=Activity.RANGE, className="hint", role="status")),
        html.Div([
            html.Section([html.H2(_("Mitarbeiter × Art")),
                          loading(dcc.Graph(id=Activity.HEATMAP, config=graph_config()))],
                         className="panel activity-heatmap"),
            html.Section([html.H2(_("Im Zeitverlauf")),
                          loading(dcc.Graph(id=Activity.OVER_TIME, config=graph_config()))],
                         className="panel activity-over-time"),
        ], className="two-columns"),
        html.Section(loading(html.Div(drill_hint(), id=Activity.DRILL)), className="panel activity-drill"),
    ], className="activity-page")
