"""`/retention`: the contacts due for deletion under the retention rules, chosen and erased by an admin.

Spec/analytics.md, "Retention (GDPR)": the list says why each one is due; erasing anonymises the person
and keeps the business records, in one transaction with an audit row each, after a confirmation.
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.retention import retention_grid
from dashboard.components.settings import may_read_area
from dashboard.i18n import _
from dashboard.ids import Retention

dash.register_page(__name__, path="/retention", title="Aufbewahrung · Kundenakte", name="Aufbewahrung", order=91,
                   nav="Aufbewahrung", areas=frozenset({Area.ADMINISTRATION}))


def layout(**_query: str) -> html.Div:
    if not may_read_area(Area.ADMINISTRATION):
        return html.Div([html.H1(_("Aufbewahrung")),
                         html.P(_("Diese Seite ist der Administration vorbehalten."), className="empty")])
    return html.Div([
        dcc.Store(id=Retention.ERASED, data=0),
        html.Div([html.H1(_("Zur Löschung fällige Kontakte"))], className="page-head"),
        html.P(_("Fällig ist ein Kontakt, dessen letzte Spur (Anlage, Aktivität, Ticket, Angebot, Dokument, "
                 "Zeitbuchung) vor dem Stichtag liegt oder der keine Spur hat; ein offenes Ticket schützt ihn. "
                 "Anonymisieren entfernt Namen, Adressen und Nummern und behält die Geschäftsbelege."),
               className="muted retention-intro"),
        dcc.Loading(html.Div(id=Retention.SUMMARY, className="summary"), type="dot"),
        dcc.Loading(retention_grid(Retention.GRID), type="default"),
        html.Div([
            html.Div([html.Label(_("Grund für das Audit-Log"), htmlFor=Retention.WHY),
                      dcc.Input(id=Retention.WHY, type="text", value=_("Aufbewahrungsfrist abgelaufen"),
                                maxLength=500, className="retention-why")], className="settings-field"),
            html.Button(_("Ausgewählte anonymisieren"), id=Retention.ERASE, n_clicks=0, type="button",
                        disabled=True, className="settings-button danger"),
            dcc.ConfirmDialog(id=Retention.CONFIRM),
            dcc.Loading(html.Div(id=Retention.MESSAGE, **{"aria-live": "polite"}), type="dot"),
        ], className="retention-actions"),
    ], className="retention-page")
