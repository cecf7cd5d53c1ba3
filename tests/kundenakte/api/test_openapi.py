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

#: the files the API takes as the body itself go on the wire as the bytes schemathesis made
schemathesis.serializer.alias(["message/rfc822", "application/mbox", "application/zip",
                               "application/x-zip-compressed",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
                              "application/octet-stream")


@pytest.fixture
def api_app(engine: Engine) -> Iterator[tuple[Flask, dict[str, str]]]:
    """The app on the access world, and the header of an admin's admin token (it may call every route)."""
    seed(engine, access_data())
    add_account(engine, "ada", Role.ADMIN, agent_id="adm")
    token = create_token(engine, SYSTEM, "ada", TokenScope.ADMIN).token
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


#: the list routes: each pages with limit/offset and answers offset, limit, total, next_offset, rows
LISTS = ("/api/v1/organisations", "/api/v1/organisations/{organisation_id}/timeline",
         "/api/v1/organisations/{organisation_id}/contacts", "/api/v1/abc/{aspect}", "/api/v1/abc/{aspect}/movements",
         "/api/v1/activity", "/api/v1/inbox")


def _schema(document: dict[str, Any], operation: dict[str, Any], status: str) -> dict[str, Any]:
    ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
    found: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def test_the_document_names_every_route_with_its_schemas(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert {"/api/v1/organisations", "/api/v1/organisations/{organisation_id}", "/api/v1/caller/{number}",
            "/api/v1/abc/{aspect}", "/api/v1/concentration/{aspect}", "/api/v1/import",
            "/api/v1/abc/{aspect}/explain/{organisation_id}", "/api/v1/organisations/{organisation_id}/ratings",
            "/api/v1/organisations/{organisation_id}/relationship", "/api/v1/inbound/mail",
            "/api/v1/inbound/calendar", "/api/v1/inbound/calls", *LISTS} <= set(paths)
    listing = paths["/api/v1/organisations"]["get"]
    assert {"offset", "limit", "sort", "filters", "as_of"} <= {p["name"] for p in listing["parameters"]}
    assert {"200", "401", "403"} <= set(listing["responses"])
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    for path in LISTS:
        operation = paths[path]["get"]
        assert {"limit", "offset"} <= {p["name"] for p in operation["parameters"]}, path
        page = _schema(document, operation, "200")
        assert {"offset", "limit", "total", "next_offset", "rows"} <= set(page["required"]), path
    movements = {p["name"] for p in paths["/api/v1/abc/{aspect}/movements"]["get"]["parameters"]}
    assert {"from", "to", "model", "moved"} <= movements


def test_the_writes_and_uploads_document_their_bodies(document: dict[str, Any]) -> None:
    """JSON bodies with their schemas (ISO dates, numbers), files sent as the body with their media types; the
    writes answer 422 where a rule refuses a well-formed body."""
    paths = document["paths"]
    rating = paths["/api/v1/organisations/{organisation_id}/ratings"]["post"]
    assert {"201", "400", "401", "403", "404", "422"} <= set(rating["responses"])
    body = rating["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = document["components"]["schemas"][body]["properties"]
    assert fields["rated_at"]["format"] == "date" and fields["time"]["type"] == "number"
    assert (fields["time"]["minimum"], fields["time"]["maximum"]) == (1, 5)
    fix = paths["/api/v1/organisations/{organisation_id}/relationship"]["put"]
    assert {"200", "422"} <= set(fix["responses"])
    assert set(paths["/api/v1/inbound/mail"]["post"]["requestBody"]["content"]) == {"message/rfc822",
                                                                                   "application/mbox"}
    assert set(paths["/api/v1/inbound/calendar"]["post"]["requestBody"]["content"]) == {"text/calendar"}
    assert set(paths["/api/v1/inbound/calls"]["post"]["requestBody"]["content"]) == {"application/json", "text/csv"}
    assert {"application/json", "application/zip"} <= set(paths["/api/v1/import"]["post"]["requestBody"]["content"])
    assert "413" in paths["/api/v1/inbound/mail"]["post"]["responses"]


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
