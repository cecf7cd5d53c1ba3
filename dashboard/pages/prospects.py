"""`/prospects`: the list of Interessenten (dashboard/components/aspect_list.py), its state in the address."""

import dash
from dash import html

from core.vocabulary import Area, Aspect
from dashboard.components.aspect_list import aspect_list

dash.register_page(__name__, path="/prospects", title="Interessenten · Kundenakte", name="Interessenten", order=12,
                   nav="Interessenten", areas=frozenset({Area.PIPELINE}))


def layout(**query: str) -> html.Div:
    return aspect_list(Aspect.PROSPECT, query)
