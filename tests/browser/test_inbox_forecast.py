"""The inbox and the forecast in a real browser, signed in through the form (issue 20).

Support assigns a freemail sender's mail from the inbox to an organisation and finds it on that record's
timeline (spec/interchange.md, "Assignment of inbound traces"); sales opens the forecast (spec/analytics.md:
the weighted pipeline, "Security: need-to-know"). The world is the inbound test company
(tests/etl/inbound/world.py) with its sample files read, plus two opportunities and an invoice of last month.

With KUNDENAKTE_SCREENSHOTS set, the pages are saved to docs/screenshots/<page>-<role>.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import Engine, update

from core.schema import User
from core.vocabulary import Role
from dashboard.components.format import record_href
from etl.inbound import read_inbound_folder
from tests.browser import test_roles
from tests.browser.conftest import backend_engine
from tests.browser.test_roles import WAIT, Visitor
from tests.etl.inbound.world import DATA, WORLD
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

# the server, the browser and the visitor of tests/browser/test_roles.py, on this module's world (`role_engine`)
role_app, site, visitor = test_roles.role_app, test_roles.site, test_roles.visitor
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ACCOUNTS = {"service": (Role.SUPPORT, "a2"), "verkauf": (Role.SALES, "a1"), "leitung": (Role.MANAGEMENT, None),
            "sales-en": (Role.SALES, "a1")}


def _world() -> dict[str, list[dict[str, object]]]:
    """The inbound company with a pipeline: Heyer Plan (o1) 11,000 New (550 in three months' time), Müller (o2)
    20,000 in Negotiation since long ago (10,000, due now), and 1,234.56 invoiced to o1 last month."""
    today = date.today()
    last_month = (today.replace(day=1) - timedelta(days=10)).isoformat()
    recent, old = (today - timedelta(days=5)).isoformat(), (today - timedelta(days=400)).isoformat()
    data = {table: [dict(r) for r in rows] for table, rows in WORLD.items()}
    data["opportunities"] = [
        {"id": "op1", "organisation_id": "o1", "name": "Ausbau", "target_value": 11000, "created_at": recent,
         "agent_id": "a1"},
        {"id": "op2", "organisation_id": "o2", "name": "Rahmen", "target_value": 20000, "created_at": old,
         "agent_id": "a2"},
    ]
    data["opportunity_status_changes"] = [
        {"opportunity_id": "op1", "changed_at": recent + "T09:00:00", "status": "New"},
        {"opportunity_id": "op2", "changed_at": old + "T09:00:00", "status": "Negotiation"},
    ]
    data["invoices"] = [{"id": "i1", "organisation_id": "o1", "invoice_date": last_month, "amount_net": 1234.56,
                         "status": "open", "dunning_level": 0}]
    return data


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def role_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """This module's world on a fresh database of each backend (overrides test_roles' world for its fixtures)."""
    eng = backend_engine(request, tmp_path_factory)
    seed(eng, _world())
    for sample in sorted(DATA.glob("*")):  # the mails and calls; no calendar (its weekly series would fill the
        if sample.suffix in (".eml", ".mbox", ".csv"):  # timeline's first page)
            read_inbound_folder(eng, sample, today=date(2026, 3, 1))
    for name, (role, agent) in ACCOUNTS.items():
        add_account(eng, name, role, agent_id=agent)
    with eng.begin() as conn:  # one person reads the dashboard in English (the profile's language)
        conn.execute(update(User).where(User.name == "sales-en").values(locale="en"))
    yield eng
    eng.dispose()


def _sign_in(v: Visitor, name: str) -> None:
    """Sign in through the form and wait for the navigation (whatever the start page shows). The sign-in page is
    opened twice: the first visit (and the favicon it asks for) starts the session, so no request racing the
    form can start a second one whose CSRF token the form does not carry."""
    v.open("/login")
    v.browser.wait_for_element("#signin-name", timeout=WAIT)
    v.open("/login")
    v.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys(name)
    v.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
    v.browser.find_element("button.signin-submit").click()
    v.wait(lambda: v.nav(), "the navigation after signing in")


def _screenshot(v: Visitor, name: str) -> None:
    if os.environ.get("KUNDENAKTE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        v.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def _open_inbox(v: Visitor, query: str = "") -> None:
    v.open("/inbox" + query)
    v.browser.wait_for_contains_text("#inbox-summary", "Zuordnung", timeout=WAIT)


GRID_ROWS_ANY = """
return Array.from(document.querySelectorAll(arguments[0] + ' .ag-center-cols-container .ag-row')).map(row => {
  const r = {};
  row.querySelectorAll('.ag-cell').forEach(c => { r[c.getAttribute('col-id')] = c.textContent.trim(); });
  return r;
});
"""


def _rows(v: Visitor) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = v.driver.execute_script(GRID_ROWS_ANY, "#inbox-grid")
    return rows


#: click the dropdown option whose text is arguments[0] (the list is drawn anew while options arrive)
CLICK_OPTION = """
const all = Array.from(document.querySelectorAll('.dash-dropdown-content [role=option], .dash-dropdown-content label'));
const hit = all.find(e => e.textContent.replace(/\\u00a0/g, ' ').trim() === arguments[0]);
if (!hit) { return false; }
hit.click();
return true;
"""


def _choose_target(v: Visitor, typed: str, option: str) -> None:
    """Open the target dropdown, type into its search field and click the option `option`."""
    v.browser.find_element("#inbox-target").click()
    field = v.wait(lambda: next(iter(v.driver.find_elements(By.CSS_SELECTOR, "input.dash-dropdown-search")), None),
                   "the search field")
    assert field.get_attribute("placeholder") == "Suchen"
    field.send_keys(typed)
    v.wait(lambda: v.driver.execute_script(CLICK_OPTION, option), f"the option {option!r}")
    v.wait(lambda: option in v.text("#inbox-target"), "the chosen target")


def test_support_assigns_an_inbox_mail_and_finds_it_on_the_record(visitor: Visitor) -> None:
    """Support (activities E): the inbox in the navigation (no forecast: neither pipeline nor billing); the freemail
    filter from the URL; the mail assigned to Kunde Sechs KG by the search; it leaves the inbox, the message says
    the address is remembered, and the record's timeline (its link) shows it."""
    _sign_in(visitor, "service")
    assert "Posteingang" in visitor.nav() and "Prognose" not in visitor.nav()
    _open_inbox(visitor, "?reason=freemail")
    rows = visitor.wait(lambda: _rows(visitor), "the freemail rows")
    assert [r["subject"] for r in rows] == ["Anfrage"] and rows[0]["reason_label"] == "Freemail-Adresse"
    assert "reason=freemail" in visitor.driver.current_url
    visitor.browser.find_element("#inbox-grid .ag-center-cols-container .ag-row").click()
    visitor.browser.wait_for_contains_text("#inbox-detail", "Freemail-Anbietern", timeout=WAIT)
    _choose_target(visitor, "Kunde Sechs", "Organisation: Kunde Sechs KG")
    visitor.wait(lambda: visitor.browser.find_element("#inbox-assign").is_enabled(), "the assign button")
    _screenshot(visitor, "inbox-support")
    visitor.browser.find_element("#inbox-assign").click()
    visitor.browser.wait_for_contains_text("#inbox-result", "Zugeordnet: Organisation: Kunde Sechs KG", timeout=WAIT)
    assert "max.mustermann1987@gmail.com" in visitor.text("#inbox-result")
    visitor.wait(lambda: _rows(visitor) == [], "the mail gone from the list")
    link = visitor.browser.find_element("#inbox-result a")
    assert link.get_attribute("href").endswith(record_href("o6"))
    link.click()
    visitor.browser.wait_for_contains_text("#record-header", "Kunde Sechs KG", timeout=WAIT)
    visitor.wait(lambda: "Anfrage" in visitor.text("#record-timeline"), "the mail on the record's timeline")
    visitor.sign_out()


def test_management_reads_the_inbox_without_assigning(visitor: Visitor) -> None:
    """Management (activities R): the list and an item's details, no assignment form."""
    _sign_in(visitor, "leitung")
    _open_inbox(visitor)
    visitor.wait(lambda: _rows(visitor), "the inbox rows")
    visitor.browser.find_element("#inbox-grid .ag-center-cols-container .ag-row").click()
    visitor.browser.wait_for_contains_text("#inbox-detail", "Grund", timeout=WAIT)
    assert not visitor.browser.find_element("#inbox-assign-form").is_displayed()
    _screenshot(visitor, "inbox-management")
    visitor.sign_out()


def test_sales_opens_the_forecast(visitor: Visitor) -> None:
    """Sales (pipeline E, billing R): the forecast from the navigation with chart, tiles and table: the weighted
    pipeline 10,550 (10,000 due now, 550 later), last month's 1,234.56; an agent without any (from the URL) shows
    the empty state."""
    _sign_in(visitor, "verkauf")
    assert {"Posteingang", "Prognose"} <= set(visitor.nav())
    visitor.follow("Prognose")
    visitor.wait(lambda: "Pipeline gewichtet" in visitor.text("#forecast-figures"), "the forecast's tiles")
    assert "10.550,00 €" in visitor.text("#forecast-figures")
    visitor.wait(lambda: visitor.driver.find_elements(By.CSS_SELECTOR, "#forecast-chart .bars path"), "the bars")
    assert "1.234,56 €" in visitor.text("#forecast-table")
    legend = visitor.texts("#forecast-chart .legendtext")
    assert legend == ["Umsatz fakturiert", "Pipeline gewichtet", "Umsatz im Monatsmittel"]
    _screenshot(visitor, "forecast-sales")
    visitor.open("/forecast?agent=a3")  # an agent with no opportunity and no account: the empty state
    visitor.wait(lambda: "Keine Zahlen" in visitor.text("#forecast-note"), "the empty state")
    visitor.sign_out()


def test_the_pages_in_english(visitor: Visitor) -> None:
    """Issue 20: a user whose profile says English reads both pages in English (labels, reasons, legend)."""
    _sign_in(visitor, "sales-en")
    assert {"Inbox", "Forecast"} <= set(visitor.nav())
    visitor.open("/inbox")
    visitor.wait(lambda: "waiting to be assigned" in visitor.text("#inbox-summary"), "the inbox summary")
    visitor.wait(lambda: _rows(visitor), "the inbox rows")
    assert "Ambiguous domain" in {r.get("reason_label") for r in _rows(visitor)}  # (the freemail one is assigned)
    _screenshot(visitor, "inbox-sales-en")
    visitor.open("/forecast")
    visitor.wait(lambda: "Weighted pipeline" in visitor.text("#forecast-figures"), "the forecast's tiles")
    assert "€10,550.00" in visitor.text("#forecast-figures")
    visitor.wait(lambda: visitor.texts("#forecast-chart .legendtext"), "the legend")
    assert visitor.texts("#forecast-chart .legendtext") == ["Revenue invoiced", "Weighted pipeline",
                                                            "Mean monthly revenue"]
    _screenshot(visitor, "forecast-sales-en")
    visitor.sign_out()
