"""The ABC and concentration pages in a real browser (issue 20, item 4 and the newcomer's fixes), signed in through
the form: management sees the Pareto and the Lorenz curve, grouping by parent group relabels the axes as groups,
the page's Excel link downloads that view; the ABC warnings follow the chosen relationship; movement dates in the
wrong order are refused with a message; a role without analytics gets a clear message instead of empty charts.

The world is tests/kundenakte/orgdata.py (as of 15.03.2026, opened with `?as_of=2026-03-15`) with invoice numbers.
With KUNDENAKTE_SCREENSHOTS set, the pages are saved as docs/screenshots/<page>-<role>.png.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import Engine, update

from core.schema import User
from core.vocabulary import Role
from tests.browser.conftest import backend_engine, served
from tests.browser.test_roles import Visitor
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.kundenakte.signin.helpers import TEST_PASSWORD, add_account, dash_pages_cleared, web_app
from tests.support import seed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
WAIT = 30
DAY = AS_OF.isoformat()

#: sign-in name -> (role, language)
ACCOUNTS: dict[str, tuple[Role, str]] = {
    "leitung": (Role.MANAGEMENT, "de"),
    "leitung-en": (Role.MANAGEMENT, "en"),
    "buchhaltung": (Role.ACCOUNTING, "de"),
    "einkauf": (Role.PURCHASING, "de"),
    "verkauf": (Role.SALES, "de"),
}

#: the workbook behind the page's link, fetched with the page's session: status, type and the bytes as base64
FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'}).then(async r => {
  const bytes = new Uint8Array(await r.arrayBuffer());
  let text = ''; bytes.forEach(b => { text += String.fromCharCode(b); });
  done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), btoa(text)]);
}).catch(e => done([0, String(e), '', '']));
"""


def world() -> dict[str, list[dict[str, Any]]]:
    """The org-list world with invoice numbers (the record shows them): `RE-2026-0001` for i01 ..."""
    data = org_list_data()
    for i, invoice in enumerate(data["invoices"], start=1):
        invoice["number"] = f"RE-2026-{i:04d}"
    return data


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def pages_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The world on a freshly migrated database of each backend, with one account per person of ACCOUNTS."""
    eng = backend_engine(request, tmp_path_factory)
    seed(eng, world())
    for name, (role, locale) in ACCOUNTS.items():
        add_account(eng, name, role)
        with eng.begin() as conn:
            conn.execute(update(User).where(User.name == name).values(locale=locale))
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def pages_app(pages_engine: Engine) -> Iterator[Flask]:
    with dash_pages_cleared():
        yield web_app(pages_engine, signin_limit_per_address="100/minute", signin_limit_per_name="20/minute")


class Person(Visitor):
    """A person at the browser (tests/browser/test_roles.py's Visitor), landing wherever the sign-in leads."""

    def sign_in(self, name: str) -> None:
        """The sign-in form (opened twice: the first visit's favicon request may start a second session), then the
        navigation of the page it leads to."""
        self.open("/login")
        self.browser.wait_for_element("#signin-name", timeout=WAIT)
        self.open("/login")
        self.browser.wait_for_element("#signin-name", timeout=WAIT).send_keys(name)
        self.browser.find_element("#signin-password").send_keys(TEST_PASSWORD)
        self.browser.find_element("button.signin-submit").click()
        self.wait(lambda: "/login" not in self.driver.current_url and self.nav(), "the navigation after signing in")

    def shot(self, name: str) -> None:
        """The page as it is now into docs/screenshots/<name>.png (only with KUNDENAKTE_SCREENSHOTS set)."""
        if not os.environ.get("KUNDENAKTE_SCREENSHOTS"):
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlparse(self.driver.current_url).query)

    def axis_title(self, graph: str) -> str:
        return self.text(f"#{graph} .g-xtitle")

    def curves_drawn(self) -> bool:
        """Both graphs have their lines (Pareto: one trace; Lorenz: the diagonal and the curve)."""
        return (len(self.driver.find_elements("css selector", "#concentration-pareto .scatterlayer .trace")) == 1
                and len(self.driver.find_elements("css selector", "#concentration-lorenz .scatterlayer .trace"))
                == 2)

    def tab(self, tabs: str, label: str) -> None:
        """Click the tab `label` of the dcc.Tabs `tabs`."""
        found = [e for e in self.browser.find_elements(f"#{tabs} .tab") if e.text.strip() == label]
        assert found, f"no tab {label!r} in {self.texts(f'#{tabs} .tab')}"
        found[0].click()

    def checked(self, radio: str) -> str | None:
        """The value of the checked option of the radio items `radio` (None: no such radio items)."""
        found: str | None = self.driver.execute_script(
            "const e = document.querySelector('#' + arguments[0] + ' input:checked'); return e ? e.value : null;",
            radio)
        return found

    def choose(self, radio: str, label: str) -> None:
        """Click the option `label` of the radio items `radio`."""
        found = [e for e in self.browser.find_elements(f"#{radio} label") if e.text.strip() == label]
        assert found, f"no option {label!r} in {self.texts(f'#{radio} label')}"
        found[0].click()


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, pages_app: Flask,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Person]:
    with served(request, pages_app, tmp_path_factory) as (browser, url):
        yield Person(browser, url)


@pytest.fixture
def person(site: Person) -> Iterator[Person]:
    """The browser without cookies or stored state; no console errors during the test."""
    site.open("/healthz")
    site.driver.delete_all_cookies()
    site.driver.execute_script("window.sessionStorage.clear(); window.localStorage.clear();")
    site.browser.get_logs()
    yield site
    assert site.browser.get_logs() == []


# --- concentration -----------------------------------------------------------------------------------------------


def test_management_sees_both_curves_groups_and_downloads_the_view(person: Person) -> None:
    """Issue 20: the Pareto curve and beside it the Lorenz curve with the diagonal and the Gini in its legend
    (spec/analytics.md, "Concentration risk"); "je Gruppe" adds Delta to Alpha, its root, and relabels the axes
    as groups; aspect, grouping and tab stay in the address; the Excel link downloads that view."""
    person.sign_in("leitung")
    person.open(f"/concentration?as_of={DAY}")
    person.wait(person.curves_drawn, "both curves")
    person.wait(lambda: "Lorenz-Kurve (Gini" in person.text("#concentration-lorenz .legend"), "the Gini legend")
    assert "Gleichverteilung" in person.text("#concentration-lorenz .legend")
    assert person.axis_title("concentration-pareto") == "Anteil der Organisationen, größte zuerst"
    assert person.axis_title("concentration-lorenz") == "Anteil der Organisationen, kleinste zuerst"
    assert "20 %" in person.texts("#concentration-lorenz .xtick text")
    assert person.text("#concentration-figures .tile-title").startswith("Organisationen")
    person.shot("concentration-management")

    person.choose("concentration-by", "je Gruppe")
    person.wait(lambda: person.axis_title("concentration-pareto") == "Anteil der Gruppen, größte zuerst",
                "the axis relabelled as groups")
    assert person.axis_title("concentration-lorenz") == "Anteil der Gruppen, kleinste zuerst"
    assert person.texts("#concentration-figures .tile-value")[0] == "3"  # Alpha with Delta, Beta, Gamma
    assert person.query()["by"] == ["group"] and person.query()["as_of"] == [DAY]

    link = person.browser.find_element("#concentration-download")
    href = link.get_attribute("href")
    assert link.get_attribute("download") is not None and "by=group" in href and f"as_of={DAY}" in href
    status, kind, disposition, body = person.driver.execute_async_script(FETCH, href)
    assert status == 200 and kind.startswith("application/vnd.openxmlformats")
    assert "konzentration-umsatz-group-2026-03-15.xlsx" in disposition
    book = openpyxl.load_workbook(BytesIO(base64.b64decode(body)))
    figures = {r[0]: r[1] for r in book["Kennzahlen"].iter_rows(min_row=2, values_only=True)}
    assert figures["Anzahl Gruppen"] == 3 and len(book["Kennzahlen"]._charts) == 1

    person.tab("concentration-tab", "Auffällige")
    person.wait(lambda: "Gruppe Alpha GmbH" in person.text("#concentration-flagged"), "the flagged groups")
    assert person.query()["tab"] == ["flagged"]
    person.open(f"/concentration?aspect=customer&by=group&tab=flagged&as_of={DAY}")  # the address restores it
    person.wait(lambda: "Gruppe Alpha GmbH" in person.text("#concentration-flagged"), "the restored view")
    assert person.checked("concentration-by") == "group"
    assert person.text("#concentration-tab .tab--selected") == "Auffällige"
    person.sign_out()


def test_purchasing_sees_purchases_only(person: Person) -> None:
    """Spec/analytics.md, "Security": purchasing reads analytics and purchasing, not billing: the page offers the
    purchases only (100 + 100 of incoming invoices)."""
    person.sign_in("einkauf")
    person.open(f"/concentration?aspect=customer&as_of={DAY}")  # revenue in the address: not theirs
    person.wait(person.curves_drawn, "both curves")
    assert person.texts("#concentration-aspect label") == ["Einkauf (Lieferanten)"]
    assert "Summe 200,00 €" in person.text("#concentration-figures")
    person.shot("concentration-purchasing")
    person.sign_out()


def test_accounting_sees_revenue_and_purchases(person: Person) -> None:
    """Accounting reads analytics, billing and purchasing: both aspects."""
    person.sign_in("buchhaltung")
    person.open(f"/concentration?as_of={DAY}")
    person.wait(person.curves_drawn, "both curves")
    assert person.texts("#concentration-aspect label") == ["Umsatz (Kunden)", "Einkauf (Lieferanten)"]
    person.shot("concentration-accounting")
    person.sign_out()


def test_a_role_without_analytics_gets_a_message_not_empty_charts(person: Person) -> None:
    """Sales may not read analytics (spec/analytics.md, "Security"): opening /concentration by its address shows
    what is missing and who can grant it, no chart, no figure and no download link."""
    person.sign_in("verkauf")
    assert "Konzentration" not in person.nav()
    person.open(f"/concentration?as_of={DAY}")
    person.wait(lambda: "Leserechte für Analysen" in person.page_text(), "the message")
    assert person.texts(".js-plotly-plot") == [] and person.texts("#concentration-download") == []
    assert "€" not in person.page_text()
    person.shot("concentration-sales")
    person.sign_out()


def test_concentration_in_english(person: Person) -> None:
    """Issue 20 (texts): the page in the user's language, the axes' percent and numbers in English."""
    person.sign_in("leitung-en")
    person.open(f"/concentration?by=group&as_of={DAY}")
    person.wait(person.curves_drawn, "both curves")
    person.wait(lambda: person.axis_title("concentration-pareto") == "Share of groups, largest first", "English")
    assert "20%" in person.texts("#concentration-lorenz .xtick text")
    assert "Lorenz curve (Gini 0." in person.text("#concentration-lorenz .legend")
    assert person.text("#concentration-download") == "Download Excel"
    person.shot("concentration-management-en")
    person.sign_out()


# --- ABC -----------------------------------------------------------------------------------------------------------


def test_abc_warnings_follow_the_aspect(person: Person) -> None:
    """Issue 20: the warnings tab lists the chosen relationship's warnings: customers' high shares of revenue, then
    (another relationship chosen) the suppliers' high shares of purchases, with the heading naming them."""
    person.sign_in("leitung")
    person.open(f"/abc?aspect=customer&view=warnings&as_of={DAY}")
    person.wait(lambda: "des Kundenumsatzes" in person.text("#abc-warnings"), "the customers' warnings")
    assert "Einkaufsvolumens" not in person.text("#abc-warnings")
    assert person.text("#abc-warnings-title") == "Warnungen: Kunden"
    person.choose("abc-aspect", "Lieferanten")
    person.wait(lambda: "des Einkaufsvolumens" in person.text("#abc-warnings"), "the suppliers' warnings")
    assert "Kundenumsatzes" not in person.text("#abc-warnings") and "Eta GmbH" in person.text("#abc-warnings")
    assert person.text("#abc-warnings-title") == "Warnungen: Lieferanten"
    assert person.query()["aspect"] == ["supplier"] and person.query()["view"] == ["warnings"]
    person.shot("abc-management")
    person.sign_out()


def test_reversed_movement_dates_show_a_message(person: Person) -> None:
    """Issue 20: "vorher" after "nachher" is refused with a message on the page (role alert), not compared the
    other way round; the explain panel names an invoice by its number, as the record does."""
    person.sign_in("leitung")
    person.open(f"/abc?aspect=customer&view=movements&before={DAY}&after=2025-12-31&as_of={DAY}")
    person.wait(lambda: "liegt nach" in person.text("#abc-matrix"), "the refusal")
    alert = person.text("#abc-matrix [role=alert]")
    assert alert.startswith("„vorher“ (15.03.2026) liegt nach „nachher“ (31.12.2025)")
    assert person.grid_rows("#abc-moved") == []
    person.shot("abc-movements-management")

    person.open(f"/abc?aspect=customer&as_of={DAY}")
    person.wait(lambda: person.grid_rows("#abc-grid"), "the ABC rows")
    person.browser.find_element("#abc-grid .ag-row[row-id='o01'] .ag-cell[col-id='class']").click()
    person.wait(lambda: "RE-2026-0001" in person.text("#abc-explain"), "the invoice number in the explanation")
    assert "i01" not in person.text("#abc-explain")
    person.sign_out()
