"""The admin's pages in a real browser (issue 20): a new ABC window on /settings changes the letters on /abc, a
contact due under the retention rules is erased on /retention after the confirmation, and other roles get neither
page (spec/analytics.md, "ABC classification", "Retention (GDPR)", "Security: need-to-know").

The world is tests/browser/test_roles.py's (tests/access_world.py moved to today) plus Greta, a contact whose last
trace lies four years back. With KUNDENAKTE_SCREENSHOTS set, the pages are saved to docs/screenshots/<page>-<role>.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from dash.testing.application_runners import ThreadedRunner
from dash.testing.browser import Browser
from flask import Flask
from selenium.webdriver.common.keys import Keys
from sqlalchemy import Engine, select, update

from core.schema import Contact, User
from core.vocabulary import Role
from services.commands.settings import save_abc
from tests.access_world import ADMIN
from tests.browser.conftest import backend_engine
from tests.browser.test_roles import WAIT, Visitor, row_named, world_today
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account, dash_pages_cleared, web_app
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
ACCOUNTS: dict[str, tuple[Role, dict[str, str]]] = {
    "admin": (Role.ADMIN, {"agent_id": "adm"}),
    "admin-en": (Role.ADMIN, {"agent_id": "adm"}),
    "verkauf": (Role.SALES, {"agent_id": "ag1"}),
}
WINDOW = '[id=\'{"model":"invoices","type":"settings-window"}\']'
SHARES = {"A": 20, "B": 60, "C": 20}
MODELS = {"customer": "invoices", "prospect": "quotes", "supplier": "ratings"}


def admin_world() -> dict[str, list[dict[str, Any]]]:
    data = world_today()
    long_ago = (date.today() - timedelta(days=4 * 365)).isoformat()
    data["contacts"].append({"id": "c9", "organisation_id": "o2", "first_name": "Greta", "last_name": "Gestern",
                             "email": "greta@beta.example", "created_at": f"{long_ago}T09:00:00"})
    data["activities"].append({"id": "a9", "kind": "call", "occurred_at": f"{long_ago}T10:00:00",
                               "organisation_id": "o2", "contact_id": "c9", "subject": "Anruf Greta Gestern"})
    return data


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def admin_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:

    eng = backend_engine(request, tmp_path_factory)
    seed(eng, admin_world())
    for name, (role, links) in ACCOUNTS.items():
        add_account(eng, name, role, **links)
    with eng.begin() as conn:
        conn.execute(update(User).where(User.name == "admin-en").values(locale="en"))
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, admin_engine: Engine,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Visitor]:
    """One threaded server and one headless chromium for the module (as tests/browser/test_roles.py)."""
    options = request.config.hook.pytest_setup_options()
    for option in options:
        option.add_argument("--lang=de-DE")
    with dash_pages_cleared():
        app: Flask = web_app(admin_engine, signin_limit_per_address="100/minute", signin_limit_per_name="20/minute")
        with ThreadedRunner() as server, Browser(
            browser=request.config.getoption("webdriver"), headless=request.config.getoption("headless"),
            options=options, download_path=str(tmp_path_factory.mktemp("download")), percy_run=False,
        ) as browser:
            server.start(app.extensions["kundenakte"]["dash"])
            yield Visitor(browser, server.url.rstrip("/"))


@pytest.fixture
def visitor(site: Visitor) -> Iterator[Visitor]:
    site.open("/healthz")
    site.driver.delete_all_cookies()
    site.driver.execute_script("window.sessionStorage.clear(); window.localStorage.clear();")
    site.browser.get_logs()
    yield site
    assert site.browser.get_logs() == []


def screenshot(visitor: Visitor, name: str) -> None:
    if os.environ.get("KUNDENAKTE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        visitor.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def sign_in(visitor: Visitor, name: str) -> None:
    """Open /login, type name and password, press the button: the navigation of the first page follows."""
    visitor.open("/login")
    visitor.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys(name)
    visitor.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
    visitor.browser.find_element("button.signin-submit").click()
    visitor.wait(lambda: visitor.nav(), "the navigation")


def customer_letters(visitor: Visitor) -> dict[str, str]:
    rows = visitor.open_abc("customer", "Modell Rechnungen")
    return {r["name"]: r["class"] for r in rows}


def test_a_new_abc_window_on_settings_changes_the_letters_on_abc(visitor: Visitor, admin_engine: Engine) -> None:
    """ABC classification (spec): over 365 days Alpha (12,754.08) is A, Gamma (4,711.13) and Beta (500) B. The
    admin sets the invoices window to 40 days on /settings: only Gamma's invoice of 39 days ago and Alpha's of 33
    days ago are in it, so Gamma becomes A, Alpha B, and Beta loses its letter. The tabs are reached with the
    keyboard, the chosen tab is kept in the address."""
    sign_in(visitor, "admin")
    assert visitor.nav()[-2:] == ["Einstellungen", "Aufbewahrung"]
    before = customer_letters(visitor)
    assert (before["Alpha GmbH"], before["Gamma KG"], before["Beta AG"]) == ("A", "B", "B")
    try:
        visitor.follow("Einstellungen")
        window = visitor.browser.wait_for_element(WINDOW, timeout=WAIT)
        visitor.wait(lambda: window.get_attribute("value") == "365", "the stored window")
        screenshot(visitor, "settings-admin")
        window.send_keys(Keys.CONTROL, "a")
        window.send_keys("40")
        visitor.browser.find_element("#settings-abc-save").click()
        visitor.browser.wait_for_contains_text("#settings-abc-message", "Gespeichert", timeout=WAIT)
        assert "1 Wert(e) geändert" in visitor.text("#settings-abc-message")

        after = customer_letters(visitor)
        assert (after["Gamma KG"], after["Alpha GmbH"], after["Beta AG"]) == ("A", "B", "")
        assert row_named(visitor.grid_rows("#abc-grid"), "Beta AG")["class"] == ""

        # a refusal says why and changes nothing
        visitor.open("/settings")
        window = visitor.browser.wait_for_element(WINDOW, timeout=WAIT)
        visitor.wait(lambda: window.get_attribute("value") == "40", "the stored window")
        window.send_keys(Keys.CONTROL, "a")
        window.send_keys("0")
        visitor.browser.find_element("#settings-abc-save").click()
        visitor.browser.wait_for_contains_text("#settings-abc-message", "mindestens 1 Tag", timeout=WAIT)

        # the tabs by keyboard (assets/settings.js): the selected tab is in the Tab order, the arrow keys move
        tabs = visitor.browser.find_elements(".settings-tabs .tab")
        assert [t.text for t in tabs] == ["ABC-Modelle", "Bewertungsgewichte", "Wahrscheinlichkeiten",
                                          "Aufbewahrungsfrist", "Berechtigungen", "Benutzer"]
        visitor.wait(lambda: [t.get_attribute("tabindex") for t in tabs] == ["0", "-1", "-1", "-1", "-1", "-1"],
                     "the tabs in the Tab order")
        assert [t.get_attribute("role") for t in tabs] == ["tab"] * 6
        visitor.driver.execute_script("arguments[0].focus();", tabs[0])
        visitor.driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)  # from the first to the last
        visitor.browser.wait_for_contains_text("#settings-users-list", "verkauf", timeout=WAIT)
        visitor.wait(lambda: "tab=users" in visitor.driver.current_url, "the tab in the address")
        assert visitor.driver.switch_to.active_element.text == "Benutzer"
        assert tabs[5].get_attribute("aria-selected") == "true"
        assert visitor.text("#settings-users-message") == ""  # drawing the list changes nothing and says nothing
        screenshot(visitor, "settings-admin-users")
        visitor.driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
        visitor.wait(lambda: visitor.texts(".settings-matrix tbody th"), "the permission matrix")
        screenshot(visitor, "settings-admin-permissions")
        visitor.driver.switch_to.active_element.send_keys(Keys.HOME)
        visitor.browser.wait_for_element(WINDOW, timeout=WAIT)
    finally:
        save_abc(admin_engine, ADMIN, MODELS, {"invoices": 365}, SHARES)
    visitor.sign_out()


def test_the_admin_erases_a_contact_on_retention(visitor: Visitor, admin_engine: Engine) -> None:
    """Retention (spec): Greta's last trace lies four years back, so she is listed with the reason; the admin picks
    her, confirms the dialog, and she is anonymised: gone from the list, her names removed, the audit log names
    the admin."""
    sign_in(visitor, "admin")
    visitor.follow("Aufbewahrung")
    rows = visitor.wait(lambda: (r := visitor.grid_rows("#retention-grid")) and r, "the contacts due")
    greta = row_named(rows, "Greta Gestern")
    assert greta["organisation"] == "Beta AG" and greta["reason"].startswith("letzte Spur vor dem Stichtag")
    assert "Kontakt(e) fällig" in visitor.text("#retention-summary")
    screenshot(visitor, "retention-admin")
    assert visitor.browser.find_element("#retention-erase").get_attribute("disabled") is not None

    checkbox = visitor.driver.execute_script(
        "const rows = Array.from(document.querySelectorAll('#retention-grid .ag-center-cols-container .ag-row'));"
        "const row = rows.find(r => r.textContent.includes('Greta Gestern'));"
        "const i = row.getAttribute('row-index');"
        "return document.querySelector(`#retention-grid .ag-row[row-index='${i}'] input[type=checkbox]`);")
    checkbox.click()
    visitor.browser.wait_for_text_to_equal("#retention-erase", "1 ausgewählte anonymisieren", timeout=WAIT)
    visitor.browser.find_element("#retention-erase").click()
    alert = visitor.wait(lambda: _alert(visitor), "the confirmation dialog")
    assert "1 Kontakt(e) unwiderruflich anonymisieren?" in alert.text
    alert.accept()
    visitor.browser.wait_for_contains_text("#retention-message", "1 Kontakt(e) anonymisiert", timeout=WAIT)
    visitor.wait(lambda: "Greta Gestern" not in [r.get("name") for r in visitor.grid_rows("#retention-grid")],
                 "Greta gone from the list")
    with admin_engine.connect() as conn:
        greta_row = conn.execute(select(Contact.first_name, Contact.email, Contact.anonymised_at)
                                 .where(Contact.id == "c9")).one()
    assert greta_row.first_name is None and greta_row.email is None and greta_row.anonymised_at is not None
    visitor.sign_out()


def _alert(visitor: Visitor) -> Any:
    try:
        return visitor.driver.switch_to.alert
    except Exception:
        return None


def test_the_settings_in_english(visitor: Visitor) -> None:
    """An admin whose profile says English sees the page in English."""
    sign_in(visitor, "admin-en")
    assert "Settings" in visitor.nav()
    visitor.follow("Settings")
    visitor.browser.wait_for_element(WINDOW, timeout=WAIT)
    assert "Outgoing invoices (net revenue)" in visitor.page_text()
    assert "Class shares (A + B + C = 100 %)" in visitor.page_text()
    screenshot(visitor, "settings-admin-en")
    visitor.browser.find_element("button.sign-out").click()
    visitor.browser.wait_for_element("#signin-name", timeout=WAIT)


def test_other_roles_get_neither_page(visitor: Visitor) -> None:
    """Security (spec): administration is the admin's: sales has no entry in the navigation, and the addresses
    show a notice and no form."""
    sign_in(visitor, "verkauf")
    assert "Einstellungen" not in visitor.nav() and "Aufbewahrung" not in visitor.nav()
    visitor.open("/settings")
    visitor.browser.wait_for_contains_text("#_pages_content", "der Administration vorbehalten", timeout=WAIT)
    assert visitor.browser.find_elements(WINDOW) == []
    screenshot(visitor, "settings-sales")
    visitor.open("/retention")
    visitor.browser.wait_for_contains_text("#_pages_content", "der Administration vorbehalten", timeout=WAIT)
    assert visitor.texts("#retention-grid") == [] and visitor.shown(["Greta", "Otto"]) == []
    visitor.sign_out()
