"""`/settings`: the admin's settings in tabs (`?tab=abc|weights|probabilities|retention|permissions|users`).

Administration only: the navigation shows it to whoever may read that area, and every callback of the
page is refused (audited) for anyone else; a non-admin opening the address sees a notice and no form.
"""

import dash
from dash import dcc, html

from core.vocabulary import Area
from dashboard.components.dropdown import dropdown_labels
from dashboard.components.settings import TAB_VALUES, may_read_area, tab_label, tab_of
from dashboard.i18n import _
from dashboard.ids import Settings

dash.register_page(__name__, path="/settings", title="Einstellungen · Kundenakte", name="Einstellungen", order=90,
                   nav="Einstellungen", areas=frozenset({Area.ADMINISTRATION}))


def _form(form_id: str, save_id: str, message_id: str, intro: str) -> html.Div:
    """A tab's form (filled by a callback), its save button and the save's message."""
    return html.Div([
        html.P(intro, className="muted settings-intro"),
        dcc.Loading(html.Div(id=form_id, className="settings-form"), type="dot"),
        html.Div([html.Button(_("Speichern"), id=save_id, n_clicks=0, type="button", className="settings-button"),
                  dcc.Loading(html.Div(id=message_id, **{"aria-live": "polite"}), type="dot")],
                 className="settings-actions"),
    ], className="settings-panel")


def layout(**query: str) -> html.Div:
    if not may_read_area(Area.ADMINISTRATION):
        return html.Div([html.H1(_("Einstellungen")),
                         html.P(_("Diese Seite ist der Administration vorbehalten."), className="empty")])
    panels = {
        "abc": _form(Settings.ABC_FORM, Settings.ABC_SAVE, Settings.ABC_MESSAGE, _(
            "Welches Modell jede Beziehung einstuft, wie viele Tage jedes Modell zurückblickt und welcher Anteil "
            "der Rangliste A, B und C wird. Die Klassen folgen sofort.")),
        "weights": _form(Settings.WEIGHTS_FORM, Settings.WEIGHTS_SAVE, Settings.WEIGHTS_MESSAGE, _(
            "Wie stark Termintreue, Qualität und Kosten in die Bewertung eines Lieferanten eingehen.")),
        "probabilities": _form(Settings.PROBABILITIES_FORM, Settings.PROBABILITIES_SAVE,
                               Settings.PROBABILITIES_MESSAGE, _(
            "Die Standard-Wahrscheinlichkeit jedes Status einer Verkaufschance.")),
        "retention": html.Div([
            html.P(_("Nach wie vielen Monaten ohne Spur ein Kontakt zur Löschung fällig ist (DSGVO)."),
                   className="muted settings-intro"),
            html.Div([html.Label(_("Aufbewahrungsfrist (Monate)"), htmlFor=Settings.RETENTION_MONTHS),
                      dcc.Loading(dcc.Input(id=Settings.RETENTION_MONTHS, type="number", step="any",
                                            className="settings-number"), type="dot")],
                     className="settings-field"),
            html.Div([html.Button(_("Speichern"), id=Settings.RETENTION_SAVE, n_clicks=0, type="button",
                                  className="settings-button"),
                      dcc.Loading(html.Div(id=Settings.RETENTION_MESSAGE, **{"aria-live": "polite"}), type="dot"),
                      dcc.Link(_("Zur Liste der fälligen Kontakte"), href="/retention", className="settings-link")],
                     className="settings-actions"),
        ], className="settings-panel"),
        "permissions": _form(Settings.PERMISSIONS_FORM, Settings.PERMISSIONS_SAVE, Settings.PERMISSIONS_MESSAGE, _(
            "Was jede Rolle je Informationsbereich darf, und welche Organisationen sie sieht.")),
        "users": html.Div([
            dcc.Loading(html.Div(id=Settings.USERS_LIST, className="settings-form"), type="dot"),
            dcc.Loading(html.Div(id=Settings.USERS_MESSAGE, **{"aria-live": "polite"}), type="dot"),
            html.Fieldset([
                html.Legend(_("Neuen Benutzer anlegen")),
                html.Div([html.Label(_("Benutzername"), htmlFor=Settings.NEW_NAME),
                          dcc.Input(id=Settings.NEW_NAME, type="text", maxLength=100, autoComplete="off")],
                         className="settings-field"),
                html.Div([html.Label(_("Rolle"), htmlFor=Settings.NEW_ROLE),
                          dcc.Dropdown(labels=dropdown_labels(),
                                       id=Settings.NEW_ROLE, clearable=False, searchable=False,
                                       className="settings-dropdown")], className="settings-field"),
                html.Div([html.Label(_("Mitarbeiter (interne Rollen)"), htmlFor=Settings.NEW_AGENT),
                          dcc.Dropdown(labels=dropdown_labels(),
                                       id=Settings.NEW_AGENT, clearable=True, className="settings-dropdown")],
                         className="settings-field"),
                html.Div([html.Label(_("Kontakt-Nr. (nur extern)"), htmlFor=Settings.NEW_CONTACT),
                          dcc.Input(id=Settings.NEW_CONTACT, type="text", maxLength=64, autoComplete="off")],
                         className="settings-field"),
                html.Div([html.Label(_("Sprache"), htmlFor=Settings.NEW_LOCALE),
                          dcc.Dropdown(labels=dropdown_labels(),
                                       id=Settings.NEW_LOCALE, options=[{"label": "Deutsch", "value": "de"},
                                                                        {"label": "English", "value": "en"}],
                                       value="de", clearable=False, searchable=False,
                                       className="settings-dropdown")], className="settings-field"),
                html.Div([html.Label(_("Passwort (mindestens 12 Zeichen)"), htmlFor=Settings.NEW_PASSWORD),
                          dcc.Input(id=Settings.NEW_PASSWORD, type="password", autoComplete="new-password",
                                    maxLength=1024)], className="settings-field"),
                html.Div([html.Button(_("Benutzer anlegen"), id=Settings.NEW_ADD, n_clicks=0, type="button",
                                      className="settings-button"),
                          dcc.Loading(html.Div(id=Settings.NEW_MESSAGE, **{"aria-live": "polite"}), type="dot")],
                         className="settings-actions"),
            ], className="settings-group settings-new-user"),
        ], className="settings-panel"),
    }
    return html.Div([
        dcc.Store(id=Settings.QUERY),
        *[dcc.Store(id=Settings.saved(form), data=0) for form in Settings.FORMS],
        html.Div(html.H1(_("Einstellungen")), className="page-head"),
        dcc.Tabs(id=Settings.TAB, value=tab_of(query), className="tabs settings-tabs", children=[
            dcc.Tab(label=tab_label(tab), value=tab, children=panels[tab]) for tab in TAB_VALUES]),
    ], className="settings-page")
