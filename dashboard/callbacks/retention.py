"""Retention page: the contacts due today with the reason, chosen in the grid, erased after a confirmation.

Administration only. The erasure goes through services/commands/retention.py `erase_contacts` (one
transaction, an audit row per contact, business records kept); a contact that is not due refuses it all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from core.errors import InvalidInput
from core.vocabulary import Area, Level
from dashboard.callbacks.registry import callback
from dashboard.components.format import number
from dashboard.components.retention import result_text, retention_rows, summary_text
from dashboard.context import current_user, engine
from dashboard.i18n import _
from dashboard.ids import Retention
from services.commands.retention import MAX_SELECTED, NotDue, erase_contacts
from services.retention import due_overview

#: the tables an erasure rewrites (services/commands/retention.py; the audit log is appended to anyway)
ERASE_WRITES = frozenset({"contacts", "activities", "tickets", "time_entries", "learned_mappings",
                          "organisation_domains"})


def chosen_ids(rows: object) -> list[str]:
    """The contact ids of the grid's selected rows (anything else than rows with a text id is malformed)."""
    if rows is None:
        return []
    if not isinstance(rows, list) or len(rows) > MAX_SELECTED:
        raise ValueError("not a selection")
    ids = [r.get("id") if isinstance(r, Mapping) else None for r in rows]
    if not all(isinstance(i, str) for i in ids):
        raise ValueError("a row without an id")
    return [str(i) for i in ids]


@callback(Area.ADMINISTRATION, Output(Retention.GRID, "rowData"), Output(Retention.SUMMARY, "children"),
          Input(Retention.ERASED, "data"))
def show_due(_erased: object) -> tuple[list[dict[str, Any]], Any]:
    """The contacts due today, by organisation and name, each with why it is due."""
    overview = due_overview(engine(), current_user())
    if not overview.people:
        return [], html.P(_("Niemand ist zur Löschung fällig: jeder Kontakt hat eine Spur nach dem {cutoff} "
                            "oder ein offenes Ticket.", cutoff=summary_cutoff(overview)), className="empty")
    return retention_rows(overview), summary_text(overview)


def summary_cutoff(overview: Any) -> str:
    from dashboard.components.format import when

    return when(overview.cutoff)


@callback(Area.ADMINISTRATION, Output(Retention.ERASE, "disabled"), Output(Retention.ERASE, "children"),
          Input(Retention.GRID, "selectedRows"))
def offer_erase(rows: object) -> tuple[bool, str]:
    """The button names how many are chosen, and is off while none is."""
    n = len(chosen_ids(rows))
    if n == 0:
        return True, _("Ausgewählte anonymisieren")
    return False, _("{n} ausgewählte anonymisieren", n=number(n))


@callback(Area.ADMINISTRATION, Output(Retention.CONFIRM, "displayed"), Output(Retention.CONFIRM, "message"),
          Input(Retention.ERASE, "n_clicks"), State(Retention.GRID, "selectedRows"), prevent_initial_call=True)
def ask(n_clicks: object, rows: object) -> tuple[bool, str]:
    """Ask before anything is erased: how many people, and that it cannot be undone."""
    if isinstance(n_clicks, bool) or not isinstance(n_clicks, int) or n_clicks < 1:
        raise PreventUpdate
    n = len(chosen_ids(rows))
    if n == 0:
        raise PreventUpdate
    return True, _("{n} Kontakt(e) unwiderruflich anonymisieren? Namen, Adressen und Nummern werden entfernt; "
                   "Rechnungen und andere Belege bleiben.", n=number(n))


@callback(Area.ADMINISTRATION, Output(Retention.MESSAGE, "children"), Output(Retention.ERASED, "data"),
          Input(Retention.CONFIRM, "submit_n_clicks"), State(Retention.GRID, "selectedRows"),
          State(Retention.WHY, "value"), State(Retention.ERASED, "data"),
          level=Level.EDIT, writes=ERASE_WRITES, prevent_initial_call=True)
def erase(confirmed: object, rows: object, why: object, counter: object) -> tuple[Any, Any]:
    """Erase the chosen contacts (confirmed in the dialog); the list is read again afterwards."""
    if isinstance(confirmed, bool) or not isinstance(confirmed, int) or confirmed < 1:
        raise PreventUpdate
    ids = chosen_ids(rows)
    if not ids:
        raise PreventUpdate
    try:
        result = erase_contacts(engine(), current_user(), ids, why=why)
    except NotDue as exc:
        return _message(_("Nichts gelöscht: {n} der gewählten Kontakte sind nicht (mehr) fällig.",
                          n=number(len(exc.contact_ids))), error=True), _next(counter)
    except InvalidInput:
        return _message(_("Nichts gelöscht: bitte einen Grund (bis 500 Zeichen) angeben."), error=True), no_update
    return _message(result_text(result)), _next(counter)


def _next(counter: object) -> int:
    return counter + 1 if isinstance(counter, int) and not isinstance(counter, bool) and counter < 10**9 else 1


def _message(text: str, *, error: bool = False) -> html.Div:
    return html.Div(("⚠ " if error else "✓ ") + text, role="alert" if error else "status",
                    className="settings-message " + ("is-error" if error else "is-ok"))


__all__ = ["ERASE_WRITES", "ask", "chosen_ids", "erase", "offer_erase", "show_due"]
