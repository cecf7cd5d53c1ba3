"""Dashboard callbacks as plain functions: parse, call one service, map to props (style guide §4, §9)."""

from __future__ import annotations

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask

from dashboard.callbacks.abc import show_abc
from dashboard.callbacks.concentration import show_concentration
from dashboard.callbacks.organisations import organisation_block
from dashboard.callbacks.record import show_letters, show_record
from dashboard.components.format import record_href
from kundenakte.web import resolve_user
from tests.dashboard.components_text import component_text
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.support import seed

_text = component_text


def _seeded(app: Flask) -> None:
    seed(app.extensions["kundenakte"]["engine"], org_list_data())


def test_grid_block_comes_from_the_service(app: Flask) -> None:
    """Organisation list (style guide §5): getRowsRequest -> getRowsResponse with rowData and rowCount."""
    _seeded(app)
    request = {"startRow": 0, "endRow": 5, "sortModel": [{"colId": "revenue_12m", "sort": "desc"}],
               "filterModel": {"country": {"filterType": "text", "type": "equals", "filter": "DE"}}}
    with app.test_request_context():
        resolve_user()
        response, count, href = organisation_block(request, AS_OF.isoformat())
    assert [r["id"] for r in response["rowData"]] == ["o01", "o02", "o04", "o06", "o07"]
    assert response["rowCount"] == 8 and count == "8 Organisationen"
    assert response["rowData"][0]["href"] == record_href("o01")  # what Enter and the name open
    # the workbook's link carries the grid's filter, sort and date (the rows on screen)
    assert href.startswith("/download/organisations.xlsx?filter=") and "sort=revenue_12m%3Adesc" in href
    assert "as_of=2026-03-15" in href


def test_grid_refuses_unknown_columns_without_crashing(app: Flask) -> None:
    """Style guide §5: a column the whitelist does not know gives an empty block and a message."""
    with app.test_request_context():
        resolve_user()
        response, count, href = organisation_block({"startRow": 0, "endRow": 100,
                                                    "sortModel": [{"colId": "vat_id", "sort": "asc"}]}, None)
        with pytest.raises(PreventUpdate):
            organisation_block(None, None)
    assert response == {"rowData": [], "rowCount": 0} and "vat_id" in count and href == "/download/organisations.xlsx"


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


def test_abc_page_lists_classes_by_rank(app: Flask) -> None:
    """ABC page (spec/analytics.md, ABC): ranked rows first, letters counted, names link by id."""
    _seeded(app)
    with app.test_request_context():
        resolve_user()
        rows, columns, summary = show_abc("customer", None, AS_OF.isoformat())
    assert [(r["id"], r["class"]) for r in rows] == [("o01", "A"), ("o02", "B"), ("o03", "B"), ("o04", "B"),
                                                     ("o05", None)]
    assert summary.startswith("A: 1 · B: 3 · C: 0 · ohne Klasse: 1")
    assert "Rechnungen" in summary and len({c["headerName"] for c in columns}) == len(columns)


def test_concentration_page_shows_figures_curve_and_flags(app: Flask) -> None:
    """Concentration page (spec/analytics.md, Concentration risk): HHI, Gini, top shares, flagged at 10 %; the
    Pareto curve (highest first) and the Lorenz curve (lowest first) in percent, the Gini in the Lorenz legend."""
    _seeded(app)
    with app.test_request_context():
        resolve_user()
        tiles, pareto, lorenz, _, flagged, href = show_concentration("customer", "organisation", AS_OF.isoformat())
    assert [t.id["metric"] for t in tiles] == ["n", "hhi", "gini", "top"]
    assert _text(tiles[0]).startswith("Organisationen 4")
    assert list(pareto.data[0].x)[-1] == 100.0 and list(pareto.data[0].y)[-1] == pytest.approx(100.0)
    # 800, 3000, 3000, 6234.56 of 13034.56: the smallest quarter holds 6.1 %
    curve = lorenz.data[1]
    assert list(curve.x)[:2] == [0.0, 25.0] and list(curve.y)[1] == pytest.approx(100 * 800 / 13034.56)
    gini = _text(tiles[2]).split()[1]
    assert curve.name == f"Lorenz-Kurve (Gini {gini})" and lorenz.data[0].name == "Gleichverteilung"
    assert pareto.layout.xaxis.title.text == "Anteil der Organisationen, größte zuerst"
    assert lorenz.layout.xaxis.ticksuffix == "\xa0%"
    # flagged rows carry the organisation's name, linked to its record by id
    assert "Alpha GmbH" in _text(flagged) and "Delta SE" not in _text(flagged)  # 800 of 13034.56 is 6.1 %
    assert record_href("o01") in repr(flagged)
    assert href == "/download/concentration.xlsx?aspect=customer&by=organisation&as_of=2026-03-15"


def test_concentration_trend_and_groups(app: Flask) -> None:
    """Concentration (spec/analytics.md): eight quarter ends in the trend; by group the root carries the name and
    the curves' axes count groups, not organisations."""
    _seeded(app)
    with app.test_request_context():
        resolve_user()
        _, _, _, trend, _, _ = show_concentration("customer", "organisation", AS_OF.isoformat())
        tiles, pareto, lorenz, _, flagged, href = show_concentration("customer", "group", AS_OF.isoformat())
    assert [t.name for t in trend.data] == ["HHI", "Gini", "Top 20 %"]
    assert len(trend.data[0].x) == 8 and trend.data[0].x[-1] == "31.12.2025"
    # Delta SE (o04) belongs to Alpha GmbH (o01): the group of both is one flagged root
    assert _text(tiles[0]).startswith("Gruppen 3")
    assert "Gruppe Alpha GmbH" in _text(flagged) and "Delta" not in _text(flagged)
    assert pareto.layout.xaxis.title.text == "Anteil der Gruppen, größte zuerst"
    assert lorenz.layout.xaxis.title.text == "Anteil der Gruppen, kleinste zuerst"
    assert "by=group" in href


def test_record_letters_and_phone_as_written(app: Flask) -> None:
    """Record head: ABC letter per relationship held (spec/analytics.md, ABC); phones as written (interchange.md)."""
    engine = app.extensions["kundenakte"]["engine"]
    data = org_list_data()
    data["organisations"][0]["phone"] = "+49 (0)6151 1234-0"
    data["contacts"][0]["phone"] = "06151 1234-56"
    seed(engine, data)
    with app.test_request_context():
        resolve_user()
        head, _, contacts = show_record("o01", AS_OF.isoformat())
        letters = show_letters("o01", AS_OF.isoformat())
        none = show_letters("nope", AS_OF.isoformat())
        with pytest.raises(PreventUpdate):
            show_letters(None, None)
    assert "+49 (0)6151 1234-0" in _text(head) and "tel:+4961511234" in repr(head)
    assert "06151 1234-56" in _text(contacts) and "tel:+49615112345" in repr(contacts)
    # Alpha is customer (A: highest revenue) and supplier (no rating in the window: no letter)
    assert [_text(p) for p in letters] == ["ABC Kunde: A", "ABC Lieferant: ohne"]
    assert none == []


def test_record_links_the_parent_company(app: Flask) -> None:
    """Record head: the parent of the group tree (interchange.md, parent_id) opens its own record."""
    _seeded(app)
    with app.test_request_context():
        resolve_user()
        head, _, _ = show_record("o04", AS_OF.isoformat())
        alone, _, _ = show_record("o02", AS_OF.isoformat())
    assert "Alpha GmbH" in _text(head) and "/organisation/o01" in repr(head)
    assert "Muttergesellschaft" not in _text(alone)
