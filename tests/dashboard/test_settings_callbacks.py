"""Settings page callbacks as plain functions (issue 20): forms from the stored values, saves through the commands,
refusals worded on the page, the letters following a new ABC window (spec/analytics.md, "ABC classification")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import copy_context
from typing import Any

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from flask import Flask, g

from core.vocabulary import Aspect, Role
from dashboard.callbacks.settings import (
    add_user_form,
    change_user,
    save_abc_form,
    save_permissions_form,
    save_probabilities_form,
    save_retention_form,
    save_weights_form,
    show_abc,
    show_permissions,
    show_probabilities,
    show_retention,
    show_users,
    show_weights,
)
from dashboard.components.settings import tab_of
from dashboard.ids import Settings
from kundenakte.web import resolve_user
from services.abc import AbcParams, abc_report
from services.users import CurrentUser
from tests.access_world import ADMIN
from tests.dashboard.components_text import component_text
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.kundenakte.signin.helpers import TEST_ADMIN, add_account
from tests.support import seed


def entries(make: Callable[[str], dict[str, str]], values: dict[str, Any]) -> list[dict[str, Any]]:
    """What Dash sends for a pattern State with ALL: one entry per component, its id and value."""
    return [{"id": make(k), "property": "value", "value": v} for k, v in values.items()]


def run(func: Callable[..., Any], *args: Any, states: Iterable[Any] = (),
        triggered: list[dict[str, Any]] | None = None) -> Any:
    """Call a callback as Dash does: with the states' ids and the triggering input in the callback context."""
    def call() -> Any:
        context_value.set(AttributeDict(states_list=list(states), triggered_inputs=triggered or [],
                                        inputs_list=[], outputs_list=[]))
        return func(*args)
    return copy_context().run(call)


def abc_states(windows: dict[str, Any], shares: dict[str, Any], customer: str = "invoices") -> list[Any]:
    return [entries(Settings.model, {"customer": customer, "prospect": "quotes", "supplier": "ratings"}),
            entries(Settings.window, windows), entries(Settings.share, shares), {"id": "x", "value": 0}]


@pytest.fixture
def seeded(app: Flask) -> Flask:
    seed(app.extensions["kundenakte"]["engine"], org_list_data())
    return app


def _letters(app: Flask) -> dict[str, Any]:
    report = abc_report(app.extensions["kundenakte"]["engine"], ADMIN, AbcParams(Aspect.CUSTOMER, None, AS_OF))
    return {r["organisation_id"]: r["class"] for r in report.records()}


def test_the_abc_form_shows_the_stored_values_and_a_save_changes_the_letters(seeded: Flask) -> None:
    """The form holds the configured models, the 365-day invoices window and 20/60/20; saving 60 days changes
    the customer letters at once (o03 A, o01 B) and the counter makes the form show the stored values again."""
    with seeded.test_request_context():
        resolve_user()
        with pytest.raises(PreventUpdate):
            show_abc("users", 0)
        form = show_abc("abc", 0)
        text = component_text(form)
        assert "Ausgangsrechnungen (Nettoumsatz)" in text and "Klasse A" in text
        values = {str(c.id): c.value for c in _inputs(form)}
        assert values[str(Settings.window('invoices'))] == 365
        assert values[str(Settings.share("C"))] == pytest.approx(20)
        message, counter = run(save_abc_form, 1, [], [], [], 4,
                               states=abc_states({"invoices": 60}, {"A": 20, "B": 60, "C": 20}))
        assert "Gespeichert: 1 Wert(e) geändert." in component_text(message) and counter == 5
        assert {k: v for k, v in _letters(seeded).items() if v} == {"o01": "B", "o03": "A"}
        again, counter = run(save_abc_form, 2, [], [], [], 5,
                             states=abc_states({"invoices": 60}, {"A": 20, "B": 60, "C": 20}))
        assert "Nichts geändert" in component_text(again) and counter is not None


def _inputs(tree: Any) -> list[Any]:
    from dash import dcc

    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, list | tuple):
            for n in node:
                walk(n)
        elif isinstance(node, dcc.Input):
            found.append(node)
        elif node is not None and hasattr(node, "children"):
            walk(node.children)

    walk(tree)
    return found


def test_refused_saves_say_why_in_the_users_language(seeded: Flask) -> None:
    """Shares that do not add up, a window of 0 days: the message lists both; nothing is stored (the letters stay);
    in English the same reasons in English."""
    with seeded.test_request_context():
        resolve_user()
        message, counter = run(save_abc_form, 1, [], [], [], 0,
                               states=abc_states({"invoices": 0}, {"A": 30, "B": 60, "C": 20}))
        text = component_text(message)
        assert "Nicht gespeichert" in text
        assert "Zeitfenster Ausgangsrechnungen (Nettoumsatz): mindestens 1 Tag" in text
        assert "Die Anteile von A, B und C ergeben 110 % statt 100 %" in text
        assert counter is not None and not isinstance(counter, int)  # no_update: the form keeps what was typed
        g.kundenakte_user = CurrentUser(TEST_ADMIN, Role.ADMIN, locale="en")
        english = component_text(run(save_abc_form, 1, [], [], [], 0,
                                     states=abc_states({"invoices": 0}, {"A": 30, "B": 60, "C": 20}))[0])
        assert "Window of Outgoing invoices (net revenue): at least 1 day" in english
        assert "The shares of A, B and C add up to 110 %, not 100 %" in english
    assert _letters(seeded)["o02"] == "B"


def test_no_click_no_save(seeded: Flask) -> None:
    """A save runs for a click only (the security suite sends 0, text and lists): no update otherwise."""
    with seeded.test_request_context():
        resolve_user()
        for clicks in (0, None, "1", True, [1]):
            with pytest.raises(PreventUpdate):
                run(save_abc_form, clicks, [], [], [], 0, states=abc_states({"invoices": 60}, {}))


def test_weights_probabilities_and_retention_forms_save(seeded: Flask) -> None:
    with seeded.test_request_context():
        resolve_user()
        assert "Termintreue" in component_text(show_weights("weights", 0))
        message, _ = run(save_weights_form, 1, [], 0,
                         states=[entries(Settings.weight, {"time": 2, "quality": 1, "cost": 1}), {}])
        assert "1 Wert(e) geändert" in component_text(message)
        zero, _ = run(save_weights_form, 1, [], 0,
                      states=[entries(Settings.weight, {"time": 0, "quality": 0, "cost": 0}), {}])
        assert "Die Gewichte ergeben zusammen 0" in component_text(zero)

        form = component_text(show_probabilities("probabilities", 0))
        assert "Negotiation" in form and "gewonnen" in form
        bad, _ = run(save_probabilities_form, 1, [], 0, states=[entries(Settings.probability, {"New": 150}), {}])
        assert "Wahrscheinlichkeit von New: 0 bis 100 %" in component_text(bad)
        good, _ = run(save_probabilities_form, 1, [], 0, states=[entries(Settings.probability, {"New": 7.5}), {}])
        assert "1 Wert(e) geändert" in component_text(good)

        assert show_retention("retention", 0) == 24
        bad, _ = run(save_retention_form, 1, 0, 0)
        assert "Aufbewahrungsfrist: 1 bis 1.200 Monate" in component_text(bad)
        good, counter = run(save_retention_form, 1, 36, 0)
        assert "Liste der fälligen Kontakte" in component_text(good) and counter == 1
        assert show_retention("retention", 1) == 36


def test_the_permission_matrix_form_and_save(seeded: Flask) -> None:
    engine = seeded.extensions["kundenakte"]["engine"]
    with seeded.test_request_context():
        resolve_user()
        text = component_text(show_permissions("permissions", 0))
        assert "Vertrieb" in text and "eigene Kunden" not in text  # dropdown labels live in options
        levels = [{"id": Settings.level("sales", "billing"), "property": "value", "value": "edit"}]
        try:
            message, counter = run(save_permissions_form, 1, [], [], 0, states=[levels, [], {}])
            assert "1 Wert(e) geändert" in component_text(message) and counter == 1
            refused, _ = run(save_permissions_form, 1, [], [], 0, states=[
                [{"id": Settings.level("admin", "administration"), "property": "value", "value": "none"}], [], {}])
            assert "Die Administration behält das Recht" in component_text(refused)
        finally:
            from services.commands.settings import save_permissions

            save_permissions(engine, ADMIN, {"sales billing": "read"}, {})


def test_users_are_listed_changed_and_added(seeded: Flask, fast_hashing: None) -> None:
    """Users (issue 20): the list names every account; a role chosen in a row and the disable button change the
    account; the own row cannot be changed; a new account is added and its password never comes back."""
    engine = seeded.extensions["kundenakte"]["engine"]
    add_account(engine, "anna", Role.SALES, agent_id="ag1")
    with seeded.test_request_context():
        resolve_user()
        table, roles, default, agents = show_users("users", 0, 0)
        text = component_text(table)
        assert "anna" in text and TEST_ADMIN in text and "Sperren" in text
        assert "sales" in [o["value"] for o in roles] and default == "sales"
        assert [a["value"] for a in agents] == ["ag1", "ag2"]

        role_id = Settings.user_role("anna")
        message, counter = run(change_user, [], [], [], 0, triggered=[
            {"prop_id": f'{{"name":"anna","type":"{role_id["type"]}"}}.value', "value": "accounting"}])
        assert "1 Wert(e) geändert" in component_text(message) and counter == 1
        with pytest.raises(PreventUpdate):  # the rows' dropdowns report their values when the list is drawn
            run(change_user, [], [], [], 1, triggered=[
                {"prop_id": f'{{"name":"anna","type":"{role_id["type"]}"}}.value', "value": "accounting"}])
        active_id = Settings.user_active("anna")
        message, _ = run(change_user, [], [], [], 1, states=[
            [{"id": active_id, "property": "value", "value": "disable"}], {}], triggered=[
            {"prop_id": f'{{"name":"anna","type":"{active_id["type"]}"}}.n_clicks', "value": 1}])
        assert "1 Wert(e) geändert" in component_text(message)
        assert "gesperrt" in component_text(show_users("users", 2, 0)[0])
        own = Settings.user_role(TEST_ADMIN)
        refused, counter = run(change_user, [], [], [], 2, triggered=[
            {"prop_id": f'{{"name":"{TEST_ADMIN}","type":"{own["type"]}"}}.value', "value": "sales"}])
        assert "Das eigene Konto" in component_text(refused) and counter == 3  # the list shows the stored role

        note, password, name, added = add_user_form(1, "bert", "sales", "ag2", None, "de", "ein-langes-passwort", 0)
        assert "Benutzer bert angelegt." in component_text(note) and (password, name, added) == ("", "", 1)
        short, password, _name, _ = add_user_form(1, "carl", "sales", "ag2", None, "de", "kurz", 0)
        assert "Ein Passwort hat 12 bis 1.024 Zeichen" in component_text(short) and password == ""
        assert "kurz" not in component_text(short)


def test_the_tab_comes_from_the_address() -> None:
    assert tab_of({"tab": "users"}) == "users"
    assert tab_of({"tab": "<script>"}) == "abc" and tab_of({}) == "abc"
