"""The frame around every page: the navigation the user's role may see, the as-of date, sign-out, the page."""

from __future__ import annotations

import dash
from dash import dcc, html
from flask import has_request_context

from core.vocabulary import Area
from dashboard.context import current_user, engine
from dashboard.ids import Shell
from services.policy import readable_areas

#: path, label, and the areas of which the user must read one for the page to be in the navigation
NAV_PAGES: tuple[tuple[str, str, frozenset[Area]], ...] = (
    ("/", "Organisationen", frozenset({Area.MASTER_DATA})),
    ("/abc", "ABC", frozenset({Area.PIPELINE, Area.BILLING, Area.PURCHASING})),
    ("/concentration", "Konzentration", frozenset({Area.ANALYTICS})),
)


def visible_pages(areas: frozenset[Area]) -> list[tuple[str, str]]:
    """The navigation entries of a user who may read `areas`."""
    return [(path, label) for path, label, needs in NAV_PAGES if needs & areas]


def _signed_in() -> tuple[list[tuple[str, str]], list[object]]:
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
        html.Button("Abmelden", type="submit", className="sign-out"),
    ], action=dash.get_relative_path("/logout"), method="post", className="user-box")
    return pages, [logout]


def layout() -> html.Div:
    """Navigation (brand, the pages the role may see, as-of date, the user and sign-out) above the page."""
    pages, user_box = _signed_in()
    links = [dcc.Link(label, href=dash.get_relative_path(path), className="nav-link") for path, label in pages]
    return html.Div([
        html.Header([
            html.A("Kundenakte", href=dash.get_relative_path("/"), className="brand"),
            html.Nav(links, id=Shell.NAV, className="nav"),
            html.Div([
                html.Label("Stand", htmlFor=Shell.AS_OF, className="as-of-label"),
                dcc.DatePickerSingle(id=Shell.AS_OF, display_format="DD.MM.YYYY", placeholder="heute",
                                     clearable=True, first_day_of_week=1, persistence=True,
                                     persistence_type="session"),
            ], className="as-of"),
            *user_box,
        ], className="topbar"),
        html.Main(dash.page_container, className="page"),
    ], className="shell")
