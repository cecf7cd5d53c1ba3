"""Inbox page: the filtered list, the chosen item with suggestions, the target search, the assignment.

The assignment is a write (level EDIT of activities: sales and support by the spec's matrix); the
command (services/commands/assign.py) checks the policy again, remembers the address or number and
audits. Every input comes from the browser and is checked by the service.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from core.errors import Forbidden, InvalidInput, NotFound
from core.vocabulary import Area, Level
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.inbox import (
    assigned_message,
    detail_hint,
    detail_panel,
    inbox_rows,
    kind_options,
    reason_options,
    refused_message,
    summary,
    target_option,
)
from dashboard.context import current_user, engine
from dashboard.i18n import _
from dashboard.ids import Inbox
from services.commands.assign import ASSIGN_WRITES
from services.inbox import assign, inbox, parse_kind, parse_reason, search_targets, suggestions


@callback(Area.ACTIVITIES,
          Output(Inbox.GRID, "rowData"), Output(Inbox.SUMMARY, "children"), Output(Inbox.KIND, "options"),
          Output(Inbox.REASON, "options"), Output(Inbox.MAY_ASSIGN, "data"),
          Input(Inbox.KIND, "value"), Input(Inbox.REASON, "value"), Input(Inbox.DONE, "data"))
def show_inbox(kind: str | None, reason: str | None, _done: object) -> tuple[list[dict[str, Any]], str, Any, Any, bool]:
    """The newest waiting items of the chosen kind and reason; the filters with their counts."""
    view = inbox(engine(), current_user(), parse_kind(kind), parse_reason(reason))
    return (inbox_rows(view.entries), summary(view, bool(kind or reason)), kind_options(view), reason_options(view),
            view.may_assign)


@callback(Area.ACTIVITIES,
          Output(Inbox.DETAIL, "children"), Output(Inbox.ASSIGN_FORM, "hidden"), Output(Inbox.TARGET, "options"),
          Output(Inbox.TARGET, "value"),
          Input(Inbox.GRID, "selectedRows"), Input(Inbox.MAY_ASSIGN, "data"))
def show_item(selected: list[dict[str, Any]] | None, may_assign: bool | None) -> tuple[Any, bool, list[Any], None]:
    """The chosen item and, for who may assign, the form with the suggestions of an ambiguous address."""
    if not selected:
        return detail_hint(bool(may_assign)), True, [], None
    row = selected[0]
    if not isinstance(row, dict):
        raise PreventUpdate
    if may_assign is not True:
        return detail_panel(row), True, [], None
    try:
        offered = suggestions(engine(), current_user(), row.get("activity_id"))
    except (Forbidden, NotFound):
        return detail_panel(row), True, [], None
    return detail_panel(row), False, [target_option(t) for t in offered], None


@callback(Area.ACTIVITIES,
          Output(Inbox.TARGET, "options", allow_duplicate=True),
          Input(Inbox.TARGET, "search_value"), State(Inbox.TARGET, "value"), State(Inbox.TARGET, "options"),
          prevent_initial_call=True)
def find_targets(text: str | None, chosen: str | None, offered: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """Organisations and contacts whose name has the typed text (two letters at least); the chosen one stays."""
    if not text:
        raise PreventUpdate
    found = [target_option(t) for t in search_targets(engine(), current_user(), text)]
    kept = [o for o in (offered or []) if isinstance(o, dict) and o.get("value") == chosen]
    return kept + [o for o in found if o["value"] != chosen]


@callback(Area.ACTIVITIES,
          Output(Inbox.ASSIGN, "disabled"),
          Input(Inbox.TARGET, "value"), Input(Inbox.GRID, "selectedRows"))
def enable_assign(target: str | None, selected: list[dict[str, Any]] | None) -> bool:
    """The button works once an item and a target are chosen."""
    return not (target and selected)


@callback(Area.ACTIVITIES,
          Output(Inbox.RESULT, "children"), Output(Inbox.DONE, "data"),
          Input(Inbox.ASSIGN, "n_clicks"),
          State(Inbox.GRID, "selectedRows"), State(Inbox.TARGET, "value"), State(Inbox.TARGET, "options"),
          State(Inbox.DONE, "data"),
          level=Level.EDIT, writes=ASSIGN_WRITES, prevent_initial_call=True)
def assign_item(clicks: int | None, selected: list[dict[str, Any]] | None, target: str | None,
                offered: list[dict[str, str]] | None, done: int | None) -> tuple[Any, int]:
    """Assign the chosen item; the list is read again (it has left the inbox), the message links to the record."""
    if not clicks or not selected or not target:
        raise PreventUpdate
    row = selected[0]
    activity_id = row.get("activity_id") if isinstance(row, dict) else None
    try:
        result = assign(engine(), current_user(), activity_id, target)
    except NotFound:
        return refused_message(_("Nicht zugeordnet: Der Eintrag wartet nicht mehr im Posteingang oder das Ziel ist "
                                 "nicht sichtbar. Die Liste ist neu geladen.")), _count(done) + 1
    except InvalidInput:
        return refused_message(_("Nicht zugeordnet: Wählen Sie ein Ziel aus der Liste.")), _count(done)
    label = next((o.get("label") for o in offered or [] if isinstance(o, dict) and o.get("value") == target), None)
    return assigned_message(result, label if isinstance(label, str) else None), _count(done) + 1


def _count(done: object) -> int:
    return done if isinstance(done, int) and not isinstance(done, bool) and 0 <= done < 10**9 else 0


#: the filters go into the query string (history.replaceState: no reload, no new history entry)
clientside_callback(ClientsideFunction(namespace="inbox", function_name="syncQuery"),
                    Output(Inbox.QUERY, "data"), Input(Inbox.KIND, "value"), Input(Inbox.REASON, "value"))


__all__ = ["assign_item", "enable_assign", "find_targets", "show_inbox", "show_item"]
