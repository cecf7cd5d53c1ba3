"""The dashboard's writes over the API (issue 21): a supplier rating (interchange.md, supplier_ratings) and a
relationship fixed by hand (spec/analytics.md, "Relationships"), each as the token's user through the policy,
refusals audited and nothing written; a token needs the `write` scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from core.schema import AuditLogEntry, Organisation, SupplierRating
from core.vocabulary import Role, TokenScope
from services.commands.tokens import create_token
from services.users import SYSTEM
from tests.access_world import access_data
from tests.kundenakte.signin.helpers import add_account, dash_pages_cleared, sign_in, web_app
from tests.services.ratings_world import ratings_data
from tests.support import seed

TODAY = date.today().isoformat()
#: the ratings the ratings world starts with
KEPT = len(ratings_data()["supplier_ratings"])


def bearer(engine: Engine, user: str, scope: TokenScope = TokenScope.WRITE) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(engine, SYSTEM, user, scope).token}"}


def audit(engine: Engine) -> list[tuple[str, str, str, str | None]]:
    a = AuditLogEntry
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(a.who, a.action, a.subject, a.why).order_by(a.id))]


@pytest.fixture
def client(engine: Engine) -> Iterator[FlaskClient]:
    with dash_pages_cleared():
        app: Flask = web_app(engine)
        yield app.test_client()


# --- a supplier rating -------------------------------------------------------------------------------------


@pytest.fixture
def suppliers(engine: Engine) -> Engine:
    """s1..s3 suppliers, c1 a customer (ratings world); purchasing edits ratings, accounting reads them."""
    seed(engine, ratings_data())
    add_account(engine, "einkauf", Role.PURCHASING, agent_id="ag5")
    add_account(engine, "buchhaltung", Role.ACCOUNTING)
    return engine


def ratings(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SupplierRating)).scalar_one())


def rating(**changes: Any) -> dict[str, Any]:
    return {"rated_at": TODAY, "time": 3, "quality": 4.5, "cost": 2, "note": "Lieferung pünktlich", **changes}


def test_purchasing_rates_a_supplier_with_a_write_token(suppliers: Engine, client: FlaskClient) -> None:
    answer = client.post("/api/v1/organisations/s2/ratings", json=rating(), headers=bearer(suppliers, "einkauf"))
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["organisation_id"] == "s2" and body["id"].startswith("R-")
    with suppliers.connect() as conn:
        stored = conn.execute(select(SupplierRating).where(SupplierRating.id == body["id"])).one()
    assert (stored.rated_at.isoformat(), stored.time, stored.quality, stored.cost, stored.agent_id, stored.note) == (
        TODAY, 3, 4.5, 2, "ag5", "Lieferung pünktlich")
    actions = [(who, action) for who, action, _s, _w in audit(suppliers)]
    assert ("einkauf", "token_write") in actions and ("einkauf", "rating_added") in actions


def test_a_rating_needs_a_write_token_and_the_right_role(suppliers: Engine, client: FlaskClient) -> None:
    url = "/api/v1/organisations/s2/ratings"
    assert client.post(url, json=rating()).status_code == 401
    for scope in (TokenScope.READ, TokenScope.IMPORT):
        refused = client.post(url, json=rating(), headers=bearer(suppliers, "einkauf", scope))
        assert refused.status_code == 403 and refused.get_json() == {
            "error": "insufficient_scope", "scope": scope.value, "needs": "write"}
    # accounting reads purchasing but may not rate: the policy refuses, the refusal is audited
    refused = client.post(url, json=rating(), headers=bearer(suppliers, "buchhaltung"))
    assert refused.status_code == 403 and refused.get_json()["kind"] == "Forbidden"
    assert ("buchhaltung", "denied", "edit purchasing", None) in audit(suppliers)
    assert ratings(suppliers) == KEPT


@pytest.mark.parametrize(("body", "status"), [
    (rating(time="3"), 400),               # a number as text
    (rating(quality=6), 400),              # outside 1 to 5, as the schema says
    (rating(cost=True), 400),
    (rating(rated_at="15.03.2026"), 400),  # German dates never: ISO only
    (rating(rated_at="2026-03-15T10:00:00"), 400),
    ({"rated_at": TODAY, "time": 3}, 400),  # marks missing
    (rating(colour="blue"), 400),          # a field the schema does not know
    (rating(note="x" * 2001), 400),
    ([], 400),
    (rating(rated_at=(date.today() + timedelta(days=1)).isoformat()), 422),  # a rating records what happened
])
def test_a_bad_rating_is_refused_and_writes_nothing(suppliers: Engine, client: FlaskClient, body: object,
                                                   status: int) -> None:
    answer = client.post("/api/v1/organisations/s2/ratings", json=body, headers=bearer(suppliers, "einkauf"))
    assert answer.status_code == status, answer.get_json()
    assert answer.get_json()["error"] and ratings(suppliers) == KEPT


def test_only_a_visible_supplier_is_rated(suppliers: Engine, client: FlaskClient) -> None:
    headers = bearer(suppliers, "einkauf")
    customer = client.post("/api/v1/organisations/c1/ratings", json=rating(), headers=headers)
    assert customer.status_code == 422 and "no supplier" in customer.get_json()["error"]
    assert client.post("/api/v1/organisations/nope/ratings", json=rating(), headers=headers).status_code == 404
    too_long = client.post("/api/v1/organisations/" + "x" * 65 + "/ratings", json=rating(), headers=headers)
    assert too_long.status_code == 400
    assert ratings(suppliers) == KEPT


def test_a_signed_in_user_rates_by_json_too(suppliers: Engine, client: FlaskClient) -> None:
    sign_in(client, "einkauf")
    assert client.post("/api/v1/organisations/s1/ratings", json=rating()).status_code == 201
    # a cookie's form post (a cross-site form) is refused before anything runs
    answer = client.post("/api/v1/organisations/s1/ratings", data="rated_at=2026-01-01&time=1",
                         content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 400 and ratings(suppliers) == KEPT + 1


# --- a relationship fixed by hand ------------------------------------------------------------------------------


@pytest.fixture
def company(engine: Engine) -> Engine:
    """The access world: o4 Delta is a supplier by its documents; sales edits master data, management reads it."""
    seed(engine, access_data())
    add_account(engine, "vertrieb", Role.SALES, agent_id="ag1")
    add_account(engine, "leitung", Role.MANAGEMENT, agent_id="ag4")
    add_account(engine, "eva", Role.EXTERNAL, contact_id="c1")
    return engine


def mode(engine: Engine, organisation_id: str) -> tuple[str, str | None]:
    with engine.connect() as conn:
        row = conn.execute(select(Organisation.relationship_mode, Organisation.fixed_roles)
                           .where(Organisation.id == organisation_id)).one()
    return row.relationship_mode, row.fixed_roles


def listed(client: FlaskClient, headers: dict[str, str], organisation_id: str) -> dict[str, Any]:
    rows = client.get("/api/v1/organisations?limit=100", headers=headers).get_json()["rows"]
    found: dict[str, Any] = next(r for r in rows if r["id"] == organisation_id)
    return found


def test_sales_fixes_a_relationship_and_hands_it_back(company: Engine, client: FlaskClient) -> None:
    headers = bearer(company, "vertrieb")
    before = listed(client, headers, "o4")
    assert (before["customer"], before["supplier"]) == (False, True)
    url = "/api/v1/organisations/o4/relationship"
    answer = client.put(url, json={"mode": "fixed", "roles": ["customer"]}, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["before"] == {"mode": "auto", "roles": []} and body["after"] == {"mode": "fixed",
                                                                                 "roles": ["customer"]}
    assert body["changed"] is True and body["account_numbers"] >= 1
    assert mode(company, "o4") == ("fixed", "customer")
    after = listed(client, headers, "o4")
    assert (after["customer"], after["supplier"]) == (True, False)
    again = client.put(url, json={"mode": "fixed", "roles": ["customer"]}, headers=headers).get_json()
    assert again["changed"] is False and again["account_numbers"] == 0
    back = client.put(url, json={"mode": "auto"}, headers=headers).get_json()
    assert back["after"] == {"mode": "auto", "roles": []} and mode(company, "o4") == ("auto", None)
    assert [why for _w, action, _s, why in audit(company) if action == "relationship_fixed"] == [
        "auto -> fixed (customer)", "fixed (customer) -> auto"]


def test_a_relationship_fix_is_refused_without_edit_of_master_data(company: Engine, client: FlaskClient) -> None:
    url = "/api/v1/organisations/o4/relationship"
    fixed = {"mode": "fixed", "roles": ["customer"]}
    assert client.put(url, json=fixed).status_code == 401
    assert client.put(url, json=fixed, headers=bearer(company, "vertrieb", TokenScope.READ)).status_code == 403
    refused = client.put(url, json=fixed, headers=bearer(company, "leitung"))
    assert refused.status_code == 403 and ("leitung", "denied", "edit master_data", None) in audit(company)
    # an external contact writes nothing, not even at its own organisation
    for org in ("o1", "o4"):
        answer = client.put(f"/api/v1/organisations/{org}/relationship", json=fixed, headers=bearer(company, "eva"))
        assert answer.status_code in (403, 404) and "Delta" not in answer.get_data(as_text=True)
    assert mode(company, "o4") == ("auto", None) and mode(company, "o1") == ("auto", None)


@pytest.mark.parametrize(("body", "status"), [
    ({"mode": "manual"}, 400),
    ({"mode": "fixed", "roles": ["partner"]}, 400),
    ({"mode": "fixed", "roles": "customer"}, 400),
    ({"roles": ["customer"]}, 400),
    ({"mode": "fixed", "roles": ["customer"], "note": "x"}, 400),
    ({"mode": "fixed"}, 422),                                # fixed needs its roles
    ({"mode": "fixed", "roles": ["customer", "customer"]}, 422),
    ({"mode": "auto", "roles": ["customer"]}, 422),          # in auto mode the documents decide
])
def test_a_bad_relationship_setting_writes_nothing(company: Engine, client: FlaskClient, body: object,
                                                    status: int) -> None:
    answer = client.put("/api/v1/organisations/o4/relationship", json=body, headers=bearer(company, "vertrieb"))
    assert answer.status_code == status, answer.get_json()
    assert mode(company, "o4") == ("auto", None)
    assert not [a for a in audit(company) if a[1] == "relationship_fixed"]


def test_an_unknown_organisation_is_404_and_audited(company: Engine, client: FlaskClient) -> None:
    answer = client.put("/api/v1/organisations/nope/relationship", json={"mode": "auto"},
                        headers=bearer(company, "vertrieb"))
    assert answer.status_code == 404
    assert ("vertrieb", "denied", "organisation 'nope'", None) in audit(company)
