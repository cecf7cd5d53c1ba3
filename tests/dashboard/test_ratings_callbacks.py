"""Supplier ratings page callbacks as plain functions (issue 20; spec/analytics.md, "ABC classification", model
`ratings`; "Security": purchasing edits purchasing, accounting reads it). World: tests/services/ratings_world.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask, g
from sqlalchemy import Engine, func, select

from core.schema import AuditLogEntry, SupplierRating
from core.vocabulary import Area, Level, Role
from dashboard.callbacks.ratings import ratings_block, refusal_text, save_rating, show_supplier, supplier_options
from dashboard.callbacks.registry import guarded
from dashboard.components.ratings import PageState, rating_columns, rating_form
from services.users import CurrentUser
from tests.dashboard.components_text import component_text
from tests.services.ratings_world import AS_OF, ratings_data
from tests.support import seed

PURCHASING = CurrentUser("einkauf", Role.PURCHASING, agent_id="ag5")
ACCOUNTING = CurrentUser("buchhaltung", Role.ACCOUNTING)


@pytest.fixture
def world(app: Flask) -> Iterator[Engine]:
    engine: Engine = app.extensions["kundenakte"]["engine"]
    seed(engine, ratings_data())
    with app.test_request_context():
        g.kundenakte_user = PURCHASING
        yield engine


def _ratings(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SupplierRating)).scalar_one())


def test_the_block_answers_the_grid_with_the_count_and_the_rule(world: Engine) -> None:
    response, count, rule = ratings_block({"startRow": 0, "endRow": 100, "sortModel": [
        {"colId": "class", "sort": "asc"}], "filterModel": {}}, AS_OF.isoformat())
    assert [r["id"] for r in response["rowData"]] == ["s3", "s1", "s2"] and response["rowCount"] == 3
    assert response["rowData"][1]["class"] == "B" and response["rowData"][1]["last_rated"] == "2026-03-01"
    assert count == "3 Lieferanten"
    assert "Gewichte 1 : 1 : 1" in rule and "90 Tage" in rule
    refused = ratings_block({"startRow": 0, "endRow": 100, "sortModel": [{"colId": "note", "sort": "asc"}]}, None)
    assert refused[0] == {"rowData": [], "rowCount": 0}


def test_the_detail_shows_score_letter_and_the_move_in_words(world: Engine) -> None:
    head, figure, history = show_supplier("s1", 0, AS_OF.isoformat())
    text = component_text(head)
    assert "Schrauben AG" in text and "3,50" in text and "B" in text
    assert "▼ von 4,00 auf 3,50 (−0,50) seit der vorigen Bewertung" in text
    assert list(figure.data[0].y) == [4.0, 3.5] and list(figure.data[0].text) == ["4,00", "3,50"]
    assert "Lieferung verspätet" in component_text(history) and "01.03.2026" in component_text(history)
    hint, empty, _ = show_supplier(None, 0, None)
    assert "Wählen Sie einen Lieferanten" in component_text(hint) and not empty.data
    assert "nicht sehen" in component_text(show_supplier("c1", 0, AS_OF.isoformat())[0])


def test_the_supplier_search(world: Engine) -> None:
    assert supplier_options("draht", None, AS_OF.isoformat()) == [{"label": "Draht KG", "value": "s3"}]
    assert [o["value"] for o in supplier_options("draht", "s1", AS_OF.isoformat())] == ["s1", "s3"]


def test_saving_a_rating_moves_the_score(world: Engine) -> None:
    today = date.today().isoformat()
    message, saved, note = save_rating(1, "s2", today, 3, 3, 3, "Termin gehalten", 0)
    assert saved == 1 and note == ""
    assert "Gespeichert: Bewertung vom" in component_text(message)
    assert "▼ von 5,00 auf 3,00 (−2,00) seit der vorigen Bewertung" in component_text(message)
    assert _ratings(world) == 6
    head = component_text(show_supplier("s2", saved, None)[0])
    assert "3,00" in head


@pytest.mark.parametrize(("args", "expected"), [
    ((None, "2026-03-01", 3, 3, 3), "Bitte einen Lieferanten wählen."),
    (("s2", None, 3, 3, 3), "Bitte ein Datum wählen."),
    (("s2", "2999-01-01", 3, 3, 3), "Das Datum darf nicht in der Zukunft liegen."),
    (("s2", "2026-03-01", 9, 3, 3), "Termintreue: bitte einen Wert von 1 bis 5 wählen."),
    (("s2", "2026-03-01", 3, None, 3), "Qualität: bitte einen Wert von 1 bis 5 wählen."),
    (("c1", "2026-03-01", 3, 3, 3), "Diese Organisation ist kein Lieferant."),
    (("nobody", "2026-03-01", 3, 3, 3), "Diesen Lieferanten gibt es nicht oder Sie dürfen ihn nicht sehen."),
])
def test_a_refused_rating_says_what_to_change_and_keeps_the_form(world: Engine, args: tuple[object, ...],
                                                                  expected: str) -> None:
    message, saved, note = save_rating(1, *args, "meine Notiz", 4)
    assert component_text(message) == expected and saved == 4 and note == "meine Notiz"
    assert _ratings(world) == 5


def test_no_click_no_save(world: Engine) -> None:
    for clicks in (0, None, True, "1"):
        with pytest.raises(PreventUpdate):
            save_rating(clicks, "s2", "2026-03-01", 3, 3, 3, "", 0)


def test_accounting_may_not_save_through_the_registry(world: Engine) -> None:
    """The registry checks edit level of purchasing before the function runs: nothing written, audited."""
    g.kundenakte_user = ACCOUNTING
    with pytest.raises(PreventUpdate):
        guarded(save_rating, Area.PURCHASING, Level.EDIT)(1, "s2", date.today().isoformat(), 3, 3, 3, "", 0)
    assert _ratings(world) == 5
    with world.connect() as conn:
        assert conn.execute(select(AuditLogEntry.who, AuditLogEntry.subject)
                            .where(AuditLogEntry.action == "denied")).all() == [("buchhaltung", "edit purchasing")]
    response, _count, _rule = ratings_block({"startRow": 0, "endRow": 100}, AS_OF.isoformat())
    assert response["rowCount"] == 3  # reading is allowed


def test_read_only_roles_get_no_form_and_the_state_comes_from_the_url(world: Engine) -> None:
    assert "nicht erfassen" in component_text(rating_form(False, None))
    assert "Bewertung speichern" in component_text(rating_form(True, "s1"))
    state = PageState.from_query({"supplier": "s1", "sort": "score:desc"})
    assert (state.supplier, state.sort_col, state.descending) == ("s1", "score", True)
    assert {c["colId"]: c.get("sort") for c in rating_columns(state)}["score"] == "desc"
    assert PageState.from_query({"sort": "note:up", "supplier": "x" * 65}) == PageState()


def test_refusals_in_words() -> None:
    from core.errors import InvalidInput

    assert refusal_text(InvalidInput("cost: 7 is outside 1 to 5")) == "Kosten: bitte einen Wert von 1 bis 5 wählen."
    assert refusal_text(InvalidInput("note: at most 2000 characters")).startswith("Die Notiz ist zu lang")
