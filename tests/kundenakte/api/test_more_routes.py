"""The API's reads and writes beyond list and record (issue 21): the timeline paged, contacts, agent activity,
the inbox and assigning an inbox item, each through the same policy as the dashboard (spec/analytics.md,
"Security: need-to-know"; spec/interchange.md, "An assignment by hand is remembered for that address")."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from core.schema import Activity, InboxItem, Organisation, Ticket
from core.vocabulary import Role, TokenScope
from etl.inbound import read_inbound_folder
from services.commands.tokens import create_token
from services.users import SYSTEM
from tests.etl.inbound.world import DATA, seed_world
from tests.kundenakte.signin.helpers import add_account


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    read_inbound_folder(engine, DATA / "04_freemail.eml", today=date(2026, 3, 1))
    with engine.connect() as conn:
        agent = conn.execute(select(func.min(Organisation.key_account_manager_id))).scalar()
    add_account(engine, "ada", Role.ADMIN, agent_id=agent)
    add_account(engine, "leitung", Role.MANAGEMENT, agent_id=agent)
    add_account(engine, "service", Role.SUPPORT, agent_id=agent)
    return engine


def auth(engine: Engine, user: str, scope: TokenScope = TokenScope.READ) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(engine, SYSTEM, user, scope).token}"}


def waiting(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(InboxItem)).scalar_one())


def busiest(engine: Engine) -> str:
    """The organisation with the most tickets (o2: its timeline has several pages)."""
    with engine.connect() as conn:
        return str(conn.execute(select(Ticket.organisation_id).group_by(Ticket.organisation_id)
                                .order_by(func.count().desc(), Ticket.organisation_id)).scalars().first())


def test_the_timeline_comes_page_by_page(world: Engine, client: FlaskClient) -> None:
    org = busiest(world)
    headers = auth(world, "leitung")
    whole = client.get(f"/api/v1/organisations/{org}/timeline?limit=500", headers=headers).get_json()
    assert whole["next_offset"] is None
    entries = whole["rows"]
    assert len(entries) >= 2 and whole["total"] == len(entries) == sum(whole["counts"].values())
    first = client.get(f"/api/v1/organisations/{org}/timeline?limit=1", headers=headers).get_json()
    assert first["next_offset"] == 1 and first["rows"] == entries[:1] and first["total"] == len(entries)
    second = client.get(f"/api/v1/organisations/{org}/timeline?limit=1&offset=1", headers=headers).get_json()
    assert second["rows"] == entries[1:2]
    tickets = client.get(f"/api/v1/organisations/{org}/timeline?types=ticket", headers=headers).get_json()
    assert {e["kind"] for e in tickets["rows"]} == {"ticket"} and tickets["total"] == whole["counts"]["ticket"]
    for bad in ("limit=0", "limit=501", "types=memo", "since=gestern"):
        assert client.get(f"/api/v1/organisations/{org}/timeline?{bad}", headers=headers).status_code == 400


def test_contacts_and_an_unknown_organisation(world: Engine, client: FlaskClient) -> None:
    headers = auth(world, "leitung")
    found = client.get(f"/api/v1/organisations/{busiest(world)}/contacts", headers=headers).get_json()
    assert found["total"] == len(found["rows"]) >= 1 and all("last_name" in r for r in found["rows"])
    assert client.get("/api/v1/organisations/nope/contacts", headers=headers).status_code == 404


def test_activity_is_managements_not_supports(world: Engine, client: FlaskClient) -> None:
    answer = client.get("/api/v1/activity?by=kind&period=quarter", headers=auth(world, "leitung"))
    assert answer.status_code == 200 and answer.get_json()["total"] >= 1
    assert client.get("/api/v1/activity", headers=auth(world, "service")).status_code == 403
    assert client.get("/api/v1/activity?period=year", headers=auth(world, "leitung")).status_code == 400


def test_an_inbox_item_is_assigned_and_leaves_the_inbox(world: Engine, client: FlaskClient) -> None:
    inbox = client.get("/api/v1/inbox", headers=auth(world, "service")).get_json()
    assert inbox["total"] == waiting(world) >= 1 and sum(inbox["by_reason"].values()) == inbox["total"]
    item = inbox["rows"][0]["activity_id"]
    org = busiest(world)
    # management reads the inbox but may not assign (R), a read token may not write at all
    refused = client.post(f"/api/v1/inbox/{item}/assign", json={"organisation_id": org},
                          headers=auth(world, "ada", TokenScope.READ))
    assert refused.status_code == 403
    done = client.post(f"/api/v1/inbox/{item}/assign", json={"organisation_id": org},
                       headers=auth(world, "ada", TokenScope.ADMIN))
    assert done.status_code == 200, done.get_json()
    assert waiting(world) == inbox["total"] - 1
    timeline = client.get(f"/api/v1/organisations/{org}/timeline?limit=500", headers=auth(world, "leitung"))
    with world.connect() as conn:
        subject = conn.execute(select(Activity.subject).where(Activity.id == item)).scalar()
    assert subject in timeline.get_data(as_text=True)


def test_a_role_that_reads_activities_may_not_assign(world: Engine, client: FlaskClient) -> None:
    from tests.kundenakte.signin.helpers import sign_in

    item = client.get("/api/v1/inbox", headers=auth(world, "leitung")).get_json()["rows"][0]["activity_id"]
    sign_in(client, "leitung")
    answer = client.post(f"/api/v1/inbox/{item}/assign", json={"organisation_id": busiest(world)})
    assert answer.status_code == 403
    assert waiting(world) >= 1


@pytest.mark.parametrize("body", [None, [], {"organisation_id": 5}, {"organisation_id": "o", "contact_id": 3}])
def test_a_malformed_assignment_is_400(world: Engine, client: FlaskClient, body: object) -> None:
    item = client.get("/api/v1/inbox", headers=auth(world, "leitung")).get_json()["rows"][0]["activity_id"]
    answer = client.post(f"/api/v1/inbox/{item}/assign", json=body, headers=auth(world, "ada", TokenScope.ADMIN))
    assert answer.status_code == 400
