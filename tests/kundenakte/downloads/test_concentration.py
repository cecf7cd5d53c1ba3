"""`/download/concentration.xlsx`: the concentration page as a workbook (spec/analytics.md, "Concentration risk"
and "Security: need-to-know"; issue 20): figures, flagged, curves with a chart, an info sheet; money as euro
numbers, ids as text, formula-like text quoted (OWASP ASVS 1.2.10); refused as 403 with an audit entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from core.vocabulary import Role
from kundenakte.export.workbook import MONEY_FORMAT
from services.audit import entries
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.kundenakte.signin.helpers import add_account, dash_pages_cleared, sign_in, web_app
from tests.support import seed

#: a name and an id a spreadsheet would evaluate if they were written as they are
HOSTILE_NAME = '=HYPERLINK("http://evil.example","klick")'
HOSTILE_ID = "-o13"
URL = f"/download/concentration.xlsx?aspect=customer&by=organisation&as_of={AS_OF.isoformat()}"


def _data() -> dict[str, list[dict[str, Any]]]:
    data = org_list_data()
    data["organisations"].append({"id": HOSTILE_ID, "name": HOSTILE_NAME})
    data["invoices"].append({"id": "i13", "organisation_id": HOSTILE_ID, "invoice_date": "2026-03-01",
                             "amount_net": 4000.0, "status": "open", "dunning_level": 0})
    return data


@pytest.fixture
def web(engine: Engine, fast_hashing: None) -> Iterator[Flask]:
    """The web app as it runs (nobody signed in), on the org-list world plus a customer with a hostile name, and one
    account per role that matters here."""
    seed(engine, _data())
    for name, role in (("leitung", Role.MANAGEMENT), ("verkauf", Role.SALES), ("einkauf", Role.PURCHASING),
                       ("buchhaltung", Role.ACCOUNTING)):
        add_account(engine, name, role)
    with dash_pages_cleared():
        yield web_app(engine, signin_limit_per_address="100/minute")


def _client(web: Flask, name: str) -> FlaskClient:
    client = web.test_client()
    assert sign_in(client, name).status_code in (302, 303)
    return client


def test_workbook_sheets_chart_formats_and_quoting(web: Flask) -> None:
    """Management downloads the page's view: sheets Kennzahlen (with the Pareto chart), Auffällig, Kurven, Info;
    the total in euros as a number, HHI and Gini as numbers, shares as percent; ids as text; the hostile name
    stays text with the quote prefix; the info sheet names the date, the exporter and the filters."""
    resp = _client(web, "leitung").get(URL)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "konzentration-umsatz-organisation-2026-03-15.xlsx" in resp.headers["Content-Disposition"]
    book = openpyxl.load_workbook(BytesIO(resp.data))
    assert book.sheetnames == ["Kennzahlen", "Auffällig", "Kurven", "Info"]

    figures = {r[0].value: r[1] for r in book["Kennzahlen"].iter_rows(min_row=2)}
    # 6234.56 (o01) + 3000 (o02) + 3000 (o03) + 800 (o04) + 4000 (the hostile one) in the 365 days up to D
    total = figures["Summe"]
    assert total.value == pytest.approx(17034.56) and total.number_format == MONEY_FORMAT
    assert figures["Anzahl Organisationen"].value == 5
    assert isinstance(figures["HHI"].value, float) and figures["HHI"].value > 0
    assert 0 < figures["Gini"].value < 1 and figures["Gini"].number_format == "0.000"
    assert figures["Anteil der größten 20 %"].number_format == "0.0%"
    assert figures["Anteil der größten 20 %"].value == pytest.approx(6234.56 / 17034.56)
    charts = book["Kennzahlen"]._charts
    assert len(charts) == 1 and len(charts[0].series) == 3  # Pareto, Lorenz, the diagonal

    flagged = list(book["Auffällig"].iter_rows(min_row=2))
    by_id = {r[0].value: r for r in flagged}
    assert set(by_id) == {"o01", "o02", "o03", HOSTILE_ID}  # 800 of 17034.56 is 4.7 %: Delta is not flagged
    hostile = by_id[HOSTILE_ID]
    assert hostile[0].data_type == "s" and hostile[0].quotePrefix  # an id starting with "-" is text, quoted
    assert hostile[1].value == HOSTILE_NAME and hostile[1].data_type == "s" and hostile[1].quotePrefix
    assert not by_id["o01"][0].quotePrefix and by_id["o01"][1].value == "Alpha GmbH"
    assert by_id["o01"][2].value == pytest.approx(6234.56) and by_id["o01"][2].number_format == MONEY_FORMAT
    assert by_id["o01"][3].number_format == "0.0%"

    curves = list(book["Kurven"].iter_rows(min_row=2, values_only=True))
    assert curves[0] == (0.0, 0.0, 0.0) and curves[-1] == (1.0, pytest.approx(1.0), pytest.approx(1.0))
    assert curves[1][2] == pytest.approx(800 / 17034.56)  # Lorenz: the smallest first

    info = {r[0].value: r[1].value for r in book["Info"].iter_rows(min_row=2)}
    assert info["Stand (as of)"] == datetime(2026, 3, 15) and info["Exportiert von"] == "leitung"
    assert info["Filter: Auswertung"].startswith("Umsatz") and info["Filter: Gruppierung"] == "je Organisation"
    assert info["Filter: Zeitfenster"] == "365 Tage bis zum Stand"
    assert [e.action for e in entries(web.extensions["kundenakte"]["engine"], who="leitung")][:1] == ["export"]


def test_groups_count_group_roots(web: Flask) -> None:
    """By group (spec/analytics.md): Delta's revenue is added to Alpha, its root; the sheets say groups."""
    resp = _client(web, "leitung").get(URL.replace("by=organisation", "by=group"))
    book = openpyxl.load_workbook(BytesIO(resp.data))
    figures = {r[0].value: r[1].value for r in book["Kennzahlen"].iter_rows(min_row=2)}
    assert figures["Anzahl Gruppen"] == 4
    flagged = {r[0]: r[2] for r in book["Auffällig"].iter_rows(min_row=2, values_only=True)}
    assert flagged["o01"] == pytest.approx(7034.56) and "o04" not in flagged
    assert book["Auffällig"]["A1"].value == "Gruppe: ID"


@pytest.mark.parametrize(("name", "url", "denied"), [
    ("verkauf", URL, "read analytics"),  # sales reads billing but not analytics
    ("einkauf", URL, "read billing"),  # purchasing reads analytics, but revenue is billing
])
def test_refused_with_403_and_audited(web: Flask, name: str, url: str, denied: str) -> None:
    """Need-to-know: concentration needs analytics and the aspect's own area; a refusal is 403, carries no figure,
    and is written to the audit log."""
    resp = _client(web, name).get(url)
    assert resp.status_code == 403 and b"Alpha" not in resp.data and b"PK" not in resp.data[:2]
    log = entries(web.extensions["kundenakte"]["engine"], who=name)
    assert [(e.action, e.subject) for e in log][:1] == [("denied", denied)]
    assert "export" not in [e.action for e in log]


def test_purchasing_may_download_the_suppliers(web: Flask) -> None:
    """Purchasing reads analytics and purchasing: the suppliers' workbook is theirs."""
    resp = _client(web, "einkauf").get(URL.replace("aspect=customer", "aspect=supplier"))
    assert resp.status_code == 200
    figures = {r[0].value: r[1].value for r in openpyxl.load_workbook(BytesIO(resp.data))["Kennzahlen"]
               .iter_rows(min_row=2)}
    assert figures["Summe"] == pytest.approx(200.0)  # e1 and e2, 100 each


@pytest.mark.parametrize("query", ["aspect=prospect", "aspect=customer&by=team", "aspect=customer&as_of=15.03.2026",
                                   "aspect=customer&window=0", "aspect=customer&window=-5", "aspect=%00"])
def test_malformed_queries_are_400(web: Flask, query: str) -> None:
    """Wrong usage is 400 and writes no workbook (an unknown aspect, grouping, date or window)."""
    resp = _client(web, "leitung").get("/download/concentration.xlsx?" + query)
    assert resp.status_code == 400


def test_nobody_signed_in_gets_no_workbook(web: Flask) -> None:
    """The sign-in gate covers downloads: no session, no file."""
    resp = web.test_client().get(URL)
    assert resp.status_code in (302, 401) and b"PK" not in resp.data[:2]
