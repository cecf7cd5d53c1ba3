"""The REST API /api/v1: JSON from the same services as the dashboard (style guide §4)."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from tests.kundenakte.orgdata import org_list_data
from tests.support import seed


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    seed(app.extensions["kundenakte"]["engine"], {
        **org_list_data(),
        "organisations": [{**o, "phone": "+49 6151 1234-0"} if o["id"] == "o01" else o
                          for o in org_list_data()["organisations"]],
    })
    return app.test_client()


def test_organisations_are_paged_json(client) -> None:  # type: ignore[no-untyped-def]
    """GET /organisations: a block of rows with the total, sorted by the whitelisted columns."""
    r = client.get("/api/v1/organisations?offset=2&limit=3&sort=-revenue_12m,name&as_of=2026-03-15")
    assert r.status_code == 200 and r.is_json
    body = r.get_json()
    assert body["total"] == 12 and [row["id"] for row in body["rows"]] == ["o03", "o04", "o05"]
    assert (body["offset"], body["limit"], body["next_offset"]) == (2, 3, 5)
    last = client.get("/api/v1/organisations?offset=10&limit=3&sort=-revenue_12m,name&as_of=2026-03-15").get_json()
    assert len(last["rows"]) == 2 and last["next_offset"] is None and last["total"] == 12
    assert body["rows"][1]["revenue_12m"] == 800 and body["rows"][1]["customer"] is True


def test_organisations_filter_as_ag_grid_model(client) -> None:  # type: ignore[no-untyped-def]
    """GET /organisations?filters=: the AG Grid filter model, through the same whitelist."""
    model = {"city": {"filterType": "text", "type": "equals", "filter": "Darmstadt"}}
    body = client.get("/api/v1/organisations", query_string={"filters": json.dumps(model)}).get_json()
    assert [row["id"] for row in body["rows"]] == ["o01", "o07"]


@pytest.mark.parametrize("query", ["sort=vat_id", "as_of=gestern", "limit=viele", "filters=[1]", "filters={x",
                                   "limit=5000", "limit=0", "offset=-1"])
def test_bad_parameters_are_400(client, query: str) -> None:  # type: ignore[no-untyped-def]
    """Wrong usage is a 400 with a JSON error naming the problem, never a 500."""
    r = client.get(f"/api/v1/organisations?{query}")
    assert r.status_code == 400 and r.get_json()["kind"] == "InvalidInput"


def test_record_is_json_with_tiles_and_timeline(client) -> None:  # type: ignore[no-untyped-def]
    """GET /organisations/<id>: the customer record (spec/analytics.md, tiles); unknown ids are 404."""
    body = client.get("/api/v1/organisations/o01?as_of=2026-03-15").get_json()
    assert body["summary"]["name"] == "Alpha GmbH" and body["as_of"] == "2026-03-15"
    assert body["tiles"]["invoices"] == {"open_count": 1, "open_amount": 1234.56, "dunned_count": 0}
    assert [e["ref"] for e in body["timeline"]] == ["i02", "i01"]
    assert body["timeline"][0]["at"] == "2026-03-01T00:00:00"
    assert [c["id"] for c in body["contacts"]] == ["c2", "c1"]
    missing = client.get("/api/v1/organisations/nope")
    assert missing.status_code == 404 and missing.get_json()["kind"] == "NotFound"


def test_caller_lookup(client) -> None:  # type: ignore[no-untyped-def]
    """GET /caller/<number>: a direct dial of a switchboard number finds the organisation (interchange.md, Phone)."""
    body = client.get("/api/v1/caller/06151 1234-56").get_json()
    assert body["number"] == "+496151123456"
    assert body["organisation_id"] == "o01" and body["key_account_manager_id"] == "ag1"
    assert client.get("/api/v1/caller/keine-nummer").status_code == 400


def test_abc_classes(client) -> None:  # type: ignore[no-untyped-def]
    """GET /abc/<aspect>: the classification at D (spec/analytics.md, ABC); an unknown aspect is 404."""
    body = client.get("/api/v1/abc/customer?as_of=2026-03-15").get_json()
    assert body["model"] == "invoices"
    classes = {row["organisation_id"]: row["class"] for row in body["rows"]}
    assert classes["o01"] == "A" and classes["o05"] is None
    assert body["total"] == len(body["rows"]) and body["next_offset"] is None
    first = client.get("/api/v1/abc/customer?as_of=2026-03-15&limit=1&offset=1").get_json()
    assert first["rows"] == body["rows"][1:2] and first["next_offset"] == 2 and first["total"] == body["total"]
    assert client.get("/api/v1/abc/partner").status_code == 404


def test_concentration_document(client) -> None:  # type: ignore[no-untyped-def]
    """GET /concentration/<aspect>: the contract's keys (spec/analytics.md, command line: concentration)."""
    body = client.get("/api/v1/concentration/customer?as_of=2026-03-15").get_json()
    assert {"n", "total", "hhi", "band", "gini", "top_shares", "flagged"} <= set(body)
    assert body["n"] == 4 and body["flagged"][0]["organisation_id"] == "o01"
    assert set(body["top_shares"]) == {"1", "5", "10", "20"}
    assert client.get("/api/v1/concentration/prospect").status_code == 404
    assert client.get("/api/v1/concentration/customer?by=konzern").status_code == 400
