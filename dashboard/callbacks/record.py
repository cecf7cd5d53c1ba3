"""The customer record: head, tiles and contacts; the filtered timeline page by page; reminders, org chart,
group tree and documents; the tiles filter the timeline; the filters go into the address (assets/record.js).

Every callback is of the record's area (master data): the services leave out what the user may not read
(a type of the timeline, the reminders, the documents), and refuse an organisation the user may not see.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from core.errors import NotFound
from core.vocabulary import Area
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.format import number
from dashboard.components.record import abc_letters, contacts_table, record_header
from dashboard.components.record_parts import documents_by_folder, group_tree_list, org_chart_tree, reminders_list
from dashboard.components.tiles import TILE_TYPES, record_tiles
from dashboard.components.timeline import timeline_items, type_options
from dashboard.context import current_user, engine, parse_as_of
from dashboard.i18n import _
from dashboard.ids import Record, Shell
from services.abc import abc_letters as abc_letters_of
from services.record import organisation_record
from services.record_documents import record_documents
from services.record_reminders import open_reminders
from services.record_timeline import TimelineFilter, timeline_page
from services.record_tree import group_tree, org_chart

#: timeline entries per click on "Mehr laden"
TIMELINE_PAGE = 25


def _org(organisation_id: object) -> str:
    """The organisation of the page; none (or not a text) is no update."""
    if not organisation_id or not isinstance(organisation_id, str):
        raise PreventUpdate
    return organisation_id


@callback(Area.MASTER_DATA,
          Output(Record.HEADER, "children"), Output(Record.TILES, "children"), Output(Record.CONTACTS, "children"),
          Input(Record.ORG, "data"), Input(Shell.AS_OF, "date"))
def show_record(organisation_id: str | None, as_of: str | None) -> tuple[Any, Any, Any]:
    """Head (with SLA and service note), the six tiles and the contacts of the organisation in the address."""
    org = _org(organisation_id)
    try:
        record = organisation_record(engine(), current_user(), org, parse_as_of(as_of), timeline_limit=0)
    except NotFound:
        return html.H1(_("Organisation nicht gefunden")), [], []
    return record_header(record), record_tiles(record), contacts_table(record.contacts)


@callback(Area.MASTER_DATA,
          Output(Record.LETTERS, "children"), Input(Record.ORG, "data"), Input(Shell.AS_OF, "date"))
def show_letters(organisation_id: str | None, as_of: str | None) -> list[Any]:
    """The ABC letter per relationship held, after the head: a company-wide ranking per relationship.

    Measured at 100,000 organisations / 2 million invoices (bench/orglist_bench.py): customers 1.1-1.3 s,
    suppliers 0.4 s, prospects 0.15 s; so the letters come in their own callback and never hold up the record.
    """
    org = _org(organisation_id)
    try:
        return abc_letters(abc_letters_of(engine(), current_user(), org, parse_as_of(as_of)))
    except NotFound:
        return []


@callback(Area.MASTER_DATA,
          Output(Record.TIMELINE, "children"), Output(Record.MORE, "disabled"), Output(Record.MORE, "n_clicks"),
          Output(Record.TYPES, "options"), Output(Record.COUNTS, "children"),
          Input(Record.ORG, "data"), Input(Record.FILTER, "data"), Input(Record.MORE, "n_clicks"),
          Input(Shell.AS_OF, "date"))
def show_timeline(organisation_id: str | None, chosen: dict[str, Any] | None, clicks: int | None,
                  as_of: str | None) -> tuple[Any, ...]:
    """The newest entries of the chosen types in the range (`chosen`: types, from, to; assets/record.js), the
    count per type; "Mehr laden" shows a page more, a new filter starts at the first page again."""
    org = _org(organisation_id)
    more = ctx.triggered_id == Record.MORE
    pages = 1 + (int(clicks or 0) if more else 0)
    chosen = chosen if chosen is not None else {}
    if not isinstance(chosen, dict):
        raise PreventUpdate
    flt = TimelineFilter.parse(chosen.get("types"), chosen.get("from"), chosen.get("to"))
    try:
        page = timeline_page(engine(), current_user(), org, parse_as_of(as_of), flt, limit=TIMELINE_PAGE * pages)
    except NotFound:
        return [], True, 0, [], ""
    counts = {t.value: n for t, n in page.counts.items()}
    filtered = flt.types is not None or flt.since is not None or flt.until is not None
    summary = _("{n} Einträge", n=number(page.total)) if page.total != 1 else _("1 Eintrag")
    return (timeline_items(page.entries, filtered), not page.more, pages - 1 if more else 0,
            type_options([t.value for t in page.readable], counts), summary)


@callback(Area.MASTER_DATA,
          Output(Record.TYPES, "value"), Output(Record.RANGE, "start_date"), Output(Record.RANGE, "end_date"),
          Output(Record.TABS, "value"),
          Input(Record.tile(ALL), "n_clicks"), Input(Record.RESET, "n_clicks"), State(Record.TYPES, "options"),
          prevent_initial_call=True)
def filter_from_tile(_tiles: list[int | None], _reset: int | None,
                     options: list[dict[str, Any]] | None) -> tuple[Any, Any, Any, Any]:
    """A tile shows its entries in the timeline (tickets: `types=ticket`); "Filter zurücksetzen" shows all."""
    offered = [o["value"] for o in options or [] if isinstance(o, dict) and isinstance(o.get("value"), str)]
    clicked = ctx.triggered_id
    if not ctx.triggered or not ctx.triggered[0].get("value"):
        raise PreventUpdate  # a tile drawn anew (n_clicks 0), not a click
    if clicked == Record.RESET:
        return offered, None, None, no_update
    name = clicked.get("tile") if isinstance(clicked, dict) else None
    if name not in TILE_TYPES:
        raise PreventUpdate
    return [t for t in offered if t in TILE_TYPES[name]], no_update, no_update, "timeline"


@callback(Area.MASTER_DATA, Output(Record.REMINDERS, "children"),
          Input(Record.ORG, "data"), Input(Shell.AS_OF, "date"))
def show_reminders(organisation_id: str | None, as_of: str | None) -> Any:
    """Open tasks with their due dates (the activities area)."""
    try:
        return reminders_list(open_reminders(engine(), current_user(), _org(organisation_id), parse_as_of(as_of)))
    except NotFound:
        return []


@callback(Area.MASTER_DATA, Output(Record.CHART, "children"), Input(Record.ORG, "data"))
def show_org_chart(organisation_id: str | None) -> Any:
    """The contacts by reporting line."""
    try:
        return org_chart_tree(org_chart(engine(), current_user(), _org(organisation_id)))
    except NotFound:
        return []


@callback(Area.MASTER_DATA, Output(Record.GROUP, "children"), Input(Record.ORG, "data"))
def show_group(organisation_id: str | None) -> Any:
    """Parents up to the top and the subsidiaries the user may see."""
    try:
        return group_tree_list(group_tree(engine(), current_user(), _org(organisation_id)))
    except NotFound:
        return []


@callback(Area.MASTER_DATA, Output(Record.DOCUMENTS, "children"),
          Input(Record.ORG, "data"), Input(Shell.AS_OF, "date"))
def show_documents(organisation_id: str | None, as_of: str | None) -> Any:
    """Documents by folder, versions newest first, external ones marked (the documents area)."""
    try:
        return documents_by_folder(record_documents(engine(), current_user(), _org(organisation_id),
                                                    parse_as_of(as_of)))
    except NotFound:
        return []


clientside_callback(
    ClientsideFunction("record", "syncFilter"),
    Output(Record.FILTER, "data"), Output(Record.QUERY, "data"),
    Input(Record.TYPES, "value"), Input(Record.RANGE, "start_date"), Input(Record.RANGE, "end_date"),
    Input(Record.TABS, "value"), State(Record.TYPES, "options"), State(Record.FILTER, "data"),
)


__all__ = ["TIMELINE_PAGE", "filter_from_tile", "show_documents", "show_group", "show_letters", "show_org_chart",
           "show_record", "show_reminders", "show_timeline"]
