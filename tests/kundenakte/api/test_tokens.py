"""API tokens (issue 21): a token acts as its user through the same policy as the dashboard, within its scope.

No token, or an unknown, revoked or expired one: 401; a token outside its scope: 403; an external contact's
token reads nothing of another organisation and nothing that is not external (spec/analytics.md, "Security:
need-to-know"); refusals and every use of an import or admin token are in the audit log.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from core.errors import Forbidden, InvalidInput
from core.schema import ApiToken, AuditLogEntry
from core.vocabulary import Role, TokenScope
from services.commands.tokens import create_token, list_tokens, revoke_token
from services.users import SYSTEM, CurrentUser
from tests.access_world import access_data
from tests.kundenakte.signin.helpers import add_account
from tests.support import seed


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed(engine, access_data())
    add_account(engine, "leitung", Role.MANAGEMENT, agent_id="ag4")
    add_account(engine, "eva", Role.EXTERNAL, contact_id="c1")
    add_account(engine, "ada", Role.ADMIN, agent_id="adm")
    return engine


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditLogEntry.action).order_by(AuditLogEntry.id)).scalars())


def test_a_read_token_reads_as_its_user(world: Engine, client: FlaskClient) -> None:
    made = create_token(world, SYSTEM, "leitung")
    answer = client.get("/api/v1/organisations", headers=bearer(made.token))
    assert answer.status_code == 200
    assert {r["name"] for r in answer.get_json()["rows"]} == {"Alpha GmbH", "Beta AG", "Gamma KG", "Delta SE"}
    assert made.token.startswith("ka_") and len(made.token) > 40


@pytest.mark.parametrize("header", [None, "Bearer ka_not-a-token", "Bearer ", "Basic bGVpdHVuZzp4", "ka_plain",
                                    "Bearer " + "ka_" + "x" * 500])
def test_no_or_an_unknown_token_is_401(world: Engine, client: FlaskClient, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    answer = client.get("/api/v1/organisations", headers=headers)
    assert answer.status_code == 401
    assert "rows" not in (answer.get_json() or {})
    if header is not None:
        assert audit_actions(world)[-1] == "token_refused"
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_401_from_the_next_request_on(world: Engine, client: FlaskClient) -> None:
    made = create_token(world, SYSTEM, "leitung")
    assert client.get("/api/v1/organisations", headers=bearer(made.token)).status_code == 200
    revoke_token(world, SYSTEM, made.info.id)
    assert client.get("/api/v1/organisations", headers=bearer(made.token)).status_code == 401
    assert [t.revoked_at is not None for t in list_tokens(world, SYSTEM)] == [True]


def test_an_expired_token_is_401(world: Engine, client: FlaskClient) -> None:
    made = create_token(world, SYSTEM, "leitung", expires_days=1, now=datetime.now() - timedelta(days=2))
    assert client.get("/api/v1/organisations", headers=bearer(made.token)).status_code == 401


def test_a_disabled_users_token_is_401(world: Engine, client: FlaskClient) -> None:
    from services.commands.users import disable_user

    made = create_token(world, SYSTEM, "leitung")
    disable_user(world, SYSTEM, "leitung")
    assert client.get("/api/v1/organisations", headers=bearer(made.token)).status_code == 401


def test_a_read_token_may_not_write_403(world: Engine, client: FlaskClient) -> None:
    made = create_token(world, SYSTEM, "leitung")
    answer = client.post("/api/v1/import", headers=bearer(made.token), json={"organisations": []})
    assert answer.status_code == 403
    assert answer.get_json() == {"error": "insufficient_scope", "scope": "read", "needs": "import"}
    assert audit_actions(world)[-1] == "token_refused"


def test_every_use_of_an_import_token_is_audited(world: Engine, client: FlaskClient) -> None:
    made = create_token(world, SYSTEM, "leitung", TokenScope.IMPORT)
    before = audit_actions(world).count("token_import")
    for _ in range(3):
        assert client.get("/api/v1/organisations", headers=bearer(made.token)).status_code == 200
    assert audit_actions(world).count("token_import") == before + 3


def test_an_external_contacts_token_sees_its_organisation_only(world: Engine, client: FlaskClient) -> None:
    made = create_token(world, SYSTEM, "eva")
    rows = client.get("/api/v1/organisations", headers=bearer(made.token)).get_json()["rows"]
    assert [r["name"] for r in rows] == ["Alpha GmbH"]
    assert client.get("/api/v1/organisations/o2", headers=bearer(made.token)).status_code in (403, 404)
    own = client.get("/api/v1/organisations/o1", headers=bearer(made.token))
    assert own.status_code == 200
    text = own.get_data(as_text=True)
    assert "Geheim" not in text and "Otto" not in text  # the restricted project, another contact of Alpha
    assert client.get("/api/v1/abc/customer", headers=bearer(made.token)).status_code == 403
    assert client.get("/api/v1/concentration/customer", headers=bearer(made.token)).status_code == 403


def test_the_token_wins_over_a_session_cookie(world: Engine, client: FlaskClient) -> None:
    """A request with a bad token is refused even if the browser also brings a signed-in session."""
    from tests.kundenakte.signin.helpers import sign_in

    sign_in(client, "ada")
    assert client.get("/api/v1/organisations").status_code == 200
    assert client.get("/api/v1/organisations", headers=bearer("ka_wrong")).status_code == 401


def test_only_admins_make_tokens_and_admin_tokens_need_admin_accounts(world: Engine) -> None:
    with pytest.raises(Forbidden):
        create_token(world, CurrentUser("leitung", Role.MANAGEMENT, agent_id="ag4"), "leitung")
    with pytest.raises(InvalidInput):
        create_token(world, SYSTEM, "leitung", TokenScope.ADMIN)
    with pytest.raises(InvalidInput):
        create_token(world, SYSTEM, "leitung", expires_days=0)
    assert create_token(world, SYSTEM, "ada", TokenScope.ADMIN).info.scope is TokenScope.ADMIN


def test_only_the_hash_is_stored(world: Engine) -> None:
    made = create_token(world, SYSTEM, "leitung")
    with world.connect() as conn:
        stored = conn.execute(select(ApiToken.token_hash, ApiToken.prefix)).one()
    assert made.token not in stored.token_hash and len(stored.token_hash) == 64
    assert made.token.startswith(stored.prefix) and len(stored.prefix) < len(made.token) // 3


def test_the_command_line_prints_the_token_once(world: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    from kundenakte.cli import main

    url = world.url.render_as_string(hide_password=False)
    assert main(["tokens", "create", "--user", "leitung", "--expires", "30", "--db", url]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("ka_")
    assert main(["tokens", "list", "--format", "csv", "--db", url]) == 0
    listing = capsys.readouterr().out
    assert "leitung" in listing and token not in listing and token[:10] in listing
    assert main(["tokens", "revoke", "1", "--db", url]) == 0
    assert main(["tokens", "revoke", "1", "--db", url]) == 1


#: a write of each kind, and the scope it needs: the dashboard's writes `write`, module data and traces `import`
WRITES = (("POST", "/api/v1/organisations/o4/ratings", "write"),
          ("PUT", "/api/v1/organisations/o4/relationship", "write"),
          ("POST", "/api/v1/inbox/1/assign", "write"),
          ("POST", "/api/v1/import", "import"),
          ("POST", "/api/v1/inbound/calls", "import"))


@pytest.mark.parametrize("scope", list(TokenScope))
def test_each_scope_allows_its_writes_and_no_others(world: Engine, client: FlaskClient, scope: TokenScope) -> None:
    """read: no write; write: the dashboard's writes; import: module data and inbound traces; admin: all. What the
    user may then do is the policy's (the writes below may still be refused with 400, 404 or 422)."""
    token = create_token(world, SYSTEM, "ada", scope).token
    for method, url, needs in WRITES:
        answer = client.open(url, method=method, json={}, headers=bearer(token))
        allowed = scope is TokenScope.ADMIN or scope.value == needs
        refused = answer.status_code == 403 and (answer.get_json() or {}).get("error") == "insufficient_scope"
        assert refused is not allowed, (scope, url, answer.status_code, answer.get_json())
        if refused:
            assert answer.get_json()["needs"] == needs


def test_an_external_contacts_token_reads_nothing_else_through_the_new_routes(world: Engine,
                                                                             client: FlaskClient) -> None:
    """Eva (a contact of Alpha) pages Alpha's timeline and contacts: only tickets and external documents, only her
    own contact; Beta's are not found; the inbox, the activity analysis and the ABC figures are refused."""
    headers = bearer(create_token(world, SYSTEM, "eva").token)
    timeline = client.get("/api/v1/organisations/o1/timeline?as_of=2026-03-15", headers=headers).get_json()
    assert {e["kind"] for e in timeline["rows"]} <= {"ticket", "document"} and timeline["total"] >= 1
    assert set(timeline["counts"]) <= {"ticket", "document"}
    text = json.dumps(timeline)
    assert "RE-MARK" not in text and "Angebot" not in text and "kalkulation" not in text and "Geheim" not in text
    contacts = client.get("/api/v1/organisations/o1/contacts", headers=headers).get_json()
    assert [c["id"] for c in contacts["rows"]] == ["c1"] and contacts["total"] == 1
    for url in ("/api/v1/organisations/o2/timeline", "/api/v1/organisations/o2/contacts"):
        answer = client.get(url, headers=headers)
        assert answer.status_code == 404 and "Beta" not in answer.get_data(as_text=True), url
    for url in ("/api/v1/inbox", "/api/v1/activity", "/api/v1/abc/customer/explain/o1",
                "/api/v1/abc/supplier/movements?from=2025-03-15&to=2026-03-15"):
        assert client.get(url, headers=headers).status_code == 403, url
