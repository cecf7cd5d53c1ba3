"""The start page in a real browser (issue 20, item 1): management signs in through the form, sees the ABC tiles
of all three relationships and what needs attention, and a click on the customers' A tile opens the customer list
filtered to A (`/customers?abc=A`, the as-of date kept); purchasing sees only the suppliers' tiles; an external
contact sees their own organisation and its tickets.

The world is the one of tests/services/test_overview.py (as of 15.03.2026, opened with `?as_of=2026-03-15`).
With KUNDENAKTE_SCREENSHOTS set, the page is saved as docs/screenshots/overview-<role>.png.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from dash.testing.browser import Browser
from flask import Flask
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import Engine, func, select, update

from core.schema import AuditLogEntry, User
from core.vocabulary import Role
from services.overview import CACHE
from tests.browser.conftest import backend_engine, served
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account, dash_pages_cleared, web_app
from tests.services.test_overview import D, world
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
WAIT = 30
AS_OF = D.isoformat()

#: sign-in name -> (role, links, language)
ACCOUNTS: dict[str, tuple[Role, dict[str, str], str]] = {
    "leitung": (Role.MANAGEMENT, {"agent_id": "ag4"}, "de"),
    "leitung-en": (Role.MANAGEMENT, {"agent_id": "ag4"}, "en"),
    "verkauf": (Role.SALES, {"agent_id": "ag1"}, "de"),
    "einkauf": (Role.PURCHASING, {"agent_id": "ag5"}, "de"),
    "eva": (Role.EXTERNAL, {"contact_id": "x1"}, "de"),
}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def overview_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = backend_engine(request, tmp_path_factory)
    CACHE.clear()
    seed(eng, world())
    for name, (role, links, _lang) in ACCOUNTS.items():
        add_account(eng, name, role, **links)
    with eng.begin() as conn:
        conn.execute(update(User).where(User.name == "leitung-en").values(locale="en"))
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def overview_app(overview_engine: Engine) -> Iterator[Flask]:
    with dash_pages_cleared():
        yield web_app(overview_engine, signin_limit_per_address="100/minute", signin_limit_per_name="20/minute")


class Person:
    """Someone at the browser: signs in through the form, opens the start page, reads and clicks it."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser = browser
        self.url = url

    @property
    def driver(self) -> Any:
        return self.browser.driver

    def wait(self, condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda _d: condition(),
                                                                            f"waiting for {what}")

    def texts(self, css: str) -> list[str]:
        found: list[str] = self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".map(e => e.textContent.replace(/\\u00a0/g, ' ').trim());", css)
        return found

    def sign_in(self, name: str) -> None:
        """The sign-in form, then the start page it leads to, at the world's date.

        The form is opened twice: on the first visit without a cookie the page and its favicon request (sent to
        the sign-in page too) may each start a session, and the form's CSRF token may belong to the lost one."""
        self.driver.get(self.url + "/login")
        self.browser.wait_for_element("#signin-name", timeout=WAIT)
        self.driver.get(self.url + "/login")
        self.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys(name)
        self.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
        self.browser.find_element("button.signin-submit").click()
        self.wait(lambda: urlparse(self.driver.current_url).path == "/", "the start page after signing in")
        self.driver.get(f"{self.url}/?as_of={AS_OF}")
        self.browser.wait_for_element(".overview", timeout=WAIT)

    def tiles(self) -> list[str]:
        """The letter tiles once every group has them (the loading dots gone)."""
        def ready() -> list[str] | None:
            groups = self.texts(".overview-group")
            found = self.texts(".overview-tile")
            return found if groups and len(found) == 4 * len(groups) else None
        found: list[str] = self.wait(ready, "the tiles")
        return found

    def screenshot(self, name: str) -> None:
        if not os.environ.get("KUNDENAKTE_SCREENSHOTS"):
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(SCREENSHOTS / f"overview-{name}.png"))

    def sign_out(self) -> None:
        self.browser.find_element("button.sign-out").click()
        self.browser.wait_for_element("#signin-name", timeout=WAIT)


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, overview_app: Flask,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Person]:
    with served(request, overview_app, tmp_path_factory) as (browser, url):
        yield Person(browser, url)


@pytest.fixture
def person(site: Person) -> Iterator[Person]:
    """The browser without cookies or stored state; no console errors during the test."""
    site.driver.get(site.url + "/healthz")
    site.driver.delete_all_cookies()
    site.driver.execute_script("window.sessionStorage.clear(); window.localStorage.clear();")
    site.browser.get_logs()
    yield site
    assert site.browser.get_logs() == []


def _denials(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AuditLogEntry)
                                .where(AuditLogEntry.action == "denied")).scalar_one())


def test_management_clicks_the_customers_a_tile(person: Person, overview_engine: Engine) -> None:
    """Issue 20: management reads all three ABC areas (spec/analytics.md "Security"): customers, prospects and
    suppliers, each A, B, C and "ohne Buchstabe"; what needs attention names the falling A-customer and the stale
    potential. A click on the customers' A tile lands on `/customers?abc=A` with the as-of date kept."""
    person.sign_in("leitung")
    tiles = person.tiles()
    assert person.texts(".overview-group h2") == ["Kunden", "Interessenten", "Lieferanten"]
    assert len(tiles) == 12
    a_customers = person.texts(".overview-tile.letter-a")[0]
    assert "Klasse A" in a_customers and "6.000,00 €" in a_customers and "16,7 %" in a_customers
    person.wait(lambda: "Kunde 1" in " ".join(person.texts("#overview-warnings a")), "the warnings")
    assert "Interessent 3" in " ".join(person.texts("#overview-warnings a"))
    person.screenshot("management")
    link = person.browser.find_element(".overview-tile.letter-a")
    link.click()
    person.wait(lambda: urlparse(person.driver.current_url).path == "/customers", "the customer list")
    query = parse_qs(urlparse(person.driver.current_url).query)
    assert query["abc"] == ["A"] and query["as_of"] == [AS_OF]
    person.sign_out()


def test_management_in_english(person: Person) -> None:
    """Issue 20 (texts): the page in the user's language."""
    person.sign_in("leitung-en")
    person.tiles()
    assert person.texts(".overview-group h2") == ["Customers", "Prospects", "Suppliers"]
    assert "Class A" in person.texts(".overview-tile.letter-a")[0]
    person.wait(lambda: person.texts("#overview-warnings h3"), "the warnings")
    person.screenshot("management-en")
    person.sign_out()


def test_sales_sees_its_reminders(person: Person) -> None:
    """interchange.md activities: sales (agent ag1) sees its open tasks, the overdue one marked in words; customers
    and prospects only (no purchasing)."""
    person.sign_in("verkauf")
    person.tiles()
    assert person.texts(".overview-group h2") == ["Kunden", "Interessenten"]
    reminders = person.wait(lambda: person.texts(".overview-reminder"), "the reminders")
    assert len(reminders) == 3 and "überfällig" in reminders[0] and "Aufgabe r1" in reminders[0]
    person.screenshot("sales")
    person.sign_out()


def test_purchasing_sees_suppliers_only(person: Person, overview_engine: Engine) -> None:
    """spec/analytics.md "Security": purchasing reads supplier ABC only: one tile group, no customer warnings,
    and the page asks for nothing it may not read (no refusal in the audit log)."""
    before = _denials(overview_engine)
    person.sign_in("einkauf")
    person.tiles()
    assert person.texts(".overview-group h2") == ["Lieferanten"]
    person.wait(lambda: person.texts(".overview-reminder") or person.texts("#overview-reminders .empty"),
                "the reminders")
    assert person.texts("#overview-warnings h3") == []
    person.screenshot("purchasing")
    person.sign_out()
    assert _denials(overview_engine) == before


def test_external_sees_own_organisation_and_tickets(person: Person, overview_engine: Engine) -> None:
    """spec/analytics.md "Security": an external contact's start page is their organisation (linked to its
    record) and its tickets; no tiles, no reminders, nothing of other organisations."""
    before = _denials(overview_engine)
    person.sign_in("eva")
    person.wait(lambda: person.texts("#overview-external .tile-value"), "the tickets")
    assert person.texts("#overview-external a") == ["Kunde 1"]
    assert person.texts("#overview-external .tile-value") == ["1", "2"]
    assert person.texts(".overview-group") == [] and person.texts(".overview-tile") == []
    assert "Kunde 2" not in person.driver.execute_script("return document.body.innerText;")
    person.screenshot("external")
    person.sign_out()
    assert _denials(overview_engine) == before
