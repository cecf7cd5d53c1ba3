"""Inbound mail, calendars and calls over HTTP (issue 21): read and matched exactly as `kundenakte inbound` reads a
folder (spec/interchange.md, "Assignment of inbound traces", "Bad input"), the size checked before parsing, the
upload's name never a path; a token needs the `import` scope, its user edit level of activities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from core.db import ensure_schema, make_engine
from core.schema import Activity, ActivityLink, AuditLogEntry, InboundFile, InboxItem
from core.vocabulary import Role, TokenScope
from etl.inbound import read_inbound_folder
from kundenakte.api import inbound as inbound_routes
from services.commands.tokens import create_token
from services.commands.upload_inbound import InboundKind
from services.users import SYSTEM
from tests.etl.inbound.world import DATA, seed_world
from tests.kundenakte.signin.helpers import add_account, dash_pages_cleared, sign_in, web_app

#: the endpoint and content type of each sample file's kind
ROUTES = {".eml": ("mail", "message/rfc822"), ".mbox": ("mail", "application/mbox"),
          ".ics": ("calendar", "text/calendar"), ".csv": ("calls", "text/csv")}


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    add_account(engine, "service", Role.SUPPORT, agent_id="a1")
    add_account(engine, "leitung", Role.MANAGEMENT, agent_id="a2")
    return engine


def bearer(engine: Engine, user: str = "service", scope: TokenScope = TokenScope.IMPORT) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(engine, SYSTEM, user, scope).token}"}


def post(client: FlaskClient, path: Path, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    route, content_type = ROUTES[path.suffix]
    return client.post(f"/api/v1/inbound/{route}", data=path.read_bytes(), content_type=content_type,
                       headers=headers)


def landed(engine: Engine) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """Every activity's links and every inbox item, by (source, source_id)."""
    a, link, box = Activity, ActivityLink, InboxItem
    with engine.connect() as conn:
        links = {tuple(r) for r in conn.execute(
            select(a.source, a.source_id, a.kind, a.direction, a.agent_id, link.organisation_id, link.contact_id,
                   link.matched_by).join(link, link.activity_id == a.id))}
        waiting = {tuple(r) for r in conn.execute(
            select(a.source, a.source_id, box.address, box.reason).join(box, box.activity_id == a.id))}
    return links, waiting


def activities(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Activity)).scalar_one())


def audit(engine: Engine) -> list[tuple[str, str, str]]:
    a = AuditLogEntry
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(a.who, a.action, a.subject).order_by(a.id))]


def test_every_sample_lands_as_the_folder_reader_lands_it(world: Engine, client: FlaskClient,
                                                          tmp_path: Path) -> None:
    """Each sample file uploaded to its endpoint gives the same activities, links and inbox as `kundenakte inbound`
    reading the folder (on a database of its own), and reports the same problems."""
    headers = bearer(world)
    skipped: list[tuple[str, object]] = []
    read = 0
    for path in sorted(p for p in DATA.iterdir() if p.is_file()):
        answer = post(client, path, headers)
        assert answer.status_code in (200, 422), (path.name, answer.get_json())
        body = answer.get_json()
        read += body["read"]
        skipped += [(path.name, s["position"]) for s in body["skipped"]]
        assert (answer.status_code == 422) == (body["read"] == 0), path.name
    reference = make_engine(f"sqlite:///{tmp_path / 'folder.db'}")
    ensure_schema(reference)
    seed_world(reference)
    report = read_inbound_folder(reference, DATA)
    assert landed(world) == landed(reference) and landed(world)[0]
    assert read == report.read == activities(world)
    assert sorted(skipped) == sorted((name, position) for name, position, _ in report.skipped)
    reference.dispose()


def test_the_same_mail_twice_is_one_activity(world: Engine, client: FlaskClient) -> None:
    headers = bearer(world)
    mail = DATA / "01_encoded_multipart.eml"
    first = post(client, mail, headers).get_json()
    assert (first["read"], first["added"], first["unchanged"], first["skipped"]) == (1, 1, 0, [])
    again = post(client, mail, headers).get_json()
    assert (again["added"], again["unchanged"]) == (0, 1) and activities(world) == 1
    links, _ = landed(world)
    assert {(org, contact, how) for *_, org, contact, how in links} == {("o2", "c2", "contact")}
    actions = [(who, action) for who, action, _ in audit(world)]
    assert actions.count(("service", "inbound_http")) == 2 and ("service", "token_import") in actions


def test_an_unreadable_upload_is_422_with_its_reason(world: Engine, client: FlaskClient) -> None:
    headers = bearer(world)
    for name in ("90_random_bytes.eml", "91_broken.ics"):
        answer = post(client, DATA / name, headers)
        body = answer.get_json()
        assert answer.status_code == 422 and body["read"] == 0 and body["skipped"][0]["reason"], name
    assert activities(world) == 0


def test_calls_as_json_rows_name_the_bad_row_and_keep_the_rest(world: Engine, client: FlaskClient) -> None:
    calls = [{"id": "j-1", "occurred_at": "2026-03-02T09:00:00", "direction": "in", "caller_number": "06151 123-45",
              "callee_number": "+49 6151 99 0", "agent_id": "a1", "duration_minutes": 4.5},
             {"id": "j-2", "occurred_at": "02.03.2026 10:00", "direction": "out", "caller_number": "+49 6151 99 0",
              "callee_number": "+49 (0)6151 12345"},
             {"id": "j-3", "occurred_at": "kein Datum", "direction": "in", "caller_number": "06151 12345"}]
    answer = client.post("/api/v1/inbound/calls", json={"calls": calls}, headers=bearer(world))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["read"], body["added"]) == (2, 2)
    assert [(s["row_index"], s["position"]) for s in body["skipped"]] == [(2, 4)]
    links, _ = landed(world)
    assert {(sid, org, contact) for _s, sid, *_r, org, contact, _m in links} == {("j-1", "o2", "c2"),
                                                                                ("j-2", "o2", "c2")}


@pytest.mark.parametrize("body", [{"calls": []}, {"calls": [{"id": "x"}]}, {"rows": []}, [],
                                  {"calls": [{"id": "x", "occurred_at": "2026-03-02T09:00:00", "direction": "in",
                                              "duration_minutes": "lang"}]}])
def test_malformed_call_rows_are_400(world: Engine, client: FlaskClient, body: object) -> None:
    answer = client.post("/api/v1/inbound/calls", json=body, headers=bearer(world))
    assert answer.status_code == 400 and activities(world) == 0


def test_inbound_needs_an_import_token_of_a_user_who_edits_activities(world: Engine, client: FlaskClient) -> None:
    mail = DATA / "01_encoded_multipart.eml"
    assert post(client, mail, {}).status_code == 401
    for scope in (TokenScope.READ, TokenScope.WRITE):
        answer = post(client, mail, bearer(world, scope=scope))
        assert answer.status_code == 403 and answer.get_json()["needs"] == "import"
    # management reads activities, may not add them: refused by the policy, audited
    refused = post(client, mail, bearer(world, "leitung"))
    assert refused.status_code == 403 and ("leitung", "denied", "edit activities") in audit(world)
    assert activities(world) == 0


def test_wrong_types_and_empty_uploads_are_400(world: Engine, client: FlaskClient) -> None:
    headers = bearer(world)
    mail = (DATA / "01_encoded_multipart.eml").read_bytes()
    for route, content_type in (("mail", "text/plain"), ("calendar", "message/rfc822"), ("calls", "text/calendar")):
        answer = client.post(f"/api/v1/inbound/{route}", data=mail, content_type=content_type, headers=headers)
        assert answer.status_code == 400, (route, content_type)
    empty = client.post("/api/v1/inbound/mail", data=b"", content_type="message/rfc822", headers=headers)
    assert empty.status_code == 400
    # a signed-in browser sends no file to the API: only JSON (no cross-site form can)
    sign_in(client, "service")
    assert client.post("/api/v1/inbound/mail", data=mail, content_type="message/rfc822").status_code == 400
    assert activities(world) == 0


def test_an_upload_over_its_limit_is_refused_before_it_is_read(world: Engine, client: FlaskClient,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    monkeypatch.setitem(inbound_routes.LIMITS, InboundKind.MAIL, 1000)
    monkeypatch.setattr(inbound_routes, "read_upload", lambda *a, **k: read.append("read"))
    mail = (DATA / "01_encoded_multipart.eml").read_bytes()
    assert len(mail) > 1000
    answer = client.post("/api/v1/inbound/mail", data=mail, content_type="message/rfc822", headers=bearer(world))
    assert answer.status_code == 413 and answer.get_json()["kind"] == "TooLarge"
    calls = {"calls": [{"id": f"c{i}", "occurred_at": "2026-03-02T09:00:00", "direction": "in"} for i in range(200)]}
    monkeypatch.setitem(inbound_routes.LIMITS, InboundKind.CALLS, 1000)
    answer = client.post("/api/v1/inbound/calls", data=json.dumps(calls), content_type="application/json",
                         headers=bearer(world))
    assert answer.status_code == 413 and read == [] and activities(world) == 0


def test_the_servers_limit_holds_before_the_token_is_even_looked_at(world: Engine) -> None:
    with dash_pages_cleared():
        small = web_app(world, max_content_length=1000).test_client()
        answer = small.post("/api/v1/inbound/mail", data=(DATA / "01_encoded_multipart.eml").read_bytes(),
                            content_type="message/rfc822", headers={"Authorization": "Bearer ka_unknown"})
    assert answer.status_code == 413 and activities(world) == 0
    assert not [a for a in audit(world) if a[1] == "token_refused"]


def test_the_senders_file_name_never_becomes_a_path(world: Engine, client: FlaskClient, tmp_path: Path) -> None:
    headers = {**bearer(world), "Content-Disposition": 'attachment; filename="../../../tmp/evil.eml"'}
    answer = client.post("/api/v1/inbound/mail?filename=../../evil.eml", data=(DATA / "04_freemail.eml").read_bytes(),
                         content_type="message/rfc822", headers=headers)
    assert answer.status_code == 200 and answer.get_json()["added"] == 1
    with world.connect() as conn:
        assert list(conn.execute(select(InboundFile.name)).scalars()) == ["mail.eml"]
    assert not Path("/tmp/evil.eml").exists()
