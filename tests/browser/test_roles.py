"""Each role in a real browser, signed in through the sign-in form: its navigation and its data (issue 19).

The world is tests/access_world.py moved to the present (its as-of date becomes today, the default of
the shell's date picker), plus one prospect. One server and one chromium serve the whole module per
backend; every test starts without cookies, signs in at /login like a person and ends signed out.

With KUNDENAKTE_SCREENSHOTS set, each role's landing page is saved to docs/screenshots/roles/<role>.png.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dash.testing.browser import Browser
from flask import Flask
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import Engine

from core.vocabulary import Role
from dashboard.components.format import record_href
from tests.access_world import AS_OF, access_data
from tests.browser.conftest import backend_engine, served
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account, dash_pages_cleared, web_app
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    # dash[testing] pins selenium<=4.2, which still calls urllib3's deprecated getheader()
    # (fixed in selenium 4.6.1, SeleniumHQ/selenium#11308)
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots" / "roles"
WAIT = 20

#: sign-in name -> (role, links of the account): the access world's people (tests/access_world.py)
ACCOUNTS: dict[str, tuple[Role, dict[str, str]]] = {
    "verkauf": (Role.SALES, {"agent_id": "ag1"}),  # Anna Nord, team Nord (the restricted project's team)
    "buchhaltung": (Role.ACCOUNTING, {"agent_id": "ag3"}),  # Clara Nord
    "einkauf": (Role.PURCHASING, {"agent_id": "ag5"}),  # Paul Einkauf
    "leitung": (Role.MANAGEMENT, {"agent_id": "ag4"}),  # Mara Leitung
    "service": (Role.SUPPORT, {"agent_id": "ag2"}),  # Bernd Süd
    "eva": (Role.EXTERNAL, {"contact_id": "c1"}),  # Eva Extern, a contact of Alpha GmbH
}
ALL_ORGANISATIONS = ("Alpha GmbH", "Beta AG", "Gamma KG", "Delta SE", "Epsilon Interessent GmbH")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")


# --- the world, today ------------------------------------------------------------------------------------


def _moved(value: object, days: timedelta) -> object:
    """An ISO date or date-time `days` later; anything else as it is."""
    if not isinstance(value, str) or not ISO.match(value):
        return value
    if "T" in value:
        return (datetime.fromisoformat(value) + days).isoformat()
    return (date.fromisoformat(value) + days).isoformat()


def world_today() -> dict[str, list[dict[str, Any]]]:
    """The access world with every date moved so that its as-of date is today, and a prospect of Anna Nord's:
    Epsilon has an open quote of this week and no invoice (spec/analytics.md, "Relationships")."""
    days = date.today() - AS_OF
    data = {table: [{k: _moved(v, days) for k, v in row.items()} for row in rows]
            for table, rows in access_data().items()}
    data["organisations"].append({"id": "o5", "name": "Epsilon Interessent GmbH", "key_account_manager_id": "ag1"})
    data["quotes"].append({"id": "q5", "organisation_id": "o5", "quote_date": (date.today() - timedelta(days=3))
                           .isoformat(), "amount_net": 777.77, "status": "open", "number": "AN-EPS-5"})
    return data


# --- one database, app, server and browser per backend -----------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def role_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The world on a freshly migrated database of each backend (what tests/conftest.py's `db_url` makes,
    for the whole module), with one account per person of ACCOUNTS."""
    eng = backend_engine(request, tmp_path_factory)
    seed(eng, world_today())
    for name, (role, links) in ACCOUNTS.items():
        add_account(eng, name, role, **links)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def role_app(role_engine: Engine) -> Iterator[Flask]:
    """The web app as it runs: nobody signed in (no `sign_everyone_in`); the sign-in throttle is raised
    above the module's sign-ins from one address within a minute."""
    with dash_pages_cleared():
        yield web_app(role_engine, signin_limit_per_address="100/minute", signin_limit_per_name="20/minute")


class Visitor:
    """A person at the browser: what they do (sign in, open a page, sign out) and what they see."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser = browser
        self.url = url

    @property
    def driver(self) -> Any:
        return self.browser.driver

    def open(self, path: str) -> None:
        self.driver.get(self.url + path)

    def wait(self, condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
        """Poll `condition()` until it is truthy and return its value (a readable failure otherwise)."""
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda _d: condition(),
                                                                            f"waiting for {what}")

    def texts(self, css: str) -> list[str]:
        """The texts of every element matching `css` as written (not as CSS capitalises them, no-break spaces as
        spaces), now: no implicit wait for absent elements."""
        found: list[str] = self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".map(e => e.textContent.replace(/\\u00a0/g, ' ').trim());", css)
        return found

    def text(self, css: str) -> str:
        return "\n".join(self.texts(css))

    def page_text(self) -> str:
        return str(self.driver.execute_script("return document.body.innerText;"))

    def shown(self, words: Iterable[str]) -> list[str]:
        """Those of `words` that are anywhere on the page, in any case (tile titles are shown in capitals)."""
        page = self.page_text().casefold()
        return [w for w in words if w.casefold() in page]

    def nav(self) -> list[str]:
        """The page links of the shell's navigation."""
        return self.texts("nav.nav a")

    def follow(self, label: str) -> None:
        """Click the navigation's link `label` (the page changes without a reload)."""
        links = [a for a in self.browser.find_elements("nav.nav a") if a.text == label]
        assert links, f"no link {label!r} in {self.nav()}"
        links[0].click()

    def sign_in(self, name: str) -> None:
        """Open /login, type name and password, press the button; then open the organisation list (`/` is the
        overview) with its navigation and first block."""
        self.open("/login")
        self.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys(name)
        self.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
        self.browser.find_element("button.signin-submit").click()
        self.wait(lambda: "/login" not in self.driver.current_url and self.nav(), "the signed-in start page")
        self.open("/organisations")
        self.browser.wait_for_contains_text("#orglist-count", "Organisation", timeout=WAIT)
        self.wait(self.grid_rows, "the list's first block")

    def sign_out(self) -> None:
        """The shell's button: the sign-in page follows."""
        self.browser.find_element("button.sign-out").click()
        self.browser.wait_for_element("#signin-name", timeout=WAIT)
        assert "/login" in self.driver.current_url

    def grid_rows(self, grid: str = "#orglist-grid") -> list[dict[str, str]]:
        """The rows the grid shows, as {col-id: cell text}."""
        rows: list[dict[str, str]] = self.driver.execute_script(GRID_ROWS, grid)
        return rows

    def all_rows(self, n: int, grid: str = "#orglist-grid") -> list[dict[str, str]]:
        """The grid's rows once there are `n` of them."""
        rows: list[dict[str, str]] = self.wait(lambda: (r := self.grid_rows(grid)) and len(r) == n and r,
                                               f"{n} rows in {grid}")
        return rows

    def headers(self, grid: str = "#orglist-grid") -> list[str]:
        return self.texts(f"{grid} .ag-header-cell-text")

    def open_record(self, organisation_id: str, name: str) -> None:
        """The customer record from the URL (what a click on the name opens), head, tiles and timeline filled."""
        self.open(record_href(organisation_id))
        self.browser.wait_for_contains_text("#record-header", name, timeout=WAIT)
        self.wait(lambda: self.texts("#record-tiles .tile-title"), "the record's tiles")
        self.wait(lambda: self.texts("#record-timeline li"), "the record's timeline")

    def tiles(self) -> list[str]:
        """The titles of the record's tiles."""
        return self.texts("#record-tiles .tile-title")

    def tile(self, key: str) -> str:
        """The text of one record tile (`invoices`, `tickets`, ...) on one line."""
        found = self.texts(f"#record-tiles .tile[id*='\"{key}\"'] > div")
        assert len(found) == 3, f"tile {key}: {found}"
        return " ".join(" ".join(found).split())

    def open_abc(self, aspect: str | None, summary: str) -> list[dict[str, str]]:
        """The ABC page of one relationship from the URL (None: from the navigation, with the aspect it offers
        first); its rows once the summary says `summary`."""
        if aspect is None:
            self.follow("ABC")
        else:
            self.open(f"/abc?aspect={aspect}")
        self.browser.wait_for_contains_text("#abc-summary", summary, timeout=WAIT)
        rows: list[dict[str, str]] = self.wait(lambda: self.grid_rows("#abc-grid"), "the ABC rows")
        return rows

    def screenshot(self, role: str) -> None:
        """The page as it is now into docs/screenshots/roles/<role>.png (only with KUNDENAKTE_SCREENSHOTS set)."""
        if not os.environ.get("KUNDENAKTE_SCREENSHOTS"):
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(SCREENSHOTS / f"{role}.png"))


#: the rows an AG Grid shows, as {col-id: cell text}, the pinned and the centre part of a row merged by its index
GRID_ROWS = """
const rows = {};
document.querySelectorAll(arguments[0] + ' .ag-row').forEach(row => {
  const i = row.getAttribute('row-index');
  rows[i] = rows[i] || {};
  row.querySelectorAll('.ag-cell').forEach(c => {
    rows[i][c.getAttribute('col-id')] = c.textContent.replace(/\u00a0/g, ' ').trim();
  });
});
return Object.keys(rows).sort((a, b) => a - b).map(k => rows[k]).filter(r => r.name);
"""


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, role_app: Flask,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Visitor]:
    """One threaded server and one headless chromium asking for German pages, for the whole module
    (what dash.testing's `dash_duo` makes per test; its start_server would wait for the dashboard,
    which nobody signed in gets)."""
    with served(request, role_app, tmp_path_factory) as (browser, url):
        yield Visitor(browser, url)


@pytest.fixture
def visitor(site: Visitor) -> Iterator[Visitor]:
    """The browser without cookies or stored state (nobody signed in, no as-of date kept); no console errors."""
    site.open("/healthz")
    site.driver.delete_all_cookies()
    site.driver.execute_script("window.sessionStorage.clear(); window.localStorage.clear();")
    site.browser.get_logs()
    yield site
    assert site.browser.get_logs() == []


def assert_nav(visitor: Visitor, has: Iterable[str], lacks: Iterable[str] = ()) -> None:
    """The navigation offers the pages `has` and none of `lacks` (other pages may come and go)."""
    nav = visitor.nav()
    assert set(has) <= set(nav), nav
    assert not set(lacks) & set(nav), nav


#: the pages of the lists and analyses, and which a role's navigation must not offer
LISTS = ("Organisationen", "Kunden", "Interessenten", "Lieferanten", "ABC", "Konzentration")


def row_named(rows: list[dict[str, str]], name: str) -> dict[str, str]:
    found = [r for r in rows if r.get("name") == name]
    assert found, f"{name} not in {[r.get('name') for r in rows]}"
    return found[0]


# --- the roles ---------------------------------------------------------------------------------------------------


def test_sales_sees_customers_and_prospects_with_their_pipeline(visitor: Visitor) -> None:
    """Issue 19, sales: customers and prospects with their pipeline (spec/analytics.md, "Security: need-to-know":
    sales reads master data, pipeline, billing, service, projects, activities and documents, not purchasing or
    analytics). The list and ABC in the navigation, no concentration; the list tells customers from prospects;
    ABC offers customers and prospects (not suppliers) and ranks Epsilon by its quote; the record's timeline has
    o1's quote, the six tiles are there."""
    visitor.sign_in("verkauf")
    visitor.screenshot("sales")
    assert_nav(visitor, ["Organisationen", "Kunden", "Interessenten", "ABC"], ["Lieferanten", "Konzentration"])
    rows = visitor.all_rows(5)
    assert [r["name"] for r in rows] == sorted(ALL_ORGANISATIONS)
    assert {"Kunde", "Interessent", "Umsatz 12 Mon.", "Offene Posten"} <= set(visitor.headers())
    epsilon, alpha = row_named(rows, "Epsilon Interessent GmbH"), row_named(rows, "Alpha GmbH")
    assert (epsilon["prospect"], epsilon["customer"]) == ("ja", "nein")
    assert (alpha["prospect"], alpha["customer"]) == ("nein", "ja")

    customers = visitor.open_abc(None, "Modell Rechnungen")
    assert visitor.texts("#abc-aspect label") == ["Kunden", "Interessenten"]  # no suppliers: no purchasing
    assert [(r["name"], r["class"]) for r in customers] == [("Alpha GmbH", "A"), ("Gamma KG", "B"), ("Beta AG", "B")]
    prospects = visitor.open_abc("prospect", "Modell Angebote")
    assert [(r["name"], r["class"], r["metric_eur"]) for r in prospects] == [
        ("Epsilon Interessent GmbH", "A", "777,77 €")]

    visitor.open_record("o1", "Alpha GmbH")
    assert visitor.tiles() == ["Laufende Projekte", "Offene Rechnungen", "Offene Tickets", "Stunden diesen Monat",
                               "Dokumente", "Letzter Kontakt"]
    visitor.wait(lambda: "AN-MARK-2" in visitor.text("#record-timeline"), "o1's quote in the timeline")
    assert {"Angebot", "Rechnung", "Ticket"} <= set(visitor.texts("#record-timeline .timeline-kind"))
    visitor.sign_out()


def test_accounting_sees_open_items(visitor: Visitor) -> None:
    """Issue 19, accounting: open items (spec/analytics.md, "Security": accounting edits billing, reads
    purchasing and analytics, has no pipeline and no service). The list shows each customer's open amount,
    the record the open invoices tile and no tickets tile, the timeline invoices but no quote or ticket;
    the navigation has ABC and concentration."""
    visitor.sign_in("buchhaltung")
    visitor.screenshot("accounting")
    assert_nav(visitor, ["Organisationen", "Kunden", "Lieferanten", "ABC", "Konzentration"], ["Interessenten"])
    rows = visitor.all_rows(5)
    assert "Offene Posten" in visitor.headers()
    # o1: 1,000 + 2,000 (the restricted project's invoice: Clara is in team Nord); o3: 4,711.13; o2 paid
    assert row_named(rows, "Alpha GmbH")["open_amount"] == "3.000,00 €"
    assert row_named(rows, "Gamma KG")["open_amount"] == "4.711,13 €"
    assert row_named(rows, "Beta AG")["open_amount"] == "0,00 €"

    visitor.open_record("o1", "Alpha GmbH")
    assert "Offene Rechnungen" in visitor.tiles() and "Offene Tickets" not in visitor.tiles()
    assert visitor.tile("invoices") == "Offene Rechnungen 3.000,00 € 2 offen, 1 gemahnt"
    assert set(visitor.texts("#record-timeline .timeline-kind")) == {"E-Mail", "Rechnung", "Dokument"}
    assert visitor.shown(["AN-MARK", "Drucker"]) == []  # no quote, no ticket
    visitor.sign_out()


def test_purchasing_sees_suppliers_and_ratings(visitor: Visitor) -> None:
    """Issue 19, purchasing: suppliers and ratings (spec/analytics.md, "Security": purchasing edits purchasing,
    reads analytics, has neither billing nor pipeline). The list tells who is a supplier and has no billing
    figures; ABC and concentration offer suppliers only, ABC ranks Delta by its rating; the record has no
    invoices or tickets tile."""
    visitor.sign_in("einkauf")
    visitor.screenshot("purchasing")
    assert_nav(visitor, ["Organisationen", "Lieferanten", "ABC", "Konzentration"], ["Kunden", "Interessenten"])
    rows = visitor.all_rows(5)
    headers = visitor.headers()
    assert "Lieferant" in headers and "Umsatz 12 Mon." not in headers and "Offene Posten" not in headers
    assert row_named(rows, "Delta SE")["supplier"] == "ja"
    assert row_named(rows, "Gamma KG")["supplier"] == "nein"
    assert visitor.shown(["€"]) == []  # no revenue, no open items

    suppliers = visitor.open_abc(None, "Modell Bewertungen")  # the navigation's ABC opens on the suppliers
    assert visitor.texts("#abc-aspect label") == ["Lieferanten"]
    assert "Bewertung (1–5)" in visitor.headers("#abc-grid")
    delta = row_named(suppliers, "Delta SE")
    assert (delta["class"], delta["metric_score"]) == ("A", "4,00")  # time 4, quality 5, cost 3
    assert row_named(suppliers, "Beta AG")["class"] == ""  # a supplier without a rating in the window

    visitor.follow("Konzentration")
    figures = visitor.wait(lambda: (t := visitor.text("#concentration-figures")) and "Summe" in t and t,
                           "the concentration figures")
    assert visitor.texts("#concentration-aspect label") == ["Einkauf (Lieferanten)"]
    assert "Summe 6.864,30 €" in figures  # the incoming invoices of Delta and Beta

    visitor.open_record("o4", "Delta SE")
    assert "Offene Rechnungen" not in visitor.tiles() and "Offene Tickets" not in visitor.tiles()
    visitor.sign_out()


def test_external_contact_sees_its_tickets_and_external_documents_only(visitor: Visitor) -> None:
    """Issue 19, an external contact: its own organisation's tickets and its documents marked `external`, nothing
    else (spec/analytics.md, "Security": external reads service of its organisation, documents where `external`,
    its own contact). One organisation in the list, no ABC or concentration in the navigation, no invoices,
    no other contact, no internal or restricted document; another organisation's record is not found."""
    visitor.sign_in("eva")
    visitor.screenshot("external")
    assert_nav(visitor, ["Organisationen"], LISTS[1:])
    assert [r["name"] for r in visitor.grid_rows()] == ["Alpha GmbH"]
    assert visitor.text("#orglist-count") == "1 Organisation"
    assert "Offene Posten" not in visitor.headers()
    assert visitor.shown(ALL_ORGANISATIONS[1:]) == []

    visitor.open_record("o1", "Alpha GmbH")
    assert visitor.tiles() == ["Offene Tickets", "Stunden diesen Monat", "Dokumente"]
    assert visitor.tile("tickets").startswith("Offene Tickets 1 ")
    assert visitor.tile("documents").startswith("Dokumente 1 ")
    assert set(visitor.texts("#record-timeline .timeline-kind")) == {"Ticket", "Dokument"}
    timeline = visitor.text("#record-timeline")
    assert "Drucker" in timeline and "rahmen.pdf" in timeline
    assert "Eva" in visitor.text("#record-contacts")
    assert visitor.shown(["Otto", "kalkulation.xlsx", "plan.pdf", "Geheim", "RE-MARK", "AN-MARK", "Angebot",
                          "Rechnung", "Angebot besprochen", "Offene Rechnungen", "Letzter Kontakt", "€"]) == []

    visitor.open(record_href("o2"))
    visitor.browser.wait_for_text_to_equal("#record-header", "Organisation nicht gefunden", timeout=WAIT)
    assert visitor.texts("#record-tiles .tile") == []
    assert visitor.shown(["Beta AG", "Bea", "Server"]) == []
    visitor.sign_out()


def test_management_reads_everything_but_administration(visitor: Visitor) -> None:
    """Spec/analytics.md, "Security": management reads every area but administration: the whole navigation,
    the billing figures, all six tiles."""
    visitor.sign_in("leitung")
    visitor.screenshot("management")
    assert_nav(visitor, LISTS)
    visitor.all_rows(5)
    assert "Offene Posten" in visitor.headers()
    visitor.open_record("o1", "Alpha GmbH")
    assert len(visitor.tiles()) == 6
    visitor.sign_out()


def test_support_sees_tickets_and_no_money(visitor: Visitor) -> None:
    """Spec/analytics.md, "Security": support edits service and activities and has no pipeline, billing,
    purchasing or analytics: only the list in the navigation, no billing figures, the tickets tile and no
    invoices tile; the project restricted to team Nord stays hidden from Bernd (team Süd)."""
    visitor.sign_in("service")
    visitor.screenshot("support")
    assert_nav(visitor, ["Organisationen"], LISTS[1:])
    headers = visitor.headers()
    assert "Offene Posten" not in headers and "Umsatz 12 Mon." not in headers
    visitor.open_record("o1", "Alpha GmbH")
    assert "Offene Tickets" in visitor.tiles() and "Offene Rechnungen" not in visitor.tiles()
    assert visitor.shown(["Geheim", "plan.pdf", "€"]) == []
    visitor.sign_out()


# --- sign-out ----------------------------------------------------------------------------------------------------


def test_after_sign_out_the_back_button_shows_nothing(visitor: Visitor) -> None:
    """Issue 19: sign-out, then the back button shows nothing (kundenakte/web.py `no_store`: the browser keeps
    no page; the gate sends a request without a session to the sign-in page). Going back from the sign-in
    page, to the record and then to the list, lands on /login each time: no organisation name, no tile, no
    navigation."""
    visitor.sign_in("verkauf")
    visitor.open_record("o1", "Alpha GmbH")
    visitor.sign_out()
    assert visitor.text(".signin-notice") == "Sie haben sich abgemeldet."

    visitor.driver.back()  # to the record
    visitor.wait(lambda: "next=" in visitor.driver.current_url, "the sign-in page instead of the record")
    visitor.browser.wait_for_element("#signin-name", timeout=WAIT)
    assert "organisation" in visitor.driver.current_url
    assert visitor.texts(".tile") == [] and visitor.nav() == [] and visitor.texts("#record-header") == []
    assert visitor.shown((*ALL_ORGANISATIONS, "Eva", "Offene Rechnungen", "Abmelden", "verkauf")) == []

    visitor.driver.back()  # to the list
    visitor.wait(lambda: "/login" in visitor.driver.current_url, "the sign-in page instead of the list")
    visitor.browser.wait_for_element("#signin-name", timeout=WAIT)
    assert visitor.texts("#orglist-grid") == []
    assert visitor.shown((*ALL_ORGANISATIONS, "Organisationen")) == []
