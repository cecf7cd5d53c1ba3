"""The lists' callbacks and component as plain functions (style guide §4, §9): state -> service -> props."""

from __future__ import annotations

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask

from core.errors import InvalidInput
from core.vocabulary import Aspect
from dashboard.callbacks.lists import block, params_of
from dashboard.components.aspect_list import aspect_list, download_href, state_data
from dashboard.components.format import record_href
from kundenakte.web import resolve_user
from services.lists import ListParams, ListView
from tests.dashboard.components_text import component_text
from tests.services.test_lists import D, world
from tests.support import seed

STATE = state_data(ListParams(Aspect.PROSPECT, ListView.TOP))


def test_a_block_of_top_prospects(app: Flask) -> None:
    """getRowsRequest -> the service's rows with the record's href, "N Treffer", the sort for the address."""
    seed(app.extensions["kundenakte"]["engine"], world())
    request = {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "metric", "sort": "desc"}], "filterModel": {}}
    with app.test_request_context():
        resolve_user()
        response, count, sort = block(Aspect.PROSPECT, request, STATE, D.isoformat())
        _, _, by_name = block(Aspect.PROSPECT, {**request, "sortModel": [{"colId": "name", "sort": "asc"}]},
                              STATE, D.isoformat())
        refused, message, _ = block(Aspect.PROSPECT, {**request, "sortModel": [{"colId": "vat_id", "sort": "asc"}]},
                                    STATE, D.isoformat())
        with pytest.raises(PreventUpdate):
            block(Aspect.PROSPECT, None, STATE, None)
    assert [r["id"] for r in response["rowData"]] == ["p1", "p5", "p3"] and count == "3 Treffer"
    assert response["rowData"][0]["href"] == record_href("p1") and response["rowData"][0]["letter"] == "A"
    assert sort is None and by_name == "name:asc"  # the view's own order stays out of the address
    assert refused == {"rowData": [], "rowCount": 0} and message == "Filter nicht möglich"


def test_state_from_the_browser_is_checked() -> None:
    """Every callback is an endpoint: a state that is not the store's shape is InvalidInput (no update)."""
    for bad in (None, [], {"view": 3}, {"view": "nope"}, {"abc": "Z"}, {"q": "x" * 500}):
        with pytest.raises(InvalidInput):
            params_of(Aspect.CUSTOMER, bad)
    assert params_of(Aspect.CUSTOMER, {"view": "top", "abc": "A", "q": "x"}, as_of="2026-03-15") == ListParams(
        Aspect.CUSTOMER, ListView.TOP, "A", "x", (), D)


def test_the_page_from_its_address(app: Flask) -> None:
    """/prospects?view=top&abc=B&q=plan: the sidebar names the window, the chips the filters, the link the query."""
    with app.test_request_context():
        resolve_user()
        page = aspect_list(Aspect.PROSPECT, {"view": "top", "abc": "B", "q": "plan"})
    text = component_text(page)
    assert "Top-Interessenten der letzten 60 Tage" in text and "ABC-Interessenten" in text
    assert "Buchstabe: B" in text and "Suche: plan" in text
    assert download_href(Aspect.PROSPECT, ListParams(Aspect.PROSPECT, ListView.TOP, "B", "plan")) == (
        "/download/prospects.xlsx?view=top&abc=B&q=plan")
