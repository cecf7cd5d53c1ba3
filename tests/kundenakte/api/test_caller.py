"""The caller look-up for a telephone system over the API (issue 21; spec/interchange.md, "Phone"): a number in
any spelling finds the contact, its organisation and key account manager; an organisation's switchboard
prefix finds the organisation for an extension; an unknown number says so."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from core.vocabulary import Role
from services.commands.tokens import create_token
from services.users import SYSTEM
from tests.kundenakte.signin.helpers import add_account, dash_pages_cleared, web_app
from tests.support import seed

#: one number of Jana Kern at Kern Logistik, as people and systems write it
SPELLINGS = ("+49 6151 1234567", "06151 1234567", "0049 6151 1234567", "(06151) 123 45 67", "+49 (0)6151-1234567",
             "06151/1234567", "+4961511234567")


@pytest.fixture
def client(engine: Engine) -> Iterator[tuple[FlaskClient, dict[str, str]]]:
    seed(engine, {
        "agents": [{"id": "ag1", "name": "Anna Nord", "role": "support"}],
        "organisations": [{"id": "o1", "name": "Kern Logistik GmbH", "phone": "+49 6151 98765-0",
                           "key_account_manager_id": "ag1"},
                          {"id": "o2", "name": "Andere AG", "phone": "+49 30 5550"}],
        "contacts": [{"id": "c1", "organisation_id": "o1", "first_name": "Jana", "last_name": "Kern",
                      "phone": "06151 1234567"}],
    })
    add_account(engine, "service", Role.SUPPORT, agent_id="ag1")
    token = create_token(engine, SYSTEM, "service").token
    with dash_pages_cleared():
        app: Flask = web_app(engine)
        yield app.test_client(), {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_finds_the_contact(client: tuple[FlaskClient, dict[str, str]], spelling: str) -> None:
    test_client, auth = client
    answer = test_client.get(f"/api/v1/caller/{quote(spelling, safe='')}", headers=auth)
    assert answer.status_code == 200
    found = answer.get_json()
    assert (found["number"], found["contact_id"], found["organisation_id"]) == ("+4961511234567", "c1", "o1")
    assert (found["contact_name"], found["key_account_manager_name"]) == ("Jana Kern", "Anna Nord")


def test_an_extension_of_the_switchboard_finds_the_organisation(client: tuple[FlaskClient, dict[str, str]]) -> None:
    test_client, auth = client
    found = test_client.get(f"/api/v1/caller/{quote('06151 98765-42', safe='')}", headers=auth).get_json()
    assert (found["organisation_id"], found["contact_id"]) == ("o1", None)


def test_an_unknown_number_and_no_number(client: tuple[FlaskClient, dict[str, str]]) -> None:
    test_client, auth = client
    unknown = test_client.get(f"/api/v1/caller/{quote('+49 89 111 222', safe='')}", headers=auth).get_json()
    assert unknown["organisation_id"] is None and unknown["reason"] == "no_match"
    assert test_client.get("/api/v1/caller/hallo", headers=auth).status_code == 400
