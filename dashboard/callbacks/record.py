"""The customer record: head, tiles and contacts; the timeline page by page."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, html
from dash.exceptions import PreventUpdate

from core.errors import NotFound
from core.vocabulary import Area
from dashboard.callbacks.registry import callback
from dashboard.components.record import abc_letters, contacts_table, record_header
from dashboard.components.tiles import record_tiles
from dashboard.components.timeline import timeline_items
from dashboard.context import current_user, engine, parse_as_of
from dashboard.ids import Record, Shell
from services.abc import abc_letters as abc_letters_of
from services.record import organisation_record, organisation_timeline

#: timeline entries per click on "Mehr laden"
TIMELINE_PAGE = 25


@callback(Area.MASTER_DATA,
          Output(Record.HEADER, "children"), Output(Record.TILES, "children"), Output(Record.CONTACTS, "children"),
          Input(Record.ORG, "data"), Input(Shell.AS_OF, "date"))
def show_record(organisation_id: str | None, as_of: str | None) -> tuple[Any, Any, Any]:
    """Head, the six tiles and the contacts of the organisation in the URL."""
    if not organisation_id:
        raise PreventUpdate
    try:
        record = organisation_record(engine(), current_user(), organisation_id, parse_as_of(as_of), timeline_limit=0)
    except NotFound:
        return html.H1("Organisation nicht gefunden"), [], []
    return record_header(record), record_tiles(record), contacts_table(record.contacts)


@callback(Area.MASTER_DATA,
          Output(Record.LETTERS, "children"), Input(Record.ORG, "data"), Input(Shell.AS_OF, "date"))
def show_letters(organisation_id: str | None, as_of: str | None) -> list[Any]:
    """The ABC letter per relationship held, after the head: a company-wide ranking per relationship.

    Measured at 100,000 organisations / 2 million invoices (bench/orglist_bench.py): customers 1.1-1.3 s,
    suppliers 0.4 s, prospects 0.15 s; so the letters come in their own callback and never hold up the record.
    """
    if not organisation_id:
        raise PreventUpdate
    try:
        return abc_letters(abc_letters_of(engine(), current_user(), organisation_id, parse_as_of(as_of)))
    except NotFound:
        return []


@callback(Area.MASTER_DATA,
          Output(Record.TIMELINE, "children"), Output(Record.MORE, "disabled"),
          Input(Record.ORG, "data"), Input(Record.MORE, "n_clicks"), Input(Shell.AS_OF, "date"))
def show_timeline(organisation_id: str | None, clicks: int | None, as_of: str | None) -> tuple[list[Any], bool]:
    """The newest touches; each click on "Mehr laden" shows one page more."""
    if not organisation_id:
        raise PreventUpdate
    limit = TIMELINE_PAGE * (1 + (clicks or 0))
    try:
        entries = organisation_timeline(engine(), current_user(), organisation_id, parse_as_of(as_of),
                                        limit=limit + 1)
    except NotFound:
        return [], True
    return timeline_items(entries[:limit]), len(entries) <= limit


__all__ = ["show_letters", "show_record", "show_timeline"]

