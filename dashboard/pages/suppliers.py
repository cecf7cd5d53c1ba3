"""`/suppliers`: the list of Lieferanten (dashboard/components/aspect_list.py), its state in the address."""

import dash
from dash import html

from core.vocabulary import Area, Aspect
from dashboard.components.aspect_list import aspect_list

dash.register_page(__name__, path="/suppliers", title="Lieferanten · Kundenakte", name="Lieferanten", order=13,
                   nav="Lieferanten", areas=frozenset({Area.PURCHASING}))


def layout(**query: str) -> html.Div:
    return aspect_list(Aspect.SUPPLIER, query)
