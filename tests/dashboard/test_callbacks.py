"""Dashboard callbacks as plain functions: parse, call one service, map to props (style guide §4, §9)."""

from __future__ import annotations

from typing import Any

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask

from dashboard.callbacks.abc import show_abc
from dashboard.callbacks.concentration import show_concentration
from dashboard.callbacks.organisations import organisation_block
from dashboard.callbacks.record import TIMELINE_PAGE, show_record, show_timeline
from kundenakte.web import resolve_user
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.support import seed


def _text(component: Any) -> str:
    """All text inside a component tree."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _seeded(app: Flask) -> None:
    seed(app.extensions["kundenakte"]["engine"], org_list_data())


def test_grid_block_comes_from_the_service(app: Flask) -> None:
    """Organisation list (style guide §5): getRowsRequest -> getRowsResponse with rowData and rowCount."""
    _seeded(app)
    request = {"startRow": 0, "endRow": 5, "sortModel": [{"colId": "revenue_12m", "sort": "desc"}],
               "filterModel": {"country": {"filterType": "text", "type": "equals", "filter": "DE"}}}
    with app.test_request_context():
        resolve_user()
        response, count = organisation_block(request, AS_OF.isoformat())
    assert [r["id"] for r in response["rowData"]] == ["o01", "o02", "o04", "o06", "o07"]
    assert response["rowCount"] == 8 and count == "8 Organisationen"


def test_grid_refuses_unknown_columns_without_crashing(app: Flask) -> None:
    """Style guide §5: a column the whitelist does not know gives an empty block and a message."""
    with app.test_request_context():
        resolve_user()
        response, count = organisation_block({"startRow": 0, "endRow": 100,
                                              "sortModel": [{"colId": "vat_id", "sort": "asc"}]}, None)
        with pytest.raises(PreventUpdate):
            organisation_block(None, None)
    assert response == {"rowData": [], "rowCount": 0} and "vat_id" in count


def test_record_shows_head_tiles_and_contacts(app: Flask) -> None:
    """Customer record (spec/analytics.md, tiles): six tiles, the name and the contacts."""
    _seeded(app)
    with app.test_request_context():
        resolve_user()
        head, tiles, contacts = show_record("o01", AS_OF.isoformat())
        missing = show_record("nope", None)
    assert "Alpha GmbH" in _text(head) and "Kunde" in _text(head) and "Lieferant" in _text(head)
    assert [t.id["tile"] for t in tiles] == ["engagements", "invoices", "tickets", "hours", "documents",
                                             "last_touch"]
    assert "1.234,56\xa0€" in _text(tiles[1])  # Babel puts a no-break space before the sign
    assert "Maria Muster" in _text(contacts)
    assert "nicht gefunden" in _text(missing[0])


def test_timeline_grows_by_a_page_per_click(app: Flask) -> None:
    """Record timeline: newest first; "Mehr laden" shows one page more and hides itself at the end."""
    engine = app.extensions["kundenakte"]["engine"]
    seed(engine, {"organisations": [{"id": "o1", "name": "Viel GmbH"}], "activities": [
        {"id": f"a{i:03d}", "kind": "note", "occurred_at": f"2026-01-01T{i // 60:02d}:{i % 60:02d}:00",
         "organisation_id": "o1", "subject": f"Notiz {i}"} for i in range(TIMELINE_PAGE + 5)]})
    with app.test_request_context():
        resolve_user()
        first, first_done = show_timeline("o1", 0, "2026-03-15")
        second, second_done = show_timeline("o1", 1, "2026-03-15")
    assert len(first) == TIMELINE_PAGE and first_done is False
    assert f"Notiz {TIMELINE_PAGE + 4}" in _text(first[0])
    assert len(second) == TIMELINE_PAGE + 5 and second_done is True


def test_abc_page_lists_classes_by_rank(app: Flask) -> None:
    """ABC page (spec/analytics.md, ABC): ranked rows first, letters counted, names link by id."""
    _seeded(app)
    with app.test_request_context():
        resolve_user()
        rows, summary = show_abc("customer", AS_OF.isoformat())
    assert [(r["id"], r["class"]) for r in rows] == [("o01", "A"), ("o02", "B"), ("o03", "B"), ("o04", "B"),
                                                     ("o05", None)]
    assert summary.startswith("A: 1 · B: 3 · C: 0 · ohne Klasse: 1")


def test_concentration_page_shows_figures_curve_and_flags(app: Flask) -> None:
    """Concentration page (spec/analytics.md, Concentration risk): HHI, Gini, top shares, flagged at 10 %."""
    _seeded(app)
    with app.test_request_context():
        resolve_user()
        tiles, figure, flagged = show_concentration("customer", "organisation", AS_OF.isoformat())
    assert [t.id["metric"] for t in tiles] == ["n", "hhi", "gini", "top"]
    assert _text(tiles[0]).startswith("Organisationen 4")
    assert list(figure.data[0].x)[-1] == 1.0 and list(figure.data[0].y)[-1] == pytest.approx(1.0)
    assert "o01" in _text(flagged) and "o04" not in _text(flagged)  # 800 of 13034.56 is 6.1 %: not flagged
