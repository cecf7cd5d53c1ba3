"""The dashboard in a real browser: the organisation list (`/organisations`) fills from the database, a click opens
the record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dash import Dash
from sqlalchemy import Engine

from dashboard.components.format import record_href
from tests.kundenakte.orgdata import org_list_data
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    # dash[testing] pins selenium<=4.2, which still calls urllib3's deprecated getheader()
    # (fixed in selenium 4.6.1, SeleniumHQ/selenium#11308)
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]


def test_list_fills_block_by_block_and_links_to_the_record(dash_duo, dash_app: Dash, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """Organisation list (style guide §5): the infinite grid shows the rows; the name opens the record."""
    seed(engine, org_list_data())
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/organisations")  # `/` is the overview
    dash_duo.wait_for_text_to_equal("#orglist-count", "12 Organisationen", timeout=20)
    dash_duo.wait_for_element("a.org-link", timeout=10)
    names = [a.text for a in dash_duo.find_elements("a.org-link")]
    assert "Alpha GmbH" in names and len(names) == 12
    alpha = next(a for a in dash_duo.find_elements("a.org-link") if a.text == "Alpha GmbH")
    alpha.click()
    dash_duo.wait_for_contains_text("#record-header", "Alpha GmbH", timeout=20)
    dash_duo.wait_for_contains_text("#record-contacts", "Maria Muster", timeout=10)
    assert len(dash_duo.find_elements(".tile")) == 6
    assert dash_duo.get_logs() == []


def test_record_page_from_the_url(dash_duo, dash_app: Dash, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """Customer record: /organisation?id=... shows tiles, contacts and the timeline without errors."""
    seed(engine, org_list_data())
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/organisations")
    dash_duo.wait_for_element("#orglist-grid", timeout=20)
    dash_duo.driver.get(dash_duo.server_url + record_href("o01"))
    dash_duo.wait_for_contains_text("#record-header", "Alpha GmbH", timeout=20)
    dash_duo.wait_for_contains_text("#record-timeline", "Rechnung", timeout=10)
    assert "OFFENE RECHNUNGEN" in dash_duo.find_element("#record-tiles").text.upper()
    assert dash_duo.get_logs() == []


def _recent_company() -> dict[str, list[dict[str, object]]]:
    """Three customers with invoices ten days before today (the shell's default as-of date)."""
    day = (date.today() - timedelta(days=10)).isoformat()
    older = (date.today() - timedelta(days=300)).isoformat()
    invoices = [("i1", "k1", day, 500.0), ("i2", "k2", day, 300.0), ("i3", "k3", day, 100.0),
                ("i4", "k3", older, 900.0)]
    return {
        "organisations": [{"id": "k1", "name": "Kilo GmbH"}, {"id": "k2", "name": "Lima AG"},
                          {"id": "k3", "name": "Mike KG"}],
        "invoices": [{"id": i, "organisation_id": o, "invoice_date": d, "amount_net": a, "status": "paid",
                      "dunning_level": 0} for i, o, d, a in invoices],
    }


def test_abc_explain_panel_and_state_in_the_url(dash_duo, dash_app: Dash, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """ABC page: a click on a row explains its letter (spec/analytics.md, ABC); aspect and tab go into the URL."""
    seed(engine, _recent_company())
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/abc")
    dash_duo.wait_for_contains_text("#abc-summary", "A: 1", timeout=20)
    cell = "#abc-grid .ag-row[row-id='k3'] .ag-cell[col-id='class']"
    dash_duo.wait_for_element(cell, timeout=10).click()
    dash_duo.wait_for_contains_text("#abc-explain", "Mike KG: Klasse A", timeout=20)
    text = dash_duo.find_element("#abc-explain").text
    assert "1.000,00 €" in text and "1 von 3" in text and "i4" in text  # 100 + 900 in the 365 days
    assert "1.000,00 €" in dash_duo.find_element("#abc-grid").text  # money with two decimals in the grid
    dash_duo.find_elements("#abc-aspect input")[2].click()
    dash_duo.wait_for_contains_text("#abc-summary", "Bewertungen", timeout=20)
    assert "aspect=supplier" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_abc_movements_view_from_the_url(dash_duo, dash_app: Dash, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """ABC movements (spec/analytics.md): /abc?view=movements shows the matrix and who moved since a date."""
    seed(engine, _recent_company())
    dash_duo.start_server(dash_app)
    before = (date.today() - timedelta(days=100)).isoformat()
    dash_duo.driver.get(dash_duo.server_url + f"/abc?aspect=customer&view=movements&before={before}")
    dash_duo.wait_for_contains_text("#abc-matrix", "neu 2", timeout=20)  # only Mike KG had a letter then
    dash_duo.wait_for_contains_text("#abc-moved", "Kilo GmbH", timeout=10)
    assert f"before={before}" in dash_duo.driver.current_url and "view=movements" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []
