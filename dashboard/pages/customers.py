"""`/customers`: the list of Kunden (dashboard/components/aspect_list.py), its state in the address."""

import dash
from dash import html

from core.vocabulary import Area, Aspect
from dashboard.components.aspect_list import aspect_list

dash.register_page(__name__, path="/customers", title="Kunden · Kundenakte", name="Kunden", order=11,
                   nav="Kunden", areas=frozenset({Area.BILLING}))


def layout(**query: str) -> html.Div:
    return aspect_list(Aspect.CUSTOMER, query)
