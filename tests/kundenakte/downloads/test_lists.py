"""The lists' workbooks (`/download/<list>.xlsx`): exactly the rows, filters and date on screen, as the user may
see them (spec/analytics.md, "Security: need-to-know"; OWASP ASVS 1.2.10 for texts that look like formulas)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from core.schema import AuditLogEntry
from core.vocabulary import Role
from services.commands.account_numbers import assign_account_numbers
from tests.kundenakte.downloads.workbooks import book
from tests.kundenakte.signin.helpers import dash_pages_cleared, sign_everyone_in, web_app
from tests.services.test_lists import D, world
from tests.support import seed

HOSTILE = '=HYPERLINK("x") Delta'


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    data = world()
    data["contacts"] = [{"id": "x1", "organisation_id": "c1", "last_name": "Extern"}]
    seed(engine, data)
    with engine.begin() as conn:
        assign_account_numbers(conn, D)
    return engine


@pytest.fixture
def client_as(seeded: Engine) -> Iterator[Any]:
    """A test client signed in as a user of the role asked for (one app per role)."""
    made: list[Flask] = []

    def client(role: Role, **links: str) -> FlaskClient:
        with dash_pages_cleared():
            app = web_app(seeded)
        sign_everyone_in(app, seeded, f"user-{role.value}", role)
        if links:
            from sqlalchemy import update

            from core.schema import User

            with seeded.begin() as conn:
                conn.execute(update(User).where(User.name == f"user-{role.value}").values(**links))
        made.append(app)
        return app.test_client()

    yield client


def test_customers_workbook_is_the_filtered_list(client_as: Any) -> None:
    """/download/customers.xlsx?abc=B&as_of=...: the B customers at D (spec: 365 days of invoices), a real sheet:
    frozen header, autofilter, money as numbers in euro, the id and number as text, an Info sheet."""
    client = client_as(Role.ACCOUNTING)
    wb = book(client.get("/download/customers.xlsx?abc=B&as_of=2026-03-15"))
    assert wb.sheetnames == ["Kunden", "Info"]
    sheet = wb["Kunden"]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert header[:5] == ["ID", "ABC", "Rang", "Name", "Kennzahl invoices (365 Tage)"]
    assert [r[0] for r in values[1:]] == ["c2", "c4"] and {r[1] for r in values[1:]} == {"B"}
    assert sheet.freeze_panes == "E2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    metric = sheet.cell(row=2, column=5)
    assert metric.value == 1000 and isinstance(metric.value, int | float) and "€" in metric.number_format
    number = sheet.cell(row=2, column=header.index("Kundennummer") + 1)
    assert isinstance(number.value, str) and number.value.isdigit()
    info = {r[0]: r[1] for r in wb["Info"].iter_rows(values_only=True)}
    assert info["Stand (as of)"] == datetime(2026, 3, 15) and info["Exportiert von"] == "user-accounting"
    assert info["Filter: ABC-Buchstabe"] == "B" and info["Zeilen"] == 2


def test_hostile_names_stay_text_with_the_quote_prefix(client_as: Any) -> None:
    """ASVS 1.2.10: a name or city starting with = or + is a text cell with quotePrefix, never a formula."""
    wb = book(client_as(Role.ACCOUNTING).get("/download/customers.xlsx?q=delta&as_of=2026-03-15"))
    sheet = wb["Kunden"]
    name = sheet.cell(row=2, column=4)
    city = sheet.cell(row=2, column=8)
    assert name.value == HOSTILE and name.data_type == "s" and name.quotePrefix
    assert city.value == "+49 Stadt" and city.data_type == "s" and city.quotePrefix
    assert not sheet.cell(row=2, column=1).quotePrefix  # an ordinary text is written as it is


def test_prospects_workbook_top_view_with_dates(client_as: Any) -> None:
    """Top prospects of the 60 days (spec): the same three as the page; the valid quote as yes/no."""
    wb = book(client_as(Role.SALES).get("/download/prospects.xlsx?view=top60&as_of=2026-03-15"))
    values = list(wb["Interessenten"].iter_rows(values_only=True))
    header = list(values[0])
    assert [r[0] for r in values[1:]] == ["p1", "p5", "p3"]
    assert [r[header.index("Angebot gültig")] for r in values[1:]] == [True, True, True]


def test_refused_for_a_role_without_the_area_and_audited(client_as: Any, seeded: Engine) -> None:
    """Purchasing may not read billing: 403 for the customers' workbook and an audit entry; a bad query is 400."""
    client = client_as(Role.PURCHASING)
    assert client.get("/download/customers.xlsx").status_code == 403
    assert client.get("/download/prospects.xlsx").status_code == 403
    assert client.get("/download/suppliers.xlsx?abc=Z").status_code == 400
    assert client.get("/download/suppliers.xlsx").status_code == 200
    with seeded.connect() as conn:
        actions = [r.action for r in conn.execute(select(AuditLogEntry.action).where(
            AuditLogEntry.who == "user-purchasing")).all()]
    assert actions.count("denied") >= 2 and "export" in actions


def test_external_user_gets_nothing_of_others(client_as: Any) -> None:
    """An external user reads no list area (403) and the organisation list holds its own organisation only."""
    client = client_as(Role.EXTERNAL, contact_id="x1")
    for name in ("customers", "prospects", "suppliers"):
        assert client.get(f"/download/{name}.xlsx").status_code == 403
    wb = book(client.get("/download/organisations.xlsx?as_of=2026-03-15"))
    ids = [r[0] for r in list(wb["Organisationen"].iter_rows(values_only=True))[1:]]
    assert ids == ["c1"]


def test_organisation_workbook_takes_the_grids_filter_and_sort(client_as: Any) -> None:
    """/download/organisations.xlsx?filter=<AG Grid model>&sort=name:desc: the grid's rows in its order; a
    malformed filter is 400, a column the whitelist does not know too."""
    client = client_as(Role.MANAGEMENT)
    model = {"city": {"filterType": "text", "type": "equals", "filter": "Darmstadt"}}
    wb = book(client.get("/download/organisations.xlsx", query_string={
        "filter": json.dumps(model), "sort": "name:desc", "as_of": "2026-03-15"}))
    ids = [r[0] for r in list(wb["Organisationen"].iter_rows(values_only=True))[1:]]
    assert ids == ["c2", "c1"]
    info = {r[0]: r[1] for r in wb["Info"].iter_rows(values_only=True)}
    assert "Darmstadt" in info["Filter: Spaltenfilter"] and info["Exportiert von"] == "user-management"
    assert client.get("/download/organisations.xlsx?filter=[1]").status_code == 400
    assert client.get("/download/organisations.xlsx?filter=%7B").status_code == 400
    assert client.get("/download/organisations.xlsx?sort=vat_id:asc").status_code == 400


def csv_lines(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the umlauts
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_customers_csv_is_the_filtered_list_in_german(client_as: Any, seeded: Engine) -> None:
    """/download/customers.csv with the page's query: the same rows as the workbook, `;`, decimal comma, dates
    dd.mm.yyyy, a name that starts like a formula with a leading ', and the download audited."""
    client = client_as(Role.ACCOUNTING)
    response = client.get("/download/customers.csv?abc=B&as_of=2026-03-15")
    assert "customers-2026-03-15.csv" in response.headers["Content-Disposition"]
    lines = csv_lines(response)
    assert lines[0][:5] == ["ID", "ABC", "Rang", "Name", "Kennzahl invoices (365 Tage)"]
    assert [r[0] for r in lines[1:]] == ["c2", "c4"] and lines[1][4] == "1000,00"
    hostile = csv_lines(client.get("/download/customers.csv?q=delta&as_of=2026-03-15"))[1]
    assert hostile[3] == "'" + HOSTILE and hostile[7] == "'+49 Stadt"
    with seeded.connect() as conn:
        subjects = [r.subject for r in conn.execute(select(AuditLogEntry.subject).where(
            AuditLogEntry.who == "user-accounting", AuditLogEntry.action == "export")).all()]
    assert subjects == ["/download/customers.csv", "/download/customers.csv"]


def test_csv_refused_like_the_workbook(client_as: Any) -> None:
    client = client_as(Role.PURCHASING)
    assert client.get("/download/customers.csv").status_code == 403
    assert client.get("/download/suppliers.csv?sort=vat_id:asc").status_code == 400
    assert [r[0] for r in csv_lines(client.get("/download/suppliers.csv?as_of=2026-03-15"))[1:]] == ["s1", "s2"]
