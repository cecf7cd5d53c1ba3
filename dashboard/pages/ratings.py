"""`/ratings`: suppliers' ratings for purchasing: time, quality, cost, the weighted score, its trend, the letter,
and a new rating.

The state lives in the query string: `/ratings?supplier=ORG-1&sort=score:desc` (and the shell's `as_of`).
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.loading import loading
from dashboard.components.ratings import PageState, detail_hint, graph_config, rating_form, ratings_grid
from dashboard.context import engine, request_user
from dashboard.i18n import _
from dashboard.ids import Ratings
from services.policy import readable_areas
from services.ratings import may_rate, supplier_choices

dash.register_page(__name__, path="/ratings", title="Bewertungen · Kundenakte", name="Bewertungen", order=30,
                   nav="Bewertungen", areas=frozenset({Area.PURCHASING}))


def layout(**query: str) -> html.Div:
    state = PageState.from_query(query)
    user = request_user()
    if user is not None and Area.PURCHASING not in readable_areas(engine(), user):
        return html.Div([html.H1(_("Lieferantenbewertungen")), html.P(
            _("Die Bewertungen brauchen Leserechte für den Einkauf; Ihre Rolle hat sie nicht. Die Administration "
              "kann sie vergeben."), className="empty notice", role="status")], className="ratings-page")
    # outside a request (Dash's start-up validation) every id must be there: the whole form
    editable = user is None or may_rate(engine(), user)
    # the address's supplier among the choices from the start (a choice without its option would be dropped)
    chosen = supplier_choices(engine(), user, None, include=state.supplier) if user and state.supplier else []
    options = [{"label": name, "value": oid} for oid, name in chosen if oid == state.supplier]
    return html.Div([
        dcc.Store(id=Ratings.QUERY),
        dcc.Store(id=Ratings.SAVED, data=0),
        html.Div([
            html.H1(_("Lieferantenbewertungen")),
            loading(html.Span(id=Ratings.COUNT, className="count", role="status")),
        ], className="page-head"),
        html.P(id=Ratings.RULE, className="hint"),
        html.Div([
            html.Div(ratings_grid(state), className="ratings-list"),
            html.Div([
                html.Section([
                    loading(html.Div(detail_hint(), id=Ratings.DETAIL)),
                    loading(dcc.Graph(id=Ratings.TREND, config=graph_config(), className="ratings-trend-graph")),
                    loading(html.Div(id=Ratings.HISTORY)),
                ], className="panel ratings-detail"),
                rating_form(editable, state.supplier if options else None, options),
            ], className="ratings-side"),
        ], className="ratings-body"),
    ], className="ratings-page")
