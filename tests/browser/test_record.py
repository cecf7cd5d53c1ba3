"""The customer record in a real browser (issue 20, item 3), signed in through the form like a person.

Management opens Alpha GmbH at `/organisation/o1`, filters the timeline to one type with a tile and to a date
range with the picker (the address follows: `types`, `from`, `to`, `tab`; the counts per type are shown), and
reads the reminders, the org chart, the group tree and the documents by folder. The old address
`/organisation?id=...` and an id with a `/` (URL-encoded) open their records too. The world is
tests/services/test_record_parts.py's (the access world with tasks, an org chart, a group and versions),
moved so that its as-of date is today.

With KUNDENAKTE_SCREENSHOTS set, the pages are saved to docs/screenshots/record-<role>.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from dash.testing.application_runners import ThreadedRunner
from dash.testing.browser import Browser
from flask import Flask
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import Engine

from core.vocabulary import Role
from tests.access_world import AS_OF
from tests.browser.conftest import backend_engine
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account, dash_pages_cleared, web_app
from tests.services.test_record_parts import _world
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
WAIT = 20
SHIFT = date.today() - AS_OF
ACCOUNTS = {"leitung": (Role.MANAGEMENT, {"agent_id": "ag4"}), "eva": (Role.EXTERNAL, {"contact_id": "c1"}),
            "service": (Role.SUPPORT, {"agent_id": "ag2"})}


def _day(iso: str) -> date:
    """A date of the world as it is moved to today."""
    return date.fromisoformat(iso) + SHIFT


def _moved(value: object) -> object:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        if "T" in value:
            return (datetime.fromisoformat(value) + SHIFT).isoformat()
        try:
            return (date.fromisoformat(value) + SHIFT).isoformat()
        except ValueError:
            return value
    return value


def world() -> dict[str, list[dict[str, Any]]]:
    data = {t: [{k: _moved(v) for k, v in r.items()} for r in rows] for t, rows in _world().items()}
    data["organisations"].append({"id": "x/1", "name": "Schräg/Strich GmbH", "parent_id": "o1"})
    data["organisations"][0].update(sla_hours=8, service_note="Vor 9 Uhr bitte nur per E-Mail")
    return data


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def record_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = backend_engine(request, tmp_path_factory)
    seed(eng, world())
    for name, (role, links) in ACCOUNTS.items():
        add_account(eng, name, role, **links)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, record_engine: Engine,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = request.config.hook.pytest_setup_options()
    for option in options:
        option.add_argument("--lang=de-DE")
    with dash_pages_cleared():
        app: Flask = web_app(record_engine, signin_limit_per_address="100/minute", signin_limit_per_name="20/minute")
        with ThreadedRunner() as server, Browser(
            browser=request.config.getoption("webdriver"), headless=request.config.getoption("headless"),
            options=options, download_path=str(tmp_path_factory.mktemp("download")), percy_run=False,
        ) as browser:
            server.start(app.extensions["kundenakte"]["dash"])
            yield browser, server.url.rstrip("/")


class Person:
    """Someone at the browser."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser, self.url = browser, url

    @property
    def driver(self) -> Any:
        return self.browser.driver

    def open(self, path: str) -> None:
        self.driver.get(self.url + path)

    def wait(self, condition: Any, what: str) -> Any:
        return WebDriverWait(self.driver, WAIT, poll_frequency=0.1).until(lambda _d: condition(), f"waiting for {what}")

    def text(self, css: str) -> str:
        return str(self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".map(e => e.innerText.replace(/\\u00a0/g, ' ').trim()).join('\\n');", css))

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.driver.current_url).query)

    def sign_in(self, name: str) -> None:
        self.open("/login")
        self.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys(name)
        self.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
        self.browser.find_element("button.signin-submit").click()
        self.browser.wait_for_element("button.sign-out", timeout=WAIT)

    def sign_out(self) -> None:
        self.browser.find_element("button.sign-out").click()
        self.browser.wait_for_element("#signin-name", timeout=WAIT)

    def tab(self, label: str) -> None:
        tabs = [t for t in self.browser.find_elements("#record-tabs .tab") if t.text == label]
        assert tabs, f"no tab {label}"
        tabs[0].click()

    def kinds(self) -> set[str]:
        return set(filter(None, self.text("#record-timeline .timeline-kind").split("\n")))

    def screenshot(self, name: str) -> None:
        if os.environ.get("KUNDENAKTE_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(SCREENSHOTS / f"record-{name}.png"))


@pytest.fixture
def person(site: Any) -> Iterator[Person]:
    browser, url = site
    p = Person(browser, url)
    p.open("/healthz")
    p.driver.delete_all_cookies()
    browser.get_logs()
    yield p
    assert browser.get_logs() == []


def test_management_filters_the_timeline_and_reads_every_part(person: Person) -> None:
    """Management (reads every area): the head with SLA and service note; a tile filters the timeline to tickets
    (`types=ticket`), the date picker to a range (`from`, `to`), the counts follow; then reminders, org chart,
    group tree and documents, each tab in the address."""
    person.sign_in("leitung")
    person.open("/organisation/o1")
    person.browser.wait_for_contains_text("#record-header", "Alpha GmbH", timeout=WAIT)
    person.wait(lambda: "SLA" in person.text("#record-header"), "the SLA in the head")
    assert "8 Stunden" in person.text("#record-header") and "Vor 9 Uhr" in person.text("#record-header")
    person.wait(lambda: "Einträge" in person.text("#record-counts"), "the counts")
    assert {"E-Mail", "Rechnung", "Ticket", "Dokument"} <= person.kinds()
    person.wait(lambda: person.text("#record-types .kind-task .type-count") == "3", "the count per type in the filter")
    assert person.text("#record-types .kind-ticket .type-count") == "2"
    person.screenshot("management")

    # the tickets tile: only tickets, the address says so
    person.browser.find_element("#record-tiles .tile[id*='\"tickets\"'] .tile-go").click()
    person.wait(lambda: person.kinds() == {"Ticket"}, "only tickets")
    person.wait(lambda: person.query().get("types") == ["ticket"], "types=ticket in the address")
    assert person.text("#record-counts") == "2 Einträge"

    # all types again, then a range with the picker: the first half of February (the world moved to today)
    person.browser.find_element("#record-reset").click()
    person.wait(lambda: "types" not in person.query(), "all types again")
    start, end = _day("2026-02-01"), _day("2026-02-15")
    inputs = [person.browser.find_element("#record-range"), person.browser.find_element("#record-range-end-date")]
    for field, day in zip(inputs, (start, end), strict=True):
        field.click()
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(day.strftime("%d.%m.%Y"), Keys.ENTER)
    inputs[1].send_keys(Keys.ESCAPE)  # the calendar closes
    person.wait(lambda: person.query().get("from") == [start.isoformat()]
                and person.query().get("to") == [end.isoformat()], "the range in the address")
    # i1, d1, d2 and the quote AN-MARK-2; not the restricted project's invoice and document (management is not
    # in team Nord), not the mail of March nor the call of January
    person.wait(lambda: person.text("#record-counts") == "4 Einträge", "the count of the range")
    person.wait(lambda: person.kinds() == {"Rechnung", "Dokument", "Angebot"}, "the timeline of the range")
    shown = person.text("#record-timeline")
    assert "RE-MARK-1" in shown and "AN-MARK-2" in shown and "Januar-Anruf" not in shown
    assert "Angebot besprochen" not in shown and "plan.pdf" not in shown
    person.screenshot("management-filtered")
    person.wait(lambda: not person.browser.find_elements(".dash-datepicker-content"), "the calendar closed")

    person.tab("Erinnerungen")
    person.wait(lambda: "Vertrag nachfassen" in person.text("#record-reminders"), "the reminders")
    assert "überfällig" in person.text("#record-reminders") and "Erledigt" not in person.text("#record-reminders")
    assert person.query().get("tab") == ["reminders"]
    person.tab("Organigramm")
    person.wait(lambda: "Otto Other" in person.text("#record-chart"), "the org chart")
    assert person.browser.find_elements("#record-chart ul ul li")  # Otto under Eva
    person.tab("Konzern")
    person.wait(lambda: "Epsilon Tochter" in person.text("#record-group"), "the group tree")
    person.tab("Dokumente")
    person.wait(lambda: "rahmen.pdf" in person.text("#record-documents"), "the documents")
    docs = person.text("#record-documents")
    assert "Version 3 · aktuell" in docs and "extern sichtbar" in docs and "Verträge" in docs
    person.screenshot("management-documents")

    # the group tree's links open the records; an id with a slash survives its encoding
    person.tab("Konzern")
    person.wait(lambda: person.browser.find_elements("#record-group a"), "links in the group")
    link = [a for a in person.browser.find_elements("#record-group a") if a.text == "Schräg/Strich GmbH"]
    assert link and link[0].get_attribute("href").endswith("/organisation/x%2F1")
    link[0].click()
    person.browser.wait_for_contains_text("#record-header", "Schräg/Strich GmbH", timeout=WAIT)
    person.open("/organisation?id=o2&tab=chart")
    person.browser.wait_for_contains_text("#record-header", "Beta AG", timeout=WAIT)
    person.wait(lambda: "Uwe Unten" in person.text("#record-chart"), "the old address's org chart")
    person.sign_out()


def test_the_address_sets_the_filters_and_english_reads_english(person: Person) -> None:
    """`?types=invoice&from=...` opens the timeline filtered; the page in English (the profile's language)."""
    person.sign_in("leitung")
    person.open(f"/organisation/o1?types=invoice&from={_day('2026-02-01').isoformat()}")
    person.browser.wait_for_contains_text("#record-header", "Alpha GmbH", timeout=WAIT)
    person.wait(lambda: person.kinds() == {"Rechnung"}, "only invoices")
    assert "RE-MARK-5" not in person.text("#record-timeline")  # January
    person.browser.find_element("#shell-language label:nth-of-type(2)").click()
    person.wait(lambda: "Timeline" in person.text("#record-tabs"), "the English page")
    person.wait(lambda: person.kinds() == {"Invoice"}, "the English timeline")
    assert "open invoices" in person.text("#record-tiles").casefold()  # CSS writes tile titles in capitals
    person.screenshot("management-en")
    person.browser.find_element("#shell-language label:nth-of-type(1)").click()
    person.wait(lambda: "Verlauf" in person.text("#record-tabs"), "German again")
    person.sign_out()


def test_an_external_user_and_support_see_only_their_part(person: Person) -> None:
    """Eva (external, Alpha's contact): tickets and external documents, no reminders, only herself in the org chart;
    support: no invoices in the filter."""
    person.sign_in("eva")
    person.open("/organisation/o1")
    person.browser.wait_for_contains_text("#record-header", "Alpha GmbH", timeout=WAIT)
    person.wait(lambda: person.kinds() == {"Ticket", "Dokument"}, "tickets and documents")
    assert "Vor 9 Uhr" not in person.text("#record-header")
    person.screenshot("external")
    person.tab("Erinnerungen")
    person.wait(lambda: "Keine Berechtigung" in person.text("#record-reminders"), "no reminders")
    person.tab("Organigramm")
    person.wait(lambda: "Eva Extern" in person.text("#record-chart"), "her own contact")
    assert "Otto" not in person.text("#record-chart")
    person.tab("Dokumente")
    person.wait(lambda: "rahmen.pdf" in person.text("#record-documents"), "the external documents")
    assert "kalkulation.xlsx" not in person.text("#record-documents")
    person.sign_out()
    person.sign_in("service")
    person.open("/organisation/o2")
    person.browser.wait_for_contains_text("#record-header", "Beta AG", timeout=WAIT)
    person.wait(lambda: "Ticket" in person.text("#record-types"), "the type filter")
    assert "Rechnung" not in person.text("#record-types") and "Angebot" not in person.text("#record-types")
    person.screenshot("support")
    person.sign_out()
