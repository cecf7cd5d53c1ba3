"""The lists of customers, prospects and suppliers in a real browser, signed in as a person (issue 20, item 2).

The world is tests/services/test_lists.py's, moved so that its as-of date is today (the shell's default).
Sales clicks "Top-Interessenten der letzten 60 Tage", sees the prospects of the quotes' window and opens
one with Enter; a pasted address restores the filtered customers; the Excel button downloads the rows
on screen. With KUNDENAKTE_SCREENSHOTS set, the pages are saved to docs/screenshots/<page>-<role>.png.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from dash.testing.application_runners import ThreadedRunner
from dash.testing.browser import Browser
from flask import Flask
from selenium.webdriver.common.keys import Keys
from sqlalchemy import Engine, update

from core.db import make_engine
from core.schema import User
from core.vocabulary import Role
from services.commands.account_numbers import assign_account_numbers
from tests.browser.test_roles import WAIT, Visitor, _moved
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account, dash_pages_cleared, web_app
from tests.services.test_lists import D, world
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
ACCOUNTS = {"verkauf": (Role.SALES, "ag1"), "buchhaltung": (Role.ACCOUNTING, None),
            "einkauf": (Role.PURCHASING, None), "leitung": (Role.MANAGEMENT, None)}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def lists_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("lists") / "kundenakte.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        from tests.conftest import _truncate_pg

        eng = make_engine(request.getfixturevalue("pg_database_url"))
        _truncate_pg(eng)
    days = date.today() - D
    seed(eng, {t: [{k: _moved(v, days) for k, v in r.items()} for r in rows] for t, rows in world().items()})
    with eng.begin() as conn:
        assign_account_numbers(conn, date.today())
    for name, (role, agent) in ACCOUNTS.items():
        add_account(eng, name, role, agent_id=agent)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def lists_app(lists_engine: Engine) -> Iterator[Flask]:
    with dash_pages_cleared():
        yield web_app(lists_engine, signin_limit_per_address="100/minute", signin_limit_per_name="20/minute")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("download")


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, lists_app: Flask, downloads: Path) -> Iterator[Visitor]:
    options = request.config.hook.pytest_setup_options()
    for option in options:
        option.add_argument("--lang=de-DE")
        option.add_argument("--accept-lang=de-DE,de")
    with ThreadedRunner() as server, Browser(
        browser=request.config.getoption("webdriver"), headless=request.config.getoption("headless"),
        options=options, download_path=str(downloads), percy_run=False,
    ) as browser:
        server.start(lists_app.extensions["kundenakte"]["dash"])
        yield Visitor(browser, server.url.rstrip("/"))


@pytest.fixture
def visitor(site: Visitor) -> Iterator[Visitor]:
    site.open("/healthz")
    site.driver.delete_all_cookies()
    site.browser.get_logs()
    yield site
    assert site.browser.get_logs() == []


def sign_in(visitor: Visitor, name: str) -> None:
    visitor.open("/login")
    visitor.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys(name)
    visitor.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
    visitor.browser.find_element("button.signin-submit").click()
    visitor.wait(lambda: "/login" not in visitor.driver.current_url and visitor.nav(), "the signed-in start page")


def names(visitor: Visitor, aspect: str, n: int) -> list[str]:
    return [r["name"] for r in visitor.all_rows(n, f"#lists-{aspect}-grid")]


def shot(visitor: Visitor, name: str) -> None:
    if os.environ.get("KUNDENAKTE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        time.sleep(0.5)
        visitor.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def test_sales_opens_a_top_prospect_with_enter(visitor: Visitor) -> None:
    """Sales: "Top-Interessenten der letzten 60 Tage" lists the prospects with a quote in the 60 days up to
    today, by amount (spec/analytics.md, prospect model `quotes`: D-59 counts, D-60 not); the address says
    view=top; Enter on the focused first row opens its record; Back returns to the same list."""
    sign_in(visitor, "verkauf")
    visitor.follow("Interessenten")
    assert names(visitor, "prospect", 6)[:3] == ["Pia Prospekt GmbH", "Rita Später OHG", "Peter Plan KG"]
    top = [b for b in visitor.browser.find_elements(".list-views button")
           if b.text == "Top-Interessenten der letzten 60 Tage"]
    assert top, visitor.texts(".list-views button")
    top[0].click()
    assert names(visitor, "prospect", 3) == ["Pia Prospekt GmbH", "Rita Später OHG", "Peter Plan KG"]
    visitor.wait(lambda: "view=top" in visitor.driver.current_url, "the view in the address")
    assert visitor.text("#lists-prospect-count") == "3 Treffer"
    assert visitor.texts("#lists-prospect-chips .chip")[0].startswith("Top-Interessenten")
    assert [b.get_attribute("aria-pressed") for b in visitor.browser.find_elements(".list-views button")] == [
        "false", "true", "false"]
    assert visitor.texts("#lists-prospect-grid .abc-badge") == ["A", "B", "B"]
    assert len(visitor.texts("#lists-prospect-grid .valid-quote")) == 3
    shot(visitor, "prospects-sales")
    cell = visitor.browser.find_element("#lists-prospect-grid .ag-row[row-index='0'] .ag-cell[col-id='city']")
    cell.click()
    cell.send_keys(Keys.ENTER)
    visitor.browser.wait_for_contains_text("#record-header", "Pia Prospekt GmbH", timeout=WAIT)
    visitor.driver.back()
    assert names(visitor, "prospect", 3) == ["Pia Prospekt GmbH", "Rita Später OHG", "Peter Plan KG"]
    assert "view=top" in visitor.driver.current_url


def test_a_pasted_address_restores_the_filtered_customers(visitor: Visitor) -> None:
    """/customers?abc=B&q=kunde: the B customers whose name has "kunde" (one), the search box and the chips
    say so; removing the letter's chip shows both customers with "kunde" and Back brings the filter again."""
    sign_in(visitor, "buchhaltung")
    visitor.open("/customers?abc=B&q=kunde")
    assert names(visitor, "customer", 1) == ["Beta Kunde AG"]
    assert visitor.browser.find_element("#lists-customer-search").get_attribute("value") == "kunde"
    assert visitor.texts("#lists-customer-chips .chip") == ["Buchstabe: B×", "Suche: kunde×"]
    letter_b = next(b for b in visitor.browser.find_elements(".list-letters button") if b.text.endswith("B"))
    assert letter_b.get_attribute("aria-pressed") == "true"
    shot(visitor, "customers-accounting")
    visitor.browser.find_element("#lists-customer-chips .chip-remove").click()
    assert names(visitor, "customer", 2) == ["Alpha Kunde GmbH", "Beta Kunde AG"]
    visitor.wait(lambda: "abc=" not in visitor.driver.current_url, "the letter out of the address")
    visitor.driver.back()
    assert names(visitor, "customer", 1) == ["Beta Kunde AG"]


def test_the_excel_button_downloads_the_rows_on_screen(visitor: Visitor, downloads: Path) -> None:
    """Purchasing's suppliers: the Excel button hands out the workbook of the list as shown."""
    sign_in(visitor, "einkauf")
    visitor.open("/suppliers")
    assert names(visitor, "supplier", 2) == ["Sigma Lieferant GmbH", "Tau Teile AG"]
    shot(visitor, "suppliers-purchasing")
    for old in downloads.glob("*.xlsx"):
        old.unlink()
    visitor.browser.find_element("#lists-supplier-download").click()
    found = visitor.wait(lambda: [p for p in downloads.glob("*.xlsx") if p.stat().st_size > 0], "the workbook")
    time.sleep(0.5)
    book = openpyxl.load_workbook(found[0])
    assert [r[0] for r in list(book["Lieferanten"].iter_rows(values_only=True))[1:]] == ["s1", "s2"]


def test_management_in_english(visitor: Visitor, lists_engine: Engine) -> None:
    """The list in English for a user whose profile says so: labels, the count and the money."""
    with lists_engine.begin() as conn:
        conn.execute(update(User).where(User.name == "leitung").values(locale="en"))
    try:
        sign_in(visitor, "leitung")
        visitor.open("/customers")
        assert names(visitor, "customer", 4)[0] == "Alpha Kunde GmbH"
        assert "Top customers of the last 12 months" in visitor.texts(".list-views button")
        assert visitor.text("#lists-customer-count") == "4 results"
        assert "€5,000.00" in visitor.text("#lists-customer-grid")
        shot(visitor, "customers-management-en")
        visitor.open("/organisations")
        visitor.wait(lambda: visitor.grid_rows(), "the organisation list")
        shot(visitor, "organisations-management-en")
    finally:
        with lists_engine.begin() as conn:
            conn.execute(update(User).where(User.name == "leitung").values(locale="de"))
