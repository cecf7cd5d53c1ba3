"""The frame around every page: the navigation bar, the as-of date, and the page container."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.ids import Shell

NAV_PAGES = (("/", "Organisationen"), ("/abc", "ABC"), ("/concentration", "Konzentration"))


def layout() -> html.Div:
    """Navigation (brand, page links, as-of date) above the current page."""
    links = [dcc.Link(label, href=dash.get_relative_path(path), className="nav-link") for path, label in NAV_PAGES]
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
        ], className="topbar"),
        html.Main(dash.page_container, className="page"),
    ], className="shell")
