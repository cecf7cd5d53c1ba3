"""The OpenAPI document (issue 21): generated from the routes, served at /api/v1/openapi.json, and the API keeps
it: schemathesis generates requests from it (bounded examples) and finds no server error, no undocumented
status and no answer that breaks its schema. The docs page is Swagger UI from this site's own files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from core.vocabulary import Role, TokenScope
from services.commands.tokens import create_token
from services.users import SYSTEM
from tests.access_world import access_data
from tests.kundenakte.signin.helpers import add_account, dash_pages_cleared, web_app
from tests.support import seed


@pytest.fixture
def api_app(engine: Engine) -> Iterator[tuple[Flask, dict[str, str]]]:
    """The app on the access world, and the header of an admin's import token (it may call every route)."""
    seed(engine, access_data())
    add_account(engine, "ada", Role.ADMIN, agent_id="adm")
    token = create_token(engine, SYSTEM, "ada", TokenScope.IMPORT).token
    with dash_pages_cleared():
        yield web_app(engine), {"Authorization": f"Bearer {token}"}


@pytest.fixture
def document(api_app: tuple[Flask, dict[str, str]]) -> dict[str, Any]:
    app, auth = api_app
    answer = app.test_client().get("/api/v1/openapi.json", headers=auth)
    assert answer.status_code == 200
    found: dict[str, Any] = answer.get_json()
    return found


@pytest.fixture
def api_schema(api_app: tuple[Flask, dict[str, str]], document: dict[str, Any]) -> Any:
    schema = schemathesis.openapi.from_dict(document)
    schema.app = api_app[0]
    return schema


def test_the_document_names_every_route_with_its_schemas(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/organisations", "/api/v1/organisations/{organisation_id}", "/api/v1/caller/{number}",
            "/api/v1/abc/{aspect}", "/api/v1/concentration/{aspect}", "/api/v1/import"} <= set(document["paths"])
    listing = document["paths"]["/api/v1/organisations"]["get"]
    assert {"start", "limit", "sort", "filters", "as_of"} <= {p["name"] for p in listing["parameters"]}
    assert {"200", "401", "403"} <= set(listing["responses"])
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}


def test_the_docs_page_is_served_from_this_site(api_app: tuple[Flask, dict[str, str]]) -> None:
    from tests.kundenakte.signin.helpers import sign_in

    app, _auth = api_app
    client = app.test_client()
    sign_in(client, "ada")
    page = client.get("/api/spec/docs/").get_data(as_text=True)
    assert "/api/v1/static/swagger-ui-bundle.js" in page and "http" not in page.split("<body>")[1].split("data-spec")[0]
    bundle = client.get("/api/v1/static/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.get_data()) > 100_000
    bundle.close()


#: examples per operation (bounded: the suite must stay quick; CI runs them on both databases)
EXAMPLES = 12


def test_the_api_keeps_its_document(api_schema: Any, api_app: tuple[Flask, dict[str, str]]) -> None:
    """Every operation of the document with schemathesis' generated requests, as an admin's import token:
    no 5xx, every status documented, every answer of the documented type and schema."""
    from hypothesis import given

    _app, auth = api_app
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(headers=auth, checks=[not_a_server_error, status_code_conformance,
                                                         content_type_conformance, response_schema_conformance])
        check()
