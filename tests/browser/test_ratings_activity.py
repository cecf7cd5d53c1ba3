"""Supplier ratings and agent activity in a real browser (issue 20), each person signed in through the form.

Purchasing enters a rating and sees the score move (spec/analytics.md, "ABC classification", model `ratings`;
interchange.md, supplier_ratings 1 to 5); accounting reads the ratings without a form ("Security": purchasing R);
management opens the activity page and drills into an agent ("Activity analysis"). The world is the one of
tests/browser/test_roles.py (the access world moved to today) with activities of two agents.

With KUNDENAKTE_SCREENSHOTS set, the pages are saved to docs/screenshots/<page>-<role>.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from core.schema import User
from tests.browser.conftest import backend_engine
from tests.browser.test_roles import (  # the module's server, browser and person at the browser
    ACCOUNTS,
    WAIT,
    Visitor,
    role_app,
    site,
    visitor,
    world_today,
)
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account
from tests.support import seed

__all__ = ["role_app", "site", "visitor"]  # fixtures used by name

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _activities() -> list[dict[str, object]]:
    """Anna Nord (ag1) mailed and called Alpha (o1: Eva, Otto) and Beta; Bernd Süd (ag2) noted at Beta."""
    now = datetime.combine(date.today(), datetime.min.time()) + timedelta(hours=9)
    def at(days: int) -> str:
        return (now - timedelta(days=days)).isoformat()
    return [
        {"id": "b1", "kind": "email", "occurred_at": at(3), "agent_id": "ag1", "organisation_id": "o1",
         "contact_id": "c1"},
        {"id": "b2", "kind": "call", "occurred_at": at(10), "agent_id": "ag1", "organisation_id": "o1",
         "contact_id": "c2"},
        {"id": "b3", "kind": "call", "occurred_at": at(40), "agent_id": "ag1", "organisation_id": "o2"},
        {"id": "b4", "kind": "note", "occurred_at": at(5), "agent_id": "ag2", "organisation_id": "o2",
         "contact_id": "c3"},
    ]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def role_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """tests/browser/test_roles.py's world with the activities above, its accounts, and management in English."""
    eng = backend_engine(request, tmp_path_factory)
    data = world_today()
    data["activities"] += _activities()
    seed(eng, data)
    for name, (role, links) in ACCOUNTS.items():
        add_account(eng, name, role, **links)
    add_account(eng, "management-en", ACCOUNTS["leitung"][0], agent_id="ag4")
    with eng.begin() as conn:
        conn.execute(update(User).where(User.name == "management-en").values(locale="en"))
    yield eng
    eng.dispose()


def shot(visitor: Visitor, name: str) -> None:
    """The page as it is now into docs/screenshots/<name>.png (only with KUNDENAKTE_SCREENSHOTS set)."""
    if os.environ.get("KUNDENAKTE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        visitor.driver.execute_script("window.scrollTo(0, 0);")
        visitor.driver.save_screenshot(str(SHOTS / f"{name}.png"))


def _shows(visitor: Visitor, css: str, text: str) -> str:
    """The text of `css` (as written, not as CSS capitalises it) once it holds `text`."""
    found: str = visitor.wait(lambda: (t := visitor.text(css)) and text in t and t, f"{text!r} in {css}")
    return found


def _row(visitor: Visitor, name: str) -> dict[str, str]:
    rows = visitor.wait(lambda: [r for r in visitor.grid_rows("#ratings-grid") if r.get("name") == name],
                        f"{name} in the ratings grid")
    return rows[0]


def _pick(visitor: Visitor, criterion: int, mark: str) -> None:
    """Click the mark `mark` of the form's `criterion`-th fieldset (time, quality, cost)."""
    fieldset = visitor.browser.find_elements(".ratings-mark")[criterion]
    labels = [label for label in fieldset.find_elements("css selector", "label") if label.text.strip() == mark]
    assert labels, f"no mark {mark}"
    labels[0].click()


def test_purchasing_enters_a_rating_and_sees_the_score_move(visitor: Visitor) -> None:
    """Delta SE has one rating (4, 5, 3: score 4,00, letter A). Purchasing opens it from the list, rates it
    1, 1, 1 today: the score in the window becomes 2,50 (averages 2,5 / 3 / 2), the detail says the move in
    words, the trend line gets its point, the list shows the new score after the save."""
    visitor.sign_in("einkauf")
    assert "Bewertungen" in visitor.nav()
    visitor.follow("Bewertungen")
    _shows(visitor, "#ratings-count", "Lieferanten")
    delta = _row(visitor, "Delta SE")
    assert (delta["class"], delta["score"], delta["time"], delta["quality"], delta["cost"]) == (
        "A", "4,00", "4,00", "5,00", "3,00")
    assert _row(visitor, "Beta AG")["score"] == ""  # a supplier without a rating
    assert "Gewichte 1 : 1 : 1" in visitor.text("#ratings-rule")

    visitor.browser.find_elements("#ratings-grid .ag-row [col-id='score']")[0].click()  # rows by name: Beta first
    visitor.wait(lambda: "supplier=" in visitor.driver.current_url, "the chosen supplier in the address")
    visitor.open("/ratings?supplier=o4")
    _shows(visitor, "#ratings-detail", "Delta SE")
    assert "Noch kein Vergleich" in visitor.text("#ratings-detail")
    assert "RATING-MARK-1" in visitor.text("#ratings-history")
    for i in range(3):
        _pick(visitor, i, "1")
    visitor.browser.find_element("#ratings-note").send_keys("Lieferung fehlte")
    shot(visitor, "ratings-purchasing-form")
    visitor.browser.find_element("#ratings-save").click()
    _shows(visitor, "#ratings-message", "Gespeichert")
    assert "▼ von 4,00 auf 2,50 (−1,50) seit der vorigen Bewertung" in visitor.text("#ratings-message")
    _shows(visitor, "#ratings-detail", "▼ von 4,00 auf 2,50")
    assert "Lieferung fehlte" in visitor.text("#ratings-history")
    visitor.wait(lambda: _row(visitor, "Delta SE")["score"] == "2,50", "the new score in the list")
    assert _row(visitor, "Delta SE")["change"] == "▼ −1,50"
    shot(visitor, "ratings-purchasing")
    visitor.sign_out()


def test_accounting_reads_the_ratings_without_a_form(visitor: Visitor) -> None:
    """Accounting reads purchasing (the list and the detail) but gets no form to enter a rating."""
    visitor.sign_in("buchhaltung")
    visitor.open("/ratings?supplier=o4&sort=score:desc")
    _shows(visitor, "#ratings-detail", "Delta SE")
    assert visitor.texts("#ratings-save") == []
    assert "nicht erfassen" in visitor.text(".ratings-form")
    rows = visitor.wait(lambda: visitor.grid_rows("#ratings-grid"), "rows")
    assert rows[0]["name"] == "Delta SE"  # sorted by score, highest first
    shot(visitor, "ratings-accounting")
    visitor.sign_out()


def test_management_opens_activity_and_drills_into_an_agent(visitor: Visitor) -> None:
    """The heatmap has Anna Nord (1 e-mail, 2 calls) above the two activities without agent and Bernd Süd
    (1 note), with the numbers in the cells; choosing Anna (the address's agent) lists Alpha GmbH and Beta AG
    and her contacts Eva Extern, Otto Other."""
    visitor.sign_in("leitung")
    visitor.follow("Aktivität")
    _shows(visitor, "#activity-range", "6 Aktivitäten")
    cells = visitor.wait(lambda: visitor.texts("#activity-heatmap .heatmap-label"), "the heatmap's numbers")
    assert sorted(cells).count("0") >= 5 and "2" in cells
    ticks = visitor.texts("#activity-heatmap .ytick text")
    assert sorted(ticks) == ["Anna Nord", "Bernd Süd", "ohne Mitarbeiter"]
    shot(visitor, "activity-management")
    visitor.open("/activity?agent=ag1&period=week")
    _shows(visitor, "#activity-drill", "Alpha GmbH")
    drill = visitor.text("#activity-drill")
    assert "Beta AG" in drill and "Eva Extern" in drill and "Otto Other" in drill
    assert "Wochen" in visitor.text("#activity-range")
    links = visitor.browser.find_elements("#activity-drill a.org-link")
    assert links and links[0].text == "Alpha GmbH"
    shot(visitor, "activity-management-drill")
    links[0].click()
    _shows(visitor, "#record-header", "Alpha GmbH")
    visitor.sign_out()


def test_in_english(visitor: Visitor) -> None:
    """The same pages for a user whose profile says English."""
    visitor.open("/login")
    visitor.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys("management-en")
    visitor.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
    visitor.browser.find_element("button.signin-submit").click()
    visitor.wait(lambda: "/login" not in visitor.driver.current_url, "the signed-in landing page")
    visitor.open("/activity?agent=ag1")
    _shows(visitor, "#activity-drill", "Alpha GmbH")
    assert visitor.text("#activity-range").startswith("Months from")
    shot(visitor, "activity-management-en")
    visitor.open("/ratings?supplier=o4")
    _shows(visitor, "#ratings-detail", "Delta SE")
    # the rule comes with the grid's first block, which may answer after the detail
    visitor.wait(lambda: "Score: weighted mean" in visitor.text("#ratings-rule"), "the score's rule in English")
    shot(visitor, "ratings-management-en")
    visitor.sign_out()
