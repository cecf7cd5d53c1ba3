"""The start page's layout and callbacks as plain functions (issue 20, item 1), on the world of
tests/services/test_overview.py: tiles link to the lists filtered by letter, reminders and warnings link to
records, an external user gets their own organisation only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dash import dcc
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate
from flask import Flask, g

from core.vocabulary import Area, Role
from dashboard.callbacks.overview import show_external, show_group, show_reminders, show_warnings
from dashboard.callbacks.registry import guarded
from dashboard.components.format import record_href
from dashboard.ids import Overview
from services.overview import CACHE
from services.users import CurrentUser
from tests.dashboard.components_text import component_text
from tests.services.test_overview import EXTERNAL, D, world
from tests.support import seed

AS_OF = D.isoformat()
MANAGEMENT = CurrentUser("test-admin", Role.MANAGEMENT, agent_id="ag4")
SALES = CurrentUser("test-admin", Role.SALES, agent_id="ag1", teams=frozenset({"Nord"}))


@pytest.fixture
def seeded(app: Flask) -> Flask:
    CACHE.clear()
    seed(app.extensions["kundenakte"]["engine"], world())
    return app


def _walk(component: Any) -> Iterator[Any]:
    if isinstance(component, list | tuple):
        for c in component:
            yield from _walk(c)
    elif isinstance(component, Component):
        yield component
        yield from _walk(getattr(component, "children", None))


def _links(component: Any) -> dict[str, str]:
    """href -> text of every link in the tree."""
    return {c.href: component_text(c) for c in _walk(component) if isinstance(c, dcc.Link)}


def _ids(component: Any) -> list[Any]:
    return [c.id for c in _walk(component) if getattr(c, "id", None) is not None]


def _page(app: Flask, user: CurrentUser) -> Any:
    import dash

    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/")
    with app.test_request_context():
        g.kundenakte_user = user
        return layout()


def test_layout_offers_the_groups_the_role_may_read(seeded: Flask) -> None:
    """spec/analytics.md "Security": management reads all three ABC areas, purchasing only suppliers (and
    activities: reminders), an external user gets their own organisation and nothing of the tiles."""
    management = _ids(_page(seeded, MANAGEMENT))
    assert [i["aspect"] for i in management if isinstance(i, dict) and i["type"] == "overview-tiles"] == [
        "customer", "prospect", "supplier"]
    assert Overview.REMINDERS in management and Overview.EXTERNAL not in management
    purchasing = _ids(_page(seeded, CurrentUser("test-admin", Role.PURCHASING, agent_id="ag5")))
    assert [i["aspect"] for i in purchasing if isinstance(i, dict) and i["type"] == "overview-tiles"] == ["supplier"]
    external = _ids(_page(seeded, EXTERNAL))
    assert Overview.EXTERNAL in external
    assert not [i for i in external if isinstance(i, dict) or i in (Overview.REMINDERS, Overview.WARNINGS)]


def test_tiles_link_to_the_lists_filtered_by_letter(seeded: Flask) -> None:
    """Issue 20: a tile opens `/customers?abc=A` (and the others), the as-of date kept; count, share and the
    metric behind each letter, "ohne Buchstabe" for the organisations without movement."""
    with seeded.test_request_context():
        g.kundenakte_user = MANAGEMENT
        tiles, caption = show_group("customer", AS_OF)
        supplier_tiles, _ = show_group("supplier", AS_OF)
        today, _ = show_group("prospect", None)
    links = _links(tiles)
    assert list(links) == [f"/customers?abc={k}&as_of={AS_OF}" for k in ("A", "B", "C", "none")]
    assert links[f"/customers?abc=A&as_of={AS_OF}"].split() == ["A", "Klasse", "A", "1", "16,7", "%", "6.000,00", "€"]
    assert "ohne Buchstabe" in links[f"/customers?abc=none&as_of={AS_OF}"]
    assert "ohne Bewegung" in links[f"/customers?abc=none&as_of={AS_OF}"]
    assert caption == "6 · nach Rechnungsumsatz"
    # ratings are a score: their mean, not a sum; today (no as-of date): no as_of in the link
    assert "Ø 4,00" in _links(supplier_tiles)[f"/suppliers?abc=A&as_of={AS_OF}"]
    assert list(_links(today)) == [f"/prospects?abc={k}" for k in ("A", "B", "C", "none")]


def test_tiles_in_english(seeded: Flask) -> None:
    """Issue 20 (texts): the same tiles for a user whose language is English."""
    with seeded.test_request_context():
        g.kundenakte_user = CurrentUser("test-admin", Role.MANAGEMENT, locale="en")
        tiles, caption = show_group("customer", AS_OF)
    text = component_text(tiles)
    assert "Class A" in text and "no letter" in text and "€6,000.00" in text and "16.7%" in text
    assert caption == "6 · by invoiced revenue"


def test_reminders_and_warnings_link_to_records(seeded: Flask) -> None:
    """Issue 20: what needs attention, each entry linked to its record: ag1's open tasks (r1 overdue, marked in
    words), the falling A-customer c1, the stale potential of p3."""
    with seeded.test_request_context():
        g.kundenakte_user = SALES
        found = show_reminders(AS_OF)
        g.kundenakte_user = MANAGEMENT
        warnings = show_warnings(AS_OF)
    text = component_text(found)
    assert text.index("Aufgabe r1") < text.index("Aufgabe r5") < text.index("Aufgabe r2")
    assert "überfällig" in text and "ohne Organisation" in text and "10.03.2026" in text
    assert _links(found) == {record_href("c1"): "Kunde 1", record_href("c2"): "Kunde 2"}
    assert _links(warnings) == {record_href("c1"): "Kunde 1", record_href("p3"): "Interessent 3"}
    assert "Sinkende A-Kunden (1)" in component_text(warnings)
    assert "Veraltete Umsatzpotenziale (1)" in component_text(warnings)
    assert "1.000,00\xa0€ je Quartal" in component_text(warnings)


def test_empty_states_say_what_to_do(app: Flask) -> None:
    """Empty states: no holders yet, no reminders, no warnings."""
    CACHE.clear()
    with app.test_request_context():
        g.kundenakte_user = SALES
        tiles, _ = show_group("customer", AS_OF)
        found = show_reminders(AS_OF)
        warnings = show_warnings(AS_OF)
    assert "ein Import bringt sie" in component_text(tiles)
    assert "Keine offenen Erinnerungen" in component_text(found)
    assert "Kein A-Kunde mit sinkendem Umsatz." in component_text(warnings)


def test_external_start_shows_own_organisation_only(seeded: Flask) -> None:
    """spec/analytics.md "Security": an external user's start page: their organisation (a link to its record) and
    its tickets; nothing of another organisation's."""
    with seeded.test_request_context():
        g.kundenakte_user = EXTERNAL
        panel = show_external(AS_OF)
    assert _links(panel) == {record_href("c1"): "Kunde 1"}
    text = component_text(panel)
    assert "Offene Tickets 1" in text and "Tickets insgesamt 2" in text and "Kunde 2" not in text


@pytest.mark.parametrize(("user", "func", "args"), [
    (CurrentUser("test-admin", Role.SUPPORT, agent_id="ag2"), show_group, ("customer", AS_OF)),
    (CurrentUser("test-admin", Role.PURCHASING), show_group, ("prospect", AS_OF)),
    (EXTERNAL, show_group, ("customer", AS_OF)),
    (EXTERNAL, show_reminders, (AS_OF,)),
    (MANAGEMENT, show_external, (AS_OF,)),
    (MANAGEMENT, show_group, ("everything", AS_OF)),
    (MANAGEMENT, show_group, ("customer", "15.03.2026")),
    (MANAGEMENT, show_group, (["customer"], AS_OF)),
])
def test_refused_or_malformed_requests_answer_no_update(seeded: Flask, user: CurrentUser, func: Any,
                                                        args: tuple[Any, ...]) -> None:
    """Every callback is an endpoint anyone can call: a relationship the role may not read, reminders for an
    external user, the external page for an internal one, a wrong aspect or date: no update, never data."""
    area = Area.ACTIVITIES if func is show_reminders else Area.MASTER_DATA
    with seeded.test_request_context():
        g.kundenakte_user = user
        with pytest.raises(PreventUpdate):
            guarded(func, area)(*args)
