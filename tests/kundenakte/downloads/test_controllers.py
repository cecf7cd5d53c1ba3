"""`/download/controllers.xlsx?as_of=`: the controllers' workbook as the signed-in user may see it, audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, update

from core.schema import AuditLogEntry, User
from core.vocabulary import Area, Level, Role
from services.policy import set_level
from services.users import SYSTEM
from tests.kundenakte.downloads.workbooks import book
from tests.kundenakte.export.controllers_data import seed_controllers
from tests.kundenakte.signin.helpers import dash_pages_cleared, sign_everyone_in, web_app

URL = "/download/controllers.xlsx?as_of=2026-03-15"


@pytest.fixture
def company(engine: Engine) -> Engine:
    return seed_controllers(engine)


@pytest.fixture
def client_as(company: Engine) -> Iterator[Any]:
    """A test client signed in as a user of the role asked for (with agent or contact links)."""
    def client(role: Role, **links: str) -> FlaskClient:
        with dash_pages_cleared():
            app = web_app(company)
        sign_everyone_in(app, company, f"user-{role.value}", role)
        if links:
            with company.begin() as conn:
                conn.execute(update(User).where(User.name == f"user-{role.value}").values(**links))
        return app.test_client()

    yield client


def actions(engine: Engine, who: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(r.action, r.subject) for r in conn.execute(
            select(AuditLogEntry.action, AuditLogEntry.subject).where(AuditLogEntry.who == who)
            .order_by(AuditLogEntry.id))]


def test_management_gets_every_sheet_at_the_date_and_it_is_audited(client_as: Any, company: Engine) -> None:
    response = client_as(Role.MANAGEMENT).get(URL)
    wb = book(response)
    assert "controlling-2026-03-15.xlsx" in response.headers["Content-Disposition"]
    assert wb.sheetnames == ["Kunden", "Interessenten", "Lieferanten", "Organisationen", "Konzentration Kunden",
                             "Konzentration Lieferanten", "Info"]
    info = {r[0]: r[1] for r in wb["Info"].iter_rows(values_only=True)}
    assert info["Stand (as of)"] == datetime(2026, 3, 15) and info["Exportiert von"] == "user-management"
    assert info["Quelle"] == "Kundenakte"  # no database address leaves the server
    assert len(wb["Konzentration Kunden"]._charts) == 1
    assert ("export", "/download/controllers.xlsx") in actions(company, "user-management")


def test_sales_gets_no_suppliers_and_no_concentration(client_as: Any) -> None:
    wb = book(client_as(Role.SALES, agent_id="ag1").get(URL))
    assert wb.sheetnames == ["Kunden", "Interessenten", "Organisationen", "Info"]


def test_an_external_contact_gets_its_own_organisation(client_as: Any) -> None:
    wb = book(client_as(Role.EXTERNAL, contact_id="x1").get(URL))
    assert wb.sheetnames == ["Organisationen", "Info"]
    assert [r[0] for r in wb["Organisationen"].iter_rows(min_row=2, values_only=True)] == ["c1"]


def test_refused_without_master_data_and_audited(client_as: Any, company: Engine) -> None:
    set_level(company, SYSTEM, Role.SUPPORT, Area.MASTER_DATA, Level.NONE)
    response = client_as(Role.SUPPORT).get(URL)
    assert response.status_code == 403 and b"PK" not in response.data[:2]
    log = actions(company, "user-support")
    assert ("denied", "read master_data") in log and "export" not in [a for a, _ in log]


@pytest.mark.parametrize("query", ["as_of=2026-13-01", "as_of=morgen"])
def test_a_malformed_date_is_400(client_as: Any, query: str) -> None:
    assert client_as(Role.MANAGEMENT).get(f"/download/controllers.xlsx?{query}").status_code == 400
