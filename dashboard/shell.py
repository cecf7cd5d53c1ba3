"""The frame around every page: the navigation the user's role may see, the as-of date, language, sign-out."""

from __future__ import annotations

import dash
from dash import dcc, html
from flask import has_request_context

from dashboard.context import current_user, engine
from dashboard.i18n import Language, _, language
from dashboard.ids import Shell
from dashboard.navigation import NavEntry, visible_pages
from services.policy import readable_areas


def _signed_in() -> tuple[list[NavEntry], list[object]]:
    """The user's navigation and the sign-out form; nothing outside a request (Dash's start-up validation)."""
    if not has_request_context():
        return [], []
    user = current_user()
    pages = visible_pages(readable_areas(engine(), user))
    try:
        from flask_wtf.csrf import generate_csrf

        token = generate_csrf()
    except (ImportError, RuntimeError, KeyError):
        token = ""
    logout = html.Form([
        dcc.Input(type="hidden", name="csrf_token", value=token, id=Shell.CSRF),
        html.Span(user.id, className="user-name"),
        html.Button(_("Abmelden"), type="submit", className="sign-out"),
    ], action=dash.get_relative_path("/logout"), method="post", className="user-box")
    return pages, [logout]


def language_switch() -> html.Div:
    """DE | EN; the choice is saved in the user's profile and the page reloads in it."""
    return html.Div(dcc.RadioItems(
        id=Shell.LANGUAGE, options=[{"label": lang.name, "value": lang.value} for lang in Language],
        value=language().value, inline=True, className="language-switch", inputClassName="language-input",
        labelClassName="language-label"), title=_("Sprache"), className="language")


def layout() -> html.Div:
    """Navigation (brand, the pages the role may see, as-of date, language, user, sign-out) above the page."""
    pages, user_box = _signed_in()
    links = [dcc.Link(_(e.label), href=dash.get_relative_path(e.path), className="nav-link") for e in pages]
    lang = language()
    return html.Div([
        html.Header([
            html.A("Kundenakte", href=dash.get_relative_path("/"), className="brand"),
            html.Nav(links, id=Shell.NAV, className="nav"),
            html.Div([
                html.Label(_("Stand"), htmlFor=Shell.AS_OF, className="as-of-label"),
                dcc.DatePickerSingle(id=Shell.AS_OF, display_format="DD.MM.YYYY",
                                     placeholder=_("heute"), clearable=True, first_day_of_week=1,
                                     month_format="MMMM YYYY", className="as-of-picker"),
            ], className="as-of"),
            language_switch(),
            *user_box,
        ], className="topbar"),
        html.Div(id=Shell.HISTORY, className="history-notice", role="status", hidden=True,
                 **{"data-template": _("Historische Zahlen: Alle Werte zeigen den Stand vom {day}."),
                    "data-lang": lang.bcp47}),
        dcc.Store(id=Shell.LANGUAGE_SAVED),
        html.Main(dash.page_container, className="page"),
    ], className="shell")
