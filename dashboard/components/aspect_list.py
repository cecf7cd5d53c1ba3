"""The list of one relationship (customers, prospects, suppliers): sidebar, search, chips, count, grid, Excel.

The three pages are this component with their relationship. Its state is the address's query
(`view`, `abc`, `q`, `sort`, `as_of`; services.lists.ListParams reads it), so a pasted link shows the
same rows; the sidebar pushes a history entry, so Back returns to the filter before.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from dash import dcc, html

from core.errors import Forbidden
from core.vocabulary import AbcModel, Aspect, MetricUnit
from dashboard.components.grid import server_side_grid
from dashboard.context import engine, request_user
from dashboard.i18n import _
from dashboard.ids import AspectList
from services.lists import LETTERS, ListParams, ListView, default_model, list_model
from services.ranked import RankedModel

#: the address of each relationship's list and the name of its workbook
PATHS = {Aspect.CUSTOMER: "customers", Aspect.PROSPECT: "prospects", Aspect.SUPPLIER: "suppliers"}
_FORMATTERS = {MetricUnit.EUR: "euro(params.value)", MetricUnit.HOURS: "hours(params.value)",
               MetricUnit.SCORE: "fixed2(params.value)"}


def title(aspect: Aspect) -> str:
    return {Aspect.CUSTOMER: _("Kunden"), Aspect.PROSPECT: _("Interessenten"),
            Aspect.SUPPLIER: _("Lieferanten")}[aspect]


def window_text(days: int | None) -> str:
    """"der letzten 12 Monate" / "der letzten 60 Tage"; empty for a model without a window."""
    if days is None:
        return ""
    if days % 365 == 0:
        return _("der letzten {n} Monate", n=12 * days // 365)
    return _("der letzten {n} Tage", n=days)


def view_label(aspect: Aspect, view: ListView, model: RankedModel) -> str:
    """The sidebar's name of a view, e.g. "Top-Interessenten der letzten 60 Tage"."""
    if view is ListView.ALL:
        return _("Alle")
    if view is ListView.ABC:
        return {Aspect.CUSTOMER: _("ABC-Kunden"), Aspect.PROSPECT: _("ABC-Interessenten"),
                Aspect.SUPPLIER: _("ABC-Lieferanten")}[aspect]
    top = {Aspect.CUSTOMER: _("Top-Kunden"), Aspect.PROSPECT: _("Top-Interessenten"),
           Aspect.SUPPLIER: _("Top-Lieferanten")}[aspect]
    window = window_text(model.window_days)
    return f"{top} {window}" if window else top


def letter_label(letter: str) -> str:
    return _("ohne Buchstabe") if letter == "none" else letter


def metric_header(model: RankedModel) -> str:
    """The metric's column: what it sums (or rates) over which window."""
    what = {AbcModel.INVOICES: _("Umsatz"), AbcModel.PROJECT_HOURS: _("Projektstunden"),
            AbcModel.REVENUE_POTENTIAL: _("Umsatzpotenzial"), AbcModel.QUOTES: _("Angebotssumme"),
            AbcModel.OPPORTUNITIES: _("Chancen gewichtet"), AbcModel.POTENTIAL_AND_OPPORTUNITIES:
            _("Potenzial und Chancen"), AbcModel.RATINGS: _("Bewertung (1–5)"),
            AbcModel.INCOMING_INVOICES: _("Einkaufsvolumen")}[model.model]
    if model.window_days is None:
        return what
    days = model.window_days
    span = _("{n} Mon.", n=12 * days // 365) if days % 365 == 0 else _("{n} Tage", n=days)
    return f"{what} {span}"


def columns(aspect: Aspect, model: RankedModel, params: ListParams) -> list[dict[str, Any]]:
    """The grid's columns; the sort in force marked on its column (the grid's first request carries it)."""
    sort = params.order[0]
    cols: list[dict[str, Any]] = [
        {"field": "letter", "headerName": _("ABC"), "cellRenderer": "AbcBadge", "width": 90},
        {"field": "name", "headerName": _("Name"), "cellRenderer": "OrganisationLink", "flex": 3, "minWidth": 220},
        {"field": "metric", "headerName": metric_header(model), "headerTooltip": metric_header(model), "width": 200,
         "type": "rightAligned",
         "valueFormatter": {"function": _FORMATTERS[model.unit]}},
    ]
    if aspect is Aspect.PROSPECT:
        cols.append({"field": "valid_quote", "headerName": _("Angebot gültig"), "cellRenderer": "ValidQuote",
                     "width": 140, "sortable": False})
    else:
        cols.append({"field": "number", "headerName": _("Kunden-Nr.") if aspect is Aspect.CUSTOMER
                     else _("Lieferanten-Nr."), "width": 140})
    cols += [
        {"field": "key_account_manager", "headerName": _("Key Account"), "flex": 1, "minWidth": 140},
        {"field": "city", "headerName": _("Ort"), "flex": 1, "minWidth": 120},
        {"field": "last_touch", "headerName": _("Letzter Kontakt"), "width": 160, "sortable": False},
    ]
    for col in cols:
        if col["field"] == sort.col_id:
            col["sort"] = "desc" if sort.descending else "asc"
    return cols


def _button(label: str, ident: dict[str, str], active: bool, hint: str | None = None) -> html.Button:
    return html.Button(label, id=ident, n_clicks=0, type="button", title=hint or label,
                       className="list-filter active" if active else "list-filter",
                       **{"aria-pressed": "true" if active else "false"})


def sidebar(aspect: Aspect, model: RankedModel, params: ListParams) -> html.Nav:
    """Views and letters as buttons (Tab, Enter, Space); the one in force is marked, not only by colour."""
    a = aspect.value
    views = [_button(view_label(aspect, v, model), AspectList.view(a, v.value), params.view is v) for v in ListView]
    letters = [_button(letter_label(x), AspectList.letter(a, x), params.letter == x,
                       _("Nur Buchstabe {letter}", letter=x) if x != "none" else _("Nur ohne Buchstabe"))
               for x in LETTERS]
    return html.Nav([
        html.H2(_("Ansichten")), html.Div(views, className="list-views", role="group"),
        html.H2(_("ABC-Buchstabe")), html.Div(letters, className="list-letters", role="group"),
    ], className="list-sidebar panel", **{"aria-label": _("Filter der Liste")})


def chips(aspect: Aspect, model: RankedModel, params: ListParams) -> list[Any]:
    """The filters in force, each removable (its × button says which)."""
    found: list[tuple[str, str]] = []
    if params.view is not ListView.ABC:
        found.append(("view", view_label(aspect, params.view, model)))
    if params.letter:
        found.append(("abc", _("Buchstabe: {letter}", letter=letter_label(params.letter))))
    if params.q:
        found.append(("q", _("Suche: {q}", q=params.q)))
    return [html.Span([text, html.Button("×", id=AspectList.chip(aspect.value, key), n_clicks=0, type="button",
                                         className="chip-remove", title=_("Filter entfernen: {what}", what=text),
                                         **{"aria-label": _("Filter entfernen: {what}", what=text)})],
                      className="chip") for key, text in found]


def download_href(aspect: Aspect, params: ListParams, suffix: str = "xlsx") -> str:
    """The workbook (or, `suffix` "csv", the German CSV) of exactly these rows: the same query as the page."""
    query = params.as_query()
    return f"/download/{PATHS[aspect]}.{suffix}" + (f"?{urlencode(query)}" if query else "")


def view_sorts() -> dict[str, list[str]]:
    """Each view's own sort as [field, asc|desc] (the browser applies it when Back restores a view)."""
    return {v.value: [k.col_id, "desc" if k.descending else "asc"]
            for v, k in ((v, ListParams(Aspect.CUSTOMER, v).order[0]) for v in ListView)}


def state_data(params: ListParams) -> dict[str, Any]:
    """What the state store keeps: the sidebar's and the search box's choice, and the view's own sort."""
    first = params.order[0] if not params.sort else ListParams(params.aspect, params.view).order[0]
    return {"view": params.view.value, "abc": params.letter, "q": params.q,
            "default_sort": [first.col_id, "desc" if first.descending else "asc"]}


def aspect_list(aspect: Aspect, query: dict[str, str]) -> html.Div:
    """The whole page of one relationship's list, its state from the address."""
    params = ListParams.from_query(aspect, query)
    user = request_user()
    try:
        model = list_model(engine(), user, aspect) if user is not None else None
    except Forbidden:
        return html.Div([html.H1(title(aspect)), html.P(_("Diese Liste dürfen Sie nicht sehen."), className="empty")])
    if model is None:  # Dash's start-up validation: the components with the default model
        model = default_model(aspect)
    a = aspect.value
    return html.Div([
        dcc.Store(id=AspectList.state(a), data=state_data(params)),
        dcc.Store(id=AspectList.sort(a), data=None),
        html.Div(id=AspectList.applied(a), hidden=True, **{"data-sorts": json.dumps(view_sorts()),
                                                           "data-path": f"/{PATHS[aspect]}"}),
        html.Div([
            html.H1(title(aspect)),
            dcc.Loading(html.Span(id=AspectList.count(a), className="count", role="status"), type="dot"),
            html.A(_("Excel herunterladen"), id=AspectList.download(a), href=download_href(aspect, params),
                   download=f"{PATHS[aspect]}.xlsx", className="button download-button"),
            html.A(_("CSV herunterladen"), id=AspectList.download_csv(a), href=download_href(aspect, params, "csv"),
                   download=f"{PATHS[aspect]}.csv", className="button download-button",
                   title=_("Semikolon, Dezimalkomma, UTF-8")),
        ], className="page-head"),
        html.Div([
            sidebar(aspect, model, params),
            html.Div([
                html.Div([
                    html.Label(_("Suche"), htmlFor=AspectList.search(a), className="search-label"),
                    dcc.Input(id=AspectList.search(a), type="search", value=params.q, debounce=0.4,
                              placeholder=_("Name, Nummer oder Ort"), className="list-search", maxLength=200),
                    html.Div(chips(aspect, model, params), id=AspectList.chips(a), className="chips",
                             **{"aria-live": "polite"}),
                ], className="list-toolbar"),
                server_side_grid(AspectList.grid(a), columns(aspect, model, params)),
                html.P(_("Pfeiltasten wählen eine Zeile, Enter öffnet die Akte."), className="list-hint"),
            ], className="list-main"),
        ], className="list-body kundenakte-list"),
    ], className="aspect-list")


__all__ = ["PATHS", "aspect_list", "chips", "columns", "download_href", "letter_label", "metric_header",
           "sidebar", "state_data", "title", "view_label", "window_text"]
