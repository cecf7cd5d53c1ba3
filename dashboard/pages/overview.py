"""`/`: the start page. ABC tiles per relationship the user may read (each letter a link to the filtered list)
and what needs attention; an external user gets their own organisation and its tickets instead."""

import dash
from dash import html

from core.vocabulary import Area, Aspect
from dashboard.components.overview import attention_section, external_section, group_section
from dashboard.context import engine, readable_aspects_of_request, request_user
from dashboard.i18n import _
from dashboard.ids import Overview
from services.policy import readable_areas

dash.register_page(__name__, path="/", title="Übersicht · Kundenakte", name="Übersicht", order=0, nav="Übersicht",
                   areas=frozenset({Area.MASTER_DATA}))

#: the tile groups in the page's order
ORDER = (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER)


def layout(**_query: str) -> html.Div:
    # outside a request (Dash's validation layout) both the internal and the external parts, so every
    # callback finds its ids; a signed-in user gets one of them, with only the relationships they may read
    user = request_user()
    parts: list[html.Section | html.Div] = []
    if user is None or not user.is_external:
        readable = readable_aspects_of_request()
        groups = [group_section(a) for a in ORDER if a in readable]
        parts.append(html.Div(groups or html.P(_("Ihre Rolle sieht keine ABC-Klassen."), className="empty"),
                              id=Overview.GROUPS, className="overview-groups"))
        activities = user is None or Area.ACTIVITIES in readable_areas(engine(), user)
        parts.append(attention_section(activities))
    if user is None or user.is_external:
        parts.append(external_section())
    return html.Div([html.Div(html.H1(_("Übersicht")), className="page-head"), *parts], className="overview")
