"""The record page's callbacks as plain functions (style guide §9): the filtered timeline with its counts, the
tiles that filter it, reminders, org chart, group tree, documents; the page's state from its address.

The data is tests/access_world plus tasks, an org chart and versioned documents (spec/analytics.md,
"Security"; interchange.md, contacts, organisations, activities, documents).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import copy_context
from typing import Any

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from flask import Flask, g

from dashboard.callbacks.record import (
    TIMELINE_PAGE,
    filter_from_tile,
    show_documents,
    show_group,
    show_org_chart,
    show_record,
    show_reminders,
    show_timeline,
)
from dashboard.components.record_state import RecordState
from dashboard.components.timeline import type_options
from kundenakte.web import resolve_user
from tests.access_world import EXTERNAL_EVA, SUPPORT_SUED
from tests.dashboard.components_text import component_text as _text
from tests.services.test_record_parts import _world
from tests.support import seed

AS_OF = "2026-03-15"


def _triggered(prop_id: str, value: object, func: Callable[..., Any], *args: Any) -> Any:
    """Run a callback as Dash would after `prop_id` changed to `value`."""
    def run() -> Any:
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": value}]))
        return func(*args)
    return copy_context().run(run)


def _f(types: list[str] | None = None, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The timeline's filter as assets/record.js keeps it in its store."""
    return {"types": types, "from": since, "to": until}


@pytest.fixture
def world(app: Flask) -> Flask:
    seed(app.extensions["kundenakte"]["engine"], _world())
    return app


def _as(app: Flask, user: object | None = None) -> Any:
    ctx = app.test_request_context()
    ctx.push()
    resolve_user()
    if user is not None:
        g.kundenakte_user = user
    return ctx


def test_the_timeline_lists_the_chosen_types_and_counts_all(world: Flask) -> None:
    ctx = _as(world)
    try:
        items, done, clicks, options, summary = _triggered(
            "record-filter.data", _f(["ticket"]), show_timeline, "o1", _f(["ticket"]), 0, AS_OF)
        everything = _triggered("record-org.data", "o1", show_timeline, "o1", _f(), 0, AS_OF)
        ranged = _triggered("record-filter.data", {}, show_timeline, "o1", _f(None, "2026-02-01", "2026-02-15"),
                            0, AS_OF)
    finally:
        ctx.pop()
    assert done is True and clicks == 0 and summary == "2 Einträge"
    assert {"Ticket"} == {_text(i.children[1]) for i in items}
    labels = {o["value"]: _text(o["label"]) for o in options}
    assert labels["ticket"].endswith("Ticket 2") and labels["task"].endswith("Aufgabe 3")
    assert "Angebot besprochen" in _text(everything[0]) and "RE-MARK-5" in _text(everything[0])
    assert "Januar-Anruf" not in _text(ranged[0]) and "RE-MARK-1" in _text(ranged[0])
    assert "Angebot besprochen" not in _text(ranged[0])


def test_more_shows_a_page_more_and_a_new_filter_starts_again(app: Flask) -> None:
    engine = app.extensions["kundenakte"]["engine"]
    seed(engine, {"organisations": [{"id": "o1", "name": "Viel GmbH"}], "activities": [
        {"id": f"a{i:03d}", "kind": "note", "occurred_at": f"2026-01-01T{i // 60:02d}:{i % 60:02d}:00",
         "organisation_id": "o1", "subject": f"Notiz {i}"} for i in range(TIMELINE_PAGE + 5)]})
    ctx = _as(app)
    try:
        first = _triggered("record-org.data", "o1", show_timeline, "o1", _f(), 0, AS_OF)
        second = _triggered("record-more.n_clicks", 1, show_timeline, "o1", _f(), 1, AS_OF)
        again = _triggered("record-filter.data", {}, show_timeline, "o1", _f(["note"]), 1, AS_OF)
    finally:
        ctx.pop()
    assert len(first[0]) == TIMELINE_PAGE and first[1] is False
    assert f"Notiz {TIMELINE_PAGE + 4}" in _text(first[0][0])
    assert len(second[0]) == TIMELINE_PAGE + 5 and second[1] is True and second[2] == 1
    assert len(again[0]) == TIMELINE_PAGE and again[2] == 0
    assert first[4] == f"{TIMELINE_PAGE + 5} Einträge"


def test_an_empty_choice_says_what_to_do(world: Flask) -> None:
    ctx = _as(world)
    try:
        items, *_ = _triggered("record-filter.data", {}, show_timeline, "o1", _f([]), 0, AS_OF)
        with pytest.raises(PreventUpdate):
            show_timeline(None, _f(), 0, AS_OF)
        with pytest.raises(PreventUpdate):
            _triggered("record-filter.data", "x", show_timeline, "o1", "ticket", 0, AS_OF)
    finally:
        ctx.pop()
    assert "Typen oder Zeitraum erweitern" in _text(items)


def test_a_tile_filters_the_timeline_to_its_types(world: Flask) -> None:
    offered = type_options(["email", "call", "appointment", "note", "task", "invoice", "ticket", "document"])
    tile = json.dumps({"tile": "tickets", "type": "record-tile"}, separators=(",", ":")) + ".n_clicks"
    touch = json.dumps({"tile": "last_touch", "type": "record-tile"}, separators=(",", ":")) + ".n_clicks"
    hours = json.dumps({"tile": "hours", "type": "record-tile"}, separators=(",", ":")) + ".n_clicks"
    ctx = _as(world)
    try:
        tickets = _triggered(tile, 1, filter_from_tile, [0, 1], 0, offered)
        touched = _triggered(touch, 1, filter_from_tile, [1, 0], 0, offered)
        reset = _triggered("record-reset.n_clicks", 1, filter_from_tile, [0, 0], 1, offered)
        with pytest.raises(PreventUpdate):  # tiles drawn anew: n_clicks 0 is no click
            _triggered(tile, 0, filter_from_tile, [0, 0], 0, offered)
        with pytest.raises(PreventUpdate):  # hours have no entries in the timeline
            _triggered(hours, 1, filter_from_tile, [1], 0, offered)
    finally:
        ctx.pop()
    assert tickets[0] == ["ticket"] and tickets[3] == "timeline"
    assert touched[0] == ["email", "call", "appointment", "note", "task"]
    assert reset[0] == [o["value"] for o in offered] and reset[1] is None and reset[2] is None


def test_the_record_tiles_are_buttons_where_they_have_entries(world: Flask) -> None:
    ctx = _as(world)
    try:
        _, tiles, _ = show_record("o1", AS_OF)
    finally:
        ctx.pop()
    buttons = {t.id["tile"]: [type(c).__name__ for c in t.children].count("Button") for t in tiles}
    assert buttons == {"engagements": 0, "invoices": 1, "tickets": 1, "hours": 0, "documents": 1, "last_touch": 1}
    assert tiles[2].n_clicks == 0 and getattr(tiles[3], "n_clicks", None) is None


def test_the_head_shows_the_sla_and_the_service_note(app: Flask) -> None:
    engine = app.extensions["kundenakte"]["engine"]
    data = _world()
    data["organisations"][0].update(sla_hours=8, service_note="Nur vormittags anrufen")
    seed(engine, data)
    ctx = _as(app)
    try:
        head, _, _ = show_record("o1", AS_OF)
    finally:
        ctx.pop()
    ctx = _as(app, EXTERNAL_EVA)
    try:
        eva_head, _, _ = show_record("o1", AS_OF)
    finally:
        ctx.pop()
    assert "SLA 8 Stunden" in _text(head) and "Nur vormittags anrufen" in _text(head)
    assert "SLA 8 Stunden" in _text(eva_head) and "vormittags" not in _text(eva_head)


def test_reminders_org_chart_group_and_documents(world: Flask) -> None:
    ctx = _as(world)
    try:
        reminders = show_reminders("o1", AS_OF)
        chart = show_org_chart("o2")
        group = show_group("o3")
        documents = show_documents("o1", AS_OF)
        nothing = show_group("nope")
    finally:
        ctx.pop()
    assert "Vertrag nachfassen" in _text(reminders) and "überfällig" in _text(reminders)
    assert "2 offen" in _text(reminders) and "Erledigt" not in _text(reminders)
    assert "Chef Beta" in _text(chart) and "Uwe Unten" in _text(chart)
    assert "Alpha GmbH" in _text(group) and "/organisation/o1" in repr(group) and "Epsilon Tochter" in _text(group)
    assert "rahmen.pdf" in _text(documents) and "Version 3 · aktuell" in _text(documents)
    assert "extern sichtbar" in _text(documents) and "keine Dateiinhalte" in _text(documents)
    assert nothing == []


def test_parts_of_areas_the_user_may_not_read_say_so(world: Flask) -> None:
    ctx = _as(world, EXTERNAL_EVA)
    try:
        reminders = show_reminders("o1", AS_OF)
        documents = show_documents("o1", AS_OF)
        other = show_documents("o2", AS_OF)
    finally:
        ctx.pop()
    assert "Keine Berechtigung" in _text(reminders)
    assert "kalkulation.xlsx" not in _text(documents) and "rahmen.pdf" in _text(documents)
    assert other == []
    ctx = _as(world, SUPPORT_SUED)
    try:
        _, _, _, options, _ = _triggered("record-org.data", "o2", show_timeline, "o2", _f(), 0, AS_OF)
    finally:
        ctx.pop()
    assert "invoice" not in {o["value"] for o in options}


@pytest.mark.parametrize(("path_id", "query", "expected"), [
    ("a%2Fb", {}, ("a/b", "timeline", None)),
    (None, {"id": "o1", "tab": "documents"}, ("o1", "documents", None)),
    ("o1", {"types": "ticket,salary", "from": "2026-02-15", "to": "2026-02-01"}, ("o1", "timeline", ("ticket",))),
    ("o1", {"tab": "<script>", "from": "gestern"}, ("o1", "timeline", None)),
])
def test_the_page_state_comes_from_the_address(path_id: str | None, query: dict[str, str],
                                                expected: tuple[str, str, tuple[str, ...] | None]) -> None:
    readable = ("email", "invoice", "ticket")
    state = RecordState.from_query(path_id, query, readable)
    assert (state.organisation_id, state.tab) == expected[:2]
    assert state.types == (expected[2] or readable)
    if "to" in query:
        assert (state.since.isoformat(), state.until.isoformat()) == ("2026-02-01", "2026-02-15")  # type: ignore[union-attr]
    assert RecordState.from_query("o1", {"types": "none"}, readable).types == ()
    assert RecordState.from_query("o1", {"types": "ticket"}, readable).filter_data(readable) == {
        "types": ["ticket"], "from": None, "to": None}
    assert RecordState.from_query("o1", {}, readable).filter_data(readable)["types"] is None
