"""ABC explain and movements over the API (issue 21; spec/analytics.md, "ABC classification": ranked company-wide,
the rows restricted to what the user may see; the aspect's area decides who may read it)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from core.schema import AuditLogEntry
from core.vocabulary import Role, TokenScope
from services.commands.tokens import create_token
from services.users import SYSTEM
from tests.access_world import access_data
from tests.kundenakte.signin.helpers import add_account
from tests.support import own_accounts_user, seed

AS_OF = "2026-03-15"


@pytest.fixture
def world(engine: Engine) -> Engine:
    """The access world: o1 (12,754.08 in the window), o3 (4,711.13) and o2 (500) are customers."""
    seed(engine, access_data())
    add_account(engine, "leitung", Role.MANAGEMENT, agent_id="ag4")
    add_account(engine, "service", Role.SUPPORT, agent_id="ag2")
    add_account(engine, "vertrieb", Role.SALES, agent_id="ag1")
    add_account(engine, "eva", Role.EXTERNAL, contact_id="c1")
    return engine


def bearer(engine: Engine, user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(engine, SYSTEM, user, TokenScope.READ).token}"}


def denials(engine: Engine) -> list[tuple[str, str]]:
    a = AuditLogEntry
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(a.who, a.subject).where(a.action == "denied"))]


def test_explain_names_letter_rank_thresholds_and_documents(world: Engine, client: FlaskClient) -> None:
    headers = bearer(world, "leitung")
    body = client.get(f"/api/v1/abc/customer/explain/o1?as_of={AS_OF}", headers=headers).get_json()
    assert (body["organisation_id"], body["aspect"], body["model"], body["as_of"]) == ("o1", "customer", "invoices",
                                                                                      AS_OF)
    assert (body["letter"], body["rank"], body["n"], body["holds"], body["movement"]) == ("A", 1, 3, True, True)
    assert body["metric"] == pytest.approx(12754.08)
    assert body["window"] == {"first": "2025-03-16", "last": AS_OF}
    # the restricted project's invoices count in the metric but are no document an outsider of team Nord sees
    ids = {d["id"] for d in body["documents"]}
    assert ids == {"i1", "RE-MARK-ID-5"} and body["documents_total"] == 2
    assert all(d["date"] <= AS_OF and isinstance(d["amount"], float | int) for d in body["documents"])
    page = client.get(f"/api/v1/abc/customer/explain/o1?as_of={AS_OF}&limit=1&offset=1", headers=headers).get_json()
    assert page["documents"] == body["documents"][1:] and page["documents_offset"] == 1
    assert page["documents_total"] == 2


def test_explain_refuses_what_the_user_may_not_see(world: Engine, client: FlaskClient) -> None:
    assert client.get("/api/v1/abc/customer/explain/o1").status_code == 401
    # support reads no billing: the customers' ABC is refused and audited
    refused = client.get(f"/api/v1/abc/customer/explain/o1?as_of={AS_OF}", headers=bearer(world, "service"))
    assert refused.status_code == 403 and "12754" not in refused.get_data(as_text=True)
    assert ("service", "read billing") in denials(world)
    # sales narrowed to own accounts: Beta AG (KAM ag2) is not found, its own Alpha is
    own_accounts_user(world, "ag1", Role.SALES)
    sales = bearer(world, "vertrieb")
    assert client.get(f"/api/v1/abc/customer/explain/o2?as_of={AS_OF}", headers=sales).status_code == 404
    assert client.get(f"/api/v1/abc/customer/explain/o1?as_of={AS_OF}", headers=sales).status_code == 200
    leitung = bearer(world, "leitung")
    assert client.get("/api/v1/abc/customer/explain/nope", headers=leitung).status_code == 404
    assert client.get("/api/v1/abc/partner/explain/o1", headers=leitung).status_code == 404
    assert client.get("/api/v1/abc/customer/explain/o1?model=ratings", headers=leitung).status_code == 400
    assert client.get("/api/v1/abc/customer/explain/o1?as_of=15.03.2026", headers=leitung).status_code == 400


def test_movements_give_the_matrix_and_who_moved(world: Engine, client: FlaskClient) -> None:
    """A year before D nobody had a letter; at D o1 is A, o3 and o2 are B: three new letters."""
    headers = bearer(world, "leitung")
    url = f"/api/v1/abc/customer/movements?from=2025-03-15&to={AS_OF}"
    body = client.get(url, headers=headers).get_json()
    assert (body["aspect"], body["model"], body["from"], body["to"]) == ("customer", "invoices", "2025-03-15", AS_OF)
    assert set(body["matrix"]) == {"A", "B", "C", "-"} and set(body["matrix"]["-"]) == {"A", "B", "C", "-"}
    assert sum(body["matrix"]["-"].values()) == 3 and body["matrix"]["-"]["A"] == 1
    assert {r["organisation_id"]: (r["class_before"], r["class_after"], r["transition"]) for r in body["rows"]} == {
        "o1": ("-", "A", "new"), "o3": ("-", "B", "new"), "o2": ("-", "B", "new")}
    assert body["total"] == 3 and body["next_offset"] is None
    page = client.get(url + "&limit=2", headers=headers).get_json()
    assert page["rows"] == body["rows"][:2] and page["next_offset"] == 2 and page["total"] == 3
    # the same year: nobody moved; every holder with moved=false
    still = client.get(f"/api/v1/abc/customer/movements?from={AS_OF}&to={AS_OF}", headers=headers).get_json()
    assert still["rows"] == [] and still["total"] == 0
    every = client.get(f"/api/v1/abc/customer/movements?from={AS_OF}&to={AS_OF}&moved=false",
                       headers=headers).get_json()
    assert {r["transition"] for r in every["rows"]} == {"stay"} and every["total"] == 3


@pytest.mark.parametrize("query", ["", "from=2026-01-01", "to=2026-01-01", "from=2026-03-15&to=2026-01-01",
                                   "from=gestern&to=2026-01-01", "from=2026-01-01&to=2026-03-15&moved=ja",
                                   "from=2026-01-01&to=2026-03-15&limit=0"])
def test_movements_with_wrong_dates_are_400(world: Engine, client: FlaskClient, query: str) -> None:
    answer = client.get(f"/api/v1/abc/customer/movements?{query}", headers=bearer(world, "leitung"))
    assert answer.status_code == 400 and answer.get_json()["kind"] in ("InvalidInput", "DatesReversed")


def test_an_external_contact_reads_no_abc_at_all(world: Engine, client: FlaskClient) -> None:
    eva = bearer(world, "eva")
    for url in (f"/api/v1/abc/customer/explain/o1?as_of={AS_OF}", f"/api/v1/abc/customer/explain/o2?as_of={AS_OF}",
                f"/api/v1/abc/customer/movements?from=2025-03-15&to={AS_OF}",
                f"/api/v1/abc/supplier/movements?from=2025-03-15&to={AS_OF}", f"/api/v1/abc/customer?as_of={AS_OF}"):
        answer = client.get(url, headers=eva)
        assert answer.status_code == 403, url
        text = answer.get_data(as_text=True)
        assert "Beta" not in text and "12754" not in text and "o2" not in text
