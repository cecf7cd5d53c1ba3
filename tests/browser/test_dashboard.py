"""The dashboard in a real browser: the list fills from the database, a click opens the record."""

from __future__ import annotations

import pytest
from dash import Dash
from sqlalchemy import Engine

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
    dash_duo.wait_for_element("#orglist-grid", timeout=20)
    dash_duo.driver.get(dash_duo.server_url + "/organisation?id=o01")
    dash_duo.wait_for_contains_text("#record-header", "Alpha GmbH", timeout=20)
    dash_duo.wait_for_contains_text("#record-timeline", "Rechnung", timeout=10)
    assert "OFFENE RECHNUNGEN" in dash_duo.find_element("#record-tiles").text.upper()
    assert dash_duo.get_logs() == []
