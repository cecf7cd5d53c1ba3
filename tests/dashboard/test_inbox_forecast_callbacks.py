"""The inbox and forecast callbacks as plain functions (style guide §4, §9), as the roles of spec/analytics.md,
"Security: need-to-know", and through the registry's guard for the write (level EDIT of activities)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask, g
from sqlalchemy import Engine, func, select

from core.errors import InvalidInput
from core.schema import AuditLogEntry, InboxItem, LearnedMapping
from core.vocabulary import Area, Level, Role
from dashboard.callbacks.forecast import show_forecast
from dashboard.callbacks.inbox import assign_item, enable_assign, find_targets, show_inbox, show_item
from dashboard.callbacks.registry import CALLBACKS, guarded
from dashboard.components.format import record_href
from dashboard.components.inbox import InboxState
from etl.inbound import read_inbound_folder
from kundenakte.web import resolve_user
from services.commands.assign import ASSIGN_WRITES
from services.users import CurrentUser
from tests.dashboard.components_text import component_text as _text
from tests.etl.inbound.world import DATA, seed_world
from tests.services.test_forecast import world as forecast_world
from tests.support import seed

SUPPORT = CurrentUser(id="support-1", role=Role.SUPPORT, agent_id="a2")
MANAGEMENT = CurrentUser(id="mgmt-1", role=Role.MANAGEMENT)
ACCOUNTING = CurrentUser(id="acc-1", role=Role.ACCOUNTING)
SALES_EN = CurrentUser(id="sales-en", role=Role.SALES, agent_id="ag1", teams=frozenset({"Nord"}), locale="en")


def _engine(app: Flask) -> Engine:
    engine: Engine = app.extensions["kundenakte"]["engine"]
    return engine


@contextmanager
def _as(app: Flask, user: CurrentUser) -> Iterator[None]:
    with app.test_request_context():
        resolve_user()
        g.kundenakte_user = user
        yield


@pytest.fixture
def inbox_app(app: Flask) -> Flask:
    seed_world(_engine(app))
    read_inbound_folder(_engine(app), DATA, today=date(2026, 3, 1))
    return app


def _row(rows: list[dict[str, object]], source_subject: str) -> dict[str, object]:
    found = [r for r in rows if r["subject"] == source_subject]
    assert found, [r["subject"] for r in rows]
    return found[0]


def test_the_url_state_falls_back_to_all() -> None:
    assert InboxState.from_query({"kind": "call", "reason": "freemail"}) == InboxState("call", "freemail")
    assert InboxState.from_query({"kind": "note", "reason": "<script>"}) == InboxState("", "")


def test_the_list_with_counts_in_the_filters(inbox_app: Flask) -> None:
    """The inbox list: rows with the reason in words, the count in the summary and in each filter option."""
    with _as(inbox_app, SUPPORT):
        rows, summary, kinds, reasons, may_assign = show_inbox("", "", 0)
        calls, call_summary, *_rest = show_inbox("call", "", 0)
    assert len(rows) == 6 and summary == "6 warten auf eine Zuordnung" and may_assign is True
    assert _row(rows, "Anfrage")["reason_label"] == "Freemail-Adresse"
    assert [o["label"] for o in kinds] == ["Alle (6)", "E-Mail (3)", "Anruf (2)", "Termin (1)"]
    assert "Domain mehrdeutig (2)" in [o["label"] for o in reasons]
    assert {r["kind_label"] for r in calls} == {"Anruf"} and call_summary.startswith("2 ")
    with _as(inbox_app, SUPPORT), pytest.raises(InvalidInput):  # the registry turns it into "no update"
        show_inbox("fax", "", 0)


def test_support_assigns_and_is_told_where_it_landed(inbox_app: Flask) -> None:
    """Assignment: suggestions for an ambiguous domain, the button once a target is chosen, the message with the
    record's link and the remembered address; the list, read again, no longer has the item."""
    with _as(inbox_app, SUPPORT):
        rows, *_rest = show_inbox("", "", 0)
        row = _row(rows, "Rahmenvertrag")
        panel, hidden, options, value = show_item([row], True)
        assert "Domain mehrdeutig" in _text(panel) and hidden is False and value is None
        assert [o["value"] for o in options] == ["organisation:o3", "organisation:o4"]
        assert enable_assign(None, [row]) is True and enable_assign("organisation:o3", [row]) is False
        message, done = assign_item(1, [row], "organisation:o3", options, 0)
        after, summary, *_ = show_inbox("", "", done)
    text = _text(message)
    assert "Zugeordnet: Organisation: Shared Holding Nord." in text and "einkauf@shared-holding.de" in text
    assert done == 1 and message.children[-1].href == record_href("o3")
    assert "Rahmenvertrag" not in [r["subject"] for r in after] and summary.startswith("5 ")


def test_a_second_assignment_of_the_same_item_is_told_not_raised(inbox_app: Flask) -> None:
    with _as(inbox_app, SUPPORT):
        rows, *_rest = show_inbox("", "", 0)
        row = _row(rows, "Anfrage")
        assign_item(1, [row], "organisation:o6", [], 0)
        message, done = assign_item(2, [row], "organisation:o6", [], 1)
        bad, same = assign_item(3, [row], "o6", [], 2)
    assert "wartet nicht mehr" in _text(message) and done == 2
    assert "Wählen Sie ein Ziel" in _text(bad) and same == 2


def test_the_target_search(inbox_app: Flask) -> None:
    with _as(inbox_app, SUPPORT):
        found = find_targets("müll", "organisation:o3", [{"label": "Organisation: Shared Holding Nord",
                                                          "value": "organisation:o3"}])
        with pytest.raises(PreventUpdate):
            find_targets("", None, [])
    assert [o["value"] for o in found] == ["organisation:o3", "organisation:o2", "contact:c2"]
    assert found[2]["label"] == "Ansprechpartner: Jürgen Müller (Müller AG) · J.Mueller@mueller-ag.de"


def test_readers_see_details_but_no_form(inbox_app: Flask) -> None:
    """Management reads activities (R): the list says it may not assign, the item shows without the form."""
    with _as(inbox_app, MANAGEMENT):
        rows, _summary, _k, _r, may_assign = show_inbox("", "", 0)
        panel, hidden, options, _value = show_item([rows[0]], may_assign)
        hint, *_ = show_item(None, may_assign)
    assert may_assign is False and hidden is True and options == [] and rows[0]["address"] in _text(panel)
    assert "Recht, Aktivitäten zu bearbeiten" in _text(hint)


def _registered(func: object) -> tuple[Area, Level, frozenset[str]]:
    found = [cb for cb in CALLBACKS if cb.func is func]
    assert len(found) == 1
    return found[0].area, found[0].level, found[0].writes  # type: ignore[return-value]


def test_the_assignment_is_registered_as_a_write_and_refused_for_readers(inbox_app: Flask) -> None:
    """The callback names activities at level EDIT and the tables its command writes; through the registry's guard
    a reader gets no update, nothing is written, and the refusal is in the audit log."""
    area, level, writes = _registered(assign_item)
    assert (area, level, writes) == (Area.ACTIVITIES, Level.EDIT, ASSIGN_WRITES)
    assert writes == {"inbox_items", "activity_links", "learned_mappings"}
    engine = _engine(inbox_app)
    with _as(inbox_app, SUPPORT):
        rows, *_rest = show_inbox("", "", 0)
    row = _row(rows, "Anfrage")
    with engine.connect() as conn:
        waiting = conn.execute(select(func.count()).select_from(InboxItem)).scalar()
    for reader in (MANAGEMENT, ACCOUNTING):
        with _as(inbox_app, reader), pytest.raises(PreventUpdate):
            guarded(assign_item, area, level)(1, [row], "organisation:o6", [], 0)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(InboxItem)).scalar() == waiting
        assert conn.execute(select(func.count()).select_from(LearnedMapping)).scalar() == 0
        denied = conn.execute(select(AuditLogEntry.who, AuditLogEntry.subject)
                              .where(AuditLogEntry.action == "denied")).all()
    assert {tuple(r) for r in denied} == {("mgmt-1", "edit activities"), ("acc-1", "edit activities")}


@pytest.fixture
def forecast_app(app: Flask) -> Flask:
    seed(_engine(app), forecast_world())
    return app


def test_the_forecast_chart_table_and_tiles(forecast_app: Flask) -> None:
    """Sales: three traces (revenue, weighted pipeline, the mean), the table per month, the pipeline tile; the
    figures as hand-computed in tests/services/test_forecast.py."""
    with _as(forecast_app, CurrentUser(id="s", role=Role.SALES, agent_id="ag1", teams=frozenset({"Nord"}))):
        note, tiles, figure, table = show_forecast("", "2026-03-15")
        nord = show_forecast("team:Nord", "2026-03-15")
        with pytest.raises(ValueError):
            show_forecast("nobody", "2026-03-15")
    assert [t.name for t in figure.data] == ["Umsatz fakturiert", "Pipeline gewichtet", "Umsatz im Monatsmittel"]
    assert figure.data[1].marker.pattern.shape == "/"  # not only the colour tells the pipeline from revenue
    assert "9.500,00\xa0€" in _text(tiles) and "3 offene Verkaufschancen" in _text(tiles)
    assert "März 2026 (bis 15.03.2026)" in _text(table) and "2.300,00\xa0€" in _text(table)
    assert "15.03.2026" in _text(note)
    assert "500,00\xa0€" in _text(nord[1]) and "1 offene Verkaufschancen" in _text(nord[1])


def test_accounting_sees_revenue_only_with_a_note_and_support_nothing(forecast_app: Flask) -> None:
    with _as(forecast_app, ACCOUNTING):
        note, tiles, figure, table = show_forecast("", "2026-03-15")
    assert [t.name for t in figure.data] == ["Umsatz fakturiert", "Umsatz im Monatsmittel"]
    assert "Nur der fakturierte Umsatz" in _text(note) and "Pipeline" not in _text(table)
    with _as(forecast_app, SUPPORT):
        refused, tiles, figure, table = show_forecast("", "2026-03-15")
    assert "Keine Berechtigung" in _text(refused) and tiles == [] and not figure.data


def test_the_forecast_in_english(forecast_app: Flask) -> None:
    with _as(forecast_app, SALES_EN):
        note, tiles, figure, table = show_forecast("", "2026-03-15")
    assert [t.name for t in figure.data] == ["Revenue invoiced", "Weighted pipeline", "Mean monthly revenue"]
    assert "March 2026 (up to 15/03/2026)" in _text(table) and "€9,500.00" in _text(tiles)
    assert "target value × probability of the status on 15/03/2026" in _text(note)
