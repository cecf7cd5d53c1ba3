"""Settings page: each tab's form from the stored values, each save through services/commands/settings.py.

Administration only (every callback names Area.ADMINISTRATION; the saves need EDIT and name the tables
their command writes). A refused save (SettingsRejected) keeps the form as typed and lists every reason;
a save that changed something bumps its form's counter, so the form shows the stored values again.
The fields of a form are dict ids; which value belongs to which model, letter, status or cell is read
from the ids Dash sends with the values (`ctx.states_list`), never from the order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from core.vocabulary import Area, Level
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.settings import (
    abc_form,
    agent_options,
    permissions_form,
    probabilities_form,
    refused,
    role_options,
    saved,
    users_table,
    weights_form,
)
from dashboard.context import current_user, engine
from dashboard.i18n import _
from dashboard.ids import Settings
from services.commands.settings import (
    add_account,
    save_abc,
    save_permissions,
    save_probabilities,
    save_rating_weights,
    save_retention,
    set_user_active,
    set_user_role,
)
from services.settings import SettingsRejected, business_settings, permission_settings, user_settings

#: what each save may change (tests/security lets exactly these change for a role that may edit)
CONFIG_TABLES = frozenset({"config", "invoice_windows", "invoice_window_sums"})


def _clicked(n_clicks: object) -> None:
    """Go on only for a real click (a whole number of clicks above 0)."""
    if isinstance(n_clicks, bool) or not isinstance(n_clicks, int) or n_clicks < 1:
        raise PreventUpdate


def _bump(counter: object) -> int:
    return counter + 1 if isinstance(counter, int) and not isinstance(counter, bool) and counter < 10**9 else 1


def fields(state: int, *keys: str) -> dict[str, object]:
    """The values of the `state`-th State (a pattern with ALL) by the id keys named (`"role area"` for two)."""
    entries = ctx.states_list[state]
    if not isinstance(entries, list):
        raise ValueError("not a pattern state")
    found: dict[str, object] = {}
    for entry in entries:
        cid = entry.get("id") if isinstance(entry, Mapping) else None
        if not isinstance(cid, Mapping) or not all(isinstance(cid.get(k), str) for k in keys):
            raise ValueError("a field without its keys")
        found[" ".join(str(cid[k]) for k in keys)] = entry.get("value")
    return found


def _active(tab: object, mine: str) -> None:
    if tab != mine:
        raise PreventUpdate


# --- ABC models, windows, shares --------------------------------------------------------------------------------


@callback(Area.ADMINISTRATION, Output(Settings.ABC_FORM, "children"),
          Input(Settings.TAB, "value"), Input(Settings.saved("abc"), "data"))
def show_abc(tab: str, _saved: object) -> Any:
    """The stored models, windows and shares."""
    _active(tab, "abc")
    return abc_form(business_settings(engine(), current_user()))


@callback(Area.ADMINISTRATION, Output(Settings.ABC_MESSAGE, "children"), Output(Settings.saved("abc"), "data"),
          Input(Settings.ABC_SAVE, "n_clicks"),
          State(Settings.model(ALL), "value"), State(Settings.window(ALL), "value"),
          State(Settings.share(ALL), "value"), State(Settings.saved("abc"), "data"),
          level=Level.EDIT, writes=CONFIG_TABLES, prevent_initial_call=True)
def save_abc_form(n_clicks: int, _models: list[Any], _windows: list[Any], _shares: list[Any],
                  counter: object) -> tuple[Any, Any]:
    """Models, windows and shares in one save; the letters follow at once (a new window empties the cache)."""
    _clicked(n_clicks)
    try:
        result = save_abc(engine(), current_user(), fields(0, "aspect"), fields(1, "model"), fields(2, "letter"))
    except SettingsRejected as exc:
        return refused(exc.rejections), no_update
    follows = _("Die ABC-Klassen werden ab sofort mit diesen Werten berechnet.")
    return saved(result, follows), _bump(counter) if result.changes else no_update


# --- rating weights ---------------------------------------------------------------------------------------------


@callback(Area.ADMINISTRATION, Output(Settings.WEIGHTS_FORM, "children"),
          Input(Settings.TAB, "value"), Input(Settings.saved("weights"), "data"))
def show_weights(tab: str, _saved: object) -> Any:
    _active(tab, "weights")
    return weights_form(business_settings(engine(), current_user()))


@callback(Area.ADMINISTRATION, Output(Settings.WEIGHTS_MESSAGE, "children"),
          Output(Settings.saved("weights"), "data"),
          Input(Settings.WEIGHTS_SAVE, "n_clicks"), State(Settings.weight(ALL), "value"),
          State(Settings.saved("weights"), "data"),
          level=Level.EDIT, writes=frozenset({"config"}), prevent_initial_call=True)
def save_weights_form(n_clicks: int, _weights: list[Any], counter: object) -> tuple[Any, Any]:
    _clicked(n_clicks)
    try:
        result = save_rating_weights(engine(), current_user(), fields(0, "criterion"))
    except SettingsRejected as exc:
        return refused(exc.rejections), no_update
    follows = _("Die Lieferanten werden ab sofort mit diesen Gewichten eingestuft.")
    return saved(result, follows), _bump(counter) if result.changes else no_update


# --- opportunity probabilities ----------------------------------------------------------------------------------


@callback(Area.ADMINISTRATION, Output(Settings.PROBABILITIES_FORM, "children"),
          Input(Settings.TAB, "value"), Input(Settings.saved("probabilities"), "data"))
def show_probabilities(tab: str, _saved: object) -> Any:
    _active(tab, "probabilities")
    return probabilities_form(business_settings(engine(), current_user()))


@callback(Area.ADMINISTRATION, Output(Settings.PROBABILITIES_MESSAGE, "children"),
          Output(Settings.saved("probabilities"), "data"),
          Input(Settings.PROBABILITIES_SAVE, "n_clicks"), State(Settings.probability(ALL), "value"),
          State(Settings.saved("probabilities"), "data"),
          level=Level.EDIT, writes=frozenset({"opportunity_statuses", "prospect_spans"}), prevent_initial_call=True)
def save_probabilities_form(n_clicks: int, _values: list[Any], counter: object) -> tuple[Any, Any]:
    _clicked(n_clicks)
    try:
        result = save_probabilities(engine(), current_user(), fields(0, "status"))
    except SettingsRejected as exc:
        return refused(exc.rejections), no_update
    follows = _("Die Werte der Verkaufschancen und die Klassen der Interessenten folgen sofort.")
    return saved(result, follows), _bump(counter) if result.changes else no_update


# --- retention period -------------------------------------------------------------------------------------------


@callback(Area.ADMINISTRATION, Output(Settings.RETENTION_MONTHS, "value"),
          Input(Settings.TAB, "value"), Input(Settings.saved("retention"), "data"))
def show_retention(tab: str, _saved: object) -> int:
    _active(tab, "retention")
    return business_settings(engine(), current_user()).config.retention_months


@callback(Area.ADMINISTRATION, Output(Settings.RETENTION_MESSAGE, "children"),
          Output(Settings.saved("retention"), "data"),
          Input(Settings.RETENTION_SAVE, "n_clicks"), State(Settings.RETENTION_MONTHS, "value"),
          State(Settings.saved("retention"), "data"),
          level=Level.EDIT, writes=frozenset({"config"}), prevent_initial_call=True)
def save_retention_form(n_clicks: int, months: object, counter: object) -> tuple[Any, Any]:
    _clicked(n_clicks)
    try:
        result = save_retention(engine(), current_user(), months)
    except SettingsRejected as exc:
        return refused(exc.rejections), no_update
    follows = _("Die Liste der fälligen Kontakte folgt der neuen Frist.")
    return saved(result, follows), _bump(counter) if result.changes else no_update


# --- permission matrix and scopes -------------------------------------------------------------------------------


@callback(Area.ADMINISTRATION, Output(Settings.PERMISSIONS_FORM, "children"),
          Input(Settings.TAB, "value"), Input(Settings.saved("permissions"), "data"))
def show_permissions(tab: str, _saved: object) -> Any:
    _active(tab, "permissions")
    return permissions_form(permission_settings(engine(), current_user()))


@callback(Area.ADMINISTRATION, Output(Settings.PERMISSIONS_MESSAGE, "children"),
          Output(Settings.saved("permissions"), "data"),
          Input(Settings.PERMISSIONS_SAVE, "n_clicks"), State(Settings.level(ALL, ALL), "value"),
          State(Settings.scope(ALL), "value"), State(Settings.saved("permissions"), "data"),
          level=Level.EDIT, writes=frozenset({"permissions", "role_scopes"}), prevent_initial_call=True)
def save_permissions_form(n_clicks: int, _levels: list[Any], _scopes: list[Any], counter: object) -> tuple[Any, Any]:
    _clicked(n_clicks)
    try:
        result = save_permissions(engine(), current_user(), fields(0, "role", "area"), fields(1, "role"))
    except SettingsRejected as exc:
        return refused(exc.rejections), no_update
    follows = _("Die Rechte gelten ab der nächsten Anfrage jedes Benutzers.")
    return saved(result, follows), _bump(counter) if result.changes else no_update


# --- users ------------------------------------------------------------------------------------------------------


@callback(Area.ADMINISTRATION, Output(Settings.USERS_LIST, "children"), Output(Settings.NEW_ROLE, "options"),
          Output(Settings.NEW_ROLE, "value"), Output(Settings.NEW_AGENT, "options"),
          Input(Settings.TAB, "value"), Input(Settings.saved("users"), "data"), Input(Settings.saved("new"), "data"))
def show_users(tab: str, _saved: object, _added: object) -> tuple[Any, Any, Any, Any]:
    """Every account with its role and state; the roles and agents a new account can have."""
    _active(tab, "users")
    me = current_user()
    found = user_settings(engine(), me)
    return users_table(found, me.id), role_options(), "sales", agent_options(found)


@callback(Area.ADMINISTRATION, Output(Settings.USERS_MESSAGE, "children"), Output(Settings.saved("users"), "data"),
          Input(Settings.user_role(ALL), "value"), Input(Settings.user_active(ALL), "n_clicks"),
          State(Settings.user_active(ALL), "value"), State(Settings.saved("users"), "data"),
          level=Level.EDIT, writes=frozenset({"users"}), prevent_initial_call=True)
def change_user(_roles: list[Any], _clicks: list[Any], _actions: list[Any], counter: object) -> tuple[Any, Any]:
    """A new role chosen in a row (saved at once), or the row's disable / enable button pressed."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, Mapping) or not isinstance(trigger.get("name"), str):
        raise PreventUpdate
    name = str(trigger["name"])
    value = ctx.triggered[0].get("value") if ctx.triggered else None
    try:
        if trigger.get("type") == Settings.user_role(name)["type"]:
            result = set_user_role(engine(), current_user(), name, value)
        else:
            _clicked(value)
            action = fields(0, "name").get(name)
            if action not in ("disable", "enable"):
                raise PreventUpdate
            result = set_user_active(engine(), current_user(), name, action == "enable")
    except SettingsRejected as exc:
        return refused(exc.rejections), _bump(counter)  # shown again as stored: the refused choice is undone
    if not result.changes:  # the rows' dropdowns report their values when the list is drawn: nothing to say
        raise PreventUpdate
    return saved(result), _bump(counter)


@callback(Area.ADMINISTRATION, Output(Settings.NEW_MESSAGE, "children"), Output(Settings.NEW_PASSWORD, "value"),
          Output(Settings.NEW_NAME, "value"), Output(Settings.saved("new"), "data"),
          Input(Settings.NEW_ADD, "n_clicks"), State(Settings.NEW_NAME, "value"), State(Settings.NEW_ROLE, "value"),
          State(Settings.NEW_AGENT, "value"), State(Settings.NEW_CONTACT, "value"),
          State(Settings.NEW_LOCALE, "value"), State(Settings.NEW_PASSWORD, "value"),
          State(Settings.saved("new"), "data"),
          level=Level.EDIT, writes=frozenset({"users"}), prevent_initial_call=True)
def add_user_form(n_clicks: int, name: object, role: object, agent: object, contact: object, locale: object,
                  password: object, counter: object) -> tuple[Any, Any, Any, Any]:
    """A new account (services/commands/users.py); the password never comes back, the field is emptied."""
    _clicked(n_clicks)
    try:
        info = add_account(engine(), current_user(), name, role, password, agent_id=agent, contact_id=contact,
                           locale=locale)
    except SettingsRejected as exc:
        return refused(exc.rejections), "", no_update, no_update
    note = html.Div("✓ " + _("Benutzer {name} angelegt.", name=info.name), className="settings-message is-ok",
                    role="status")
    return note, "", "", _bump(counter)


#: the chosen tab goes into the address (`?tab=`), other parameters kept
clientside_callback(ClientsideFunction(namespace="settings", function_name="syncTab"),
                    Output(Settings.QUERY, "data"), Input(Settings.TAB, "value"))


__all__ = [
    "add_user_form", "change_user", "fields", "save_abc_form", "save_permissions_form", "save_probabilities_form",
    "save_retention_form", "save_weights_form", "show_abc", "show_permissions", "show_probabilities",
    "show_retention", "show_users", "show_weights",
]
