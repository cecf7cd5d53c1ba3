"""Every Dash callback attacked over HTTP by every persona (spec/analytics.md, "Security: need-to-know").

The callbacks are enumerated from `/_dash-dependencies`: a callback added later is attacked too. Each
persona sends each server callback a bounded set of inputs (ids it may not see, plausible values,
malformed JSON of every type, hand-written AG Grid requests). Whatever comes back: the anonymous get
401 without data, nobody gets a 5xx, a traceback or a path of ours, nobody gets a marker of the access
world they may not see (tests/access_world.LEAK_MARKERS), and the database is the same afterwards.

The full enumeration runs on SQLite; a smaller subset runs on both backends.
"""

from __future__ import annotations

import json

import pytest
from werkzeug.test import TestResponse

from core.vocabulary import Area, Level, Role
from services import policy
from tests.access_world import ADMIN
from tests.security.conftest import (
    PERSONAS,
    SIGNED_IN,
    Findings,
    InputSet,
    ServerCallback,
    World,
    changed_tables,
    dash_body,
    input_sets,
    input_values,
    markers_for,
    page_paths,
    run_callback_attack,
    walk_components,
)

ALL_PERSONAS = tuple(PERSONAS)
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
#: the callbacks every version of the dashboard has (the enumeration must find at least these)
KNOWN_OUTPUTS = ("orglist-grid.getRowsResponse", "record-header.children", "record-timeline.children",
                 "abc-grid.rowData", "abc-explain.children", "concentration-figures.children")


def _find(world: World, output: str) -> ServerCallback:
    found = [cb for cb in world.callbacks() if output in cb.output]
    assert found, f"no server callback with output {output}"
    return found[0]


def _call(world: World, persona: str, output: str, target: str = "o1", variant: int = 0,
          date: str | None = "2026-03-15") -> TestResponse:
    """One plausible call of the callback with `output`, `target` where an id goes, the as-of date `date`."""
    cb = _find(world, output)
    values = input_values(cb, InputSet("probe", target, variant), world.harvest(), page_paths(world.app))
    values = [date if d.property == "date" else v for d, v in zip(cb.deps, values, strict=True)]
    return world.browser(persona).dash(dash_body(cb, values))


def test_the_callbacks_are_enumerated_and_the_bodies_are_what_dash_accepts(world: World) -> None:
    """The enumeration finds the known callbacks and no clientside one; each answers a plausible call (admin)."""
    callbacks = world.callbacks()
    assert callbacks, "no server callback in /_dash-dependencies"
    outputs = " ".join(cb.output for cb in callbacks)
    assert all(known in outputs for known in KNOWN_OUTPUTS), outputs
    assert "abc-query.data" not in outputs  # clientside: runs in the browser, nothing to attack on the server
    answers = {cb.label: world.browser("admin").dash(dash_body(cb, input_values(
        cb, InputSet("probe", "o1"), world.harvest(), page_paths(world.app)))).status_code for cb in callbacks}
    assert all(status in (200, 204) for status in answers.values()), answers
    assert answers[_find(world, "record-header.children").label] == 200


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_what_each_persona_may_see_it_sees(world: World, persona: str) -> None:
    """The suite is no vacuous pass: the record of o1 answers with its name to everyone who may read it."""
    resp = _call(world, persona, "record-header.children")
    if not PERSONAS[persona].signed_in:
        assert resp.status_code == 401
        return
    assert resp.status_code == 200, f"{persona}: the record of o1 answers {resp.status_code}"
    assert "Alpha GmbH" in resp.get_data(as_text=True)


def test_the_restricted_project_is_there_for_its_team(world: World) -> None:
    """Sales (team Nord) sees the restricted project's invoice in o1's timeline; the admin (team IT) does not."""
    seen = _call(world, "sales", "record-timeline.children").get_data(as_text=True)
    assert "RE-MARK-2" in seen or "plan.pdf" in seen, "team Nord does not see its restricted project"
    admin = _call(world, "admin", "record-timeline.children")
    assert admin.status_code == 200 and "RE-MARK-1" in admin.get_data(as_text=True)


@SQLITE_ONLY
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_every_callback_with_every_input_set(world: World, persona: str) -> None:
    """All server callbacks x the bounded input sets as the persona: no leak, no 5xx, no traceback, no write."""
    findings = run_callback_attack(world, persona, world.callbacks(), input_sets)
    print(f"[security] callbacks as {persona}: {findings.calls} calls")
    assert not findings, findings.report()


SMOKE_SETS = frozenset({"id=o2", "id=p2", "sql-drop", "dict", "grid-unknown-columns", "grid-sql-filter"})


@pytest.mark.parametrize("persona", ["anonymous", "eva", "support", "management"])
def test_callbacks_smoke_on_both_backends(world: World, persona: str) -> None:
    """A subset of the attack on SQLite and PostgreSQL (the databases bind and fail differently)."""
    def sets(cb: ServerCallback) -> list[InputSet]:
        return [s for s in input_sets(cb) if s.name in SMOKE_SETS]

    findings = run_callback_attack(world, persona, world.callbacks(), sets)
    assert not findings, findings.report()


@SQLITE_ONLY
@pytest.mark.parametrize("persona", ["admin", "management"])
def test_outsiders_of_the_team_get_no_sums_with_its_invoices(world: World, persona: str) -> None:
    """A restricted project's invoices (spec: all that hangs at it) do not end up in o1's revenue for outsiders.

    o1's revenue is 9642.97 without the restricted project's invoices and 12754.08 with them. The sets
    with o1 and o4 as the target show o1's revenue (record and list). ABC and concentration rank the whole
    company whatever the viewer may see (spec/analytics.md, "ABC classification": two users never see
    different letters), so their metrics are company-wide and not checked here."""
    def plausible_sets(cb: ServerCallback) -> list[InputSet]:
        return [s for s in input_sets(cb) if s.name in ("id=o1", "id=o4")]

    per_user = [cb for cb in world.callbacks()
                if not any(o.raw.startswith(("abc-", "concentration-")) for o in cb.outputs)]
    findings = run_callback_attack(world, persona, per_user, plausible_sets,
                                   only=frozenset({"restricted_aggregate"}))
    assert not findings, findings.report()


def _grid_ids(world: World, persona: str, request: dict[str, object]) -> list[str] | None:
    """The ids of the organisation grid's block for `request` (None: no update, or no rows)."""
    cb = _find(world, "getRowsResponse")
    values = input_values(cb, InputSet("oracle", grid=request), world.harvest(), page_paths(world.app))
    values = ["2026-03-15" if d.property == "date" else v for d, v in zip(cb.deps, values, strict=True)]
    resp = world.browser(persona).dash(dash_body(cb, values))
    assert resp.status_code < 500
    if resp.status_code != 200:
        return None
    for outputs in (resp.get_json() or {}).get("response", {}).values():
        rows = (outputs.get("getRowsResponse") or {}).get("rowData") if isinstance(outputs, dict) else None
        if rows is not None:
            return [r.get("id") for r in rows]
    return None


@pytest.mark.parametrize("persona", ["eva", "support", "purchasing"])
def test_billing_figures_are_no_filter_or_sort_oracle(world: World, persona: str) -> None:
    """A role that may not read billing learns nothing about revenue by filtering or sorting the list by it.

    Revenue at 2026-03-15: o1 12754.08, o3 4711.13, o2 500, o4 none (open amounts 3000, 4711.13, 0, 0).
    If the grid honoured a filter or a sort on them, the two halves (greater / less than 900) or the
    two directions would differ; refused or ignored, they are the same.
    """
    def block(sort: list[dict[str, str]], filters: dict[str, object]) -> dict[str, object]:
        return {"startRow": 0, "endRow": 100, "sortModel": sort, "filterModel": filters}

    for col in ("revenue_12m", "open_amount"):
        above = _grid_ids(world, persona, block([], {col: {"filterType": "number", "type": "greaterThan",
                                                           "filter": 900}}))
        below = _grid_ids(world, persona, block([], {col: {"filterType": "number", "type": "lessThan",
                                                           "filter": 900}}))
        assert above == below, f"{persona}: the filter on {col} splits the list: {above} / {below}"
        down = _grid_ids(world, persona, block([{"colId": col, "sort": "desc"}], {}))
        up = _grid_ids(world, persona, block([{"colId": col, "sort": "asc"}], {}))
        assert down == up, f"{persona}: the sort on {col} orders the list: {down} / {up}"


def test_a_permission_change_holds_from_the_next_callback_call(world: World) -> None:
    """An admin gives support billing read: the very next record call shows the invoices tile and numbers."""
    def tile_ids(resp: TestResponse) -> set[str]:
        found: dict[str, dict[str, object]] = {}
        walk_components(resp.get_json(silent=True), found)
        return set(found)

    invoices_tile = json.dumps({"tile": "invoices", "type": "record-tile"}, separators=(",", ":"))
    try:
        before = _call(world, "support", "record-header.children")
        assert before.status_code < 500 and invoices_tile not in tile_ids(before)
        assert "RE-MARK-1" not in _call(world, "support", "record-timeline.children").get_data(as_text=True)
        policy.set_level(world.engine, ADMIN, Role.SUPPORT, Area.BILLING, Level.READ)
        after = _call(world, "support", "record-header.children")
        assert after.status_code == 200, f"support with billing read: the record answers {after.status_code}"
        assert invoices_tile in tile_ids(after)
        timeline = _call(world, "support", "record-timeline.children")
        assert timeline.status_code == 200 and "RE-MARK-1" in timeline.get_data(as_text=True)
        policy.set_level(world.engine, ADMIN, Role.SUPPORT, Area.BILLING, Level.NONE)
        again = _call(world, "support", "record-timeline.children")
        assert again.status_code < 500 and "RE-MARK-1" not in again.get_data(as_text=True)
    finally:  # PostgreSQL keeps the permissions table between tests
        policy.set_level(world.engine, ADMIN, Role.SUPPORT, Area.BILLING, Level.NONE)


def test_a_refused_callback_leaves_an_audit_entry_naming_the_user(world: World) -> None:
    """Support asks for the concentration (analytics: none), Eva for o2's record: both refused and audited."""
    support, eva = PERSONAS["support"], PERSONAS["eva"]
    resp = _call(world, "support", "concentration-figures.children")
    assert resp.status_code in (204, 403) or "concentration-kpi" not in resp.get_data(as_text=True)
    assert support.name in {who for who, _ in world.denials()}, world.denials()
    resp = _call(world, "eva", "record-header.children", target="o2")
    assert "Beta AG" not in resp.get_data(as_text=True)
    assert any(who == eva.name and "o2" in subject for who, subject in world.denials()), world.denials()


ENVELOPES: tuple[tuple[str, object | None, str | None], ...] = (
    ("not-json", None, "{'output': "),
    ("json-list", [1, 2, 3], None),
    ("json-string", "x", None),
    ("empty-object", {}, None),
    ("unknown-output", {"output": "password_hash.children", "outputs": {"id": "password_hash",
                        "property": "children"}, "inputs": [], "changedPropIds": []}, None),
    ("no-inputs-key", {"output": "record-letters.children",
                       "outputs": {"id": "record-letters", "property": "children"}}, None),
    ("inputs-not-a-list", {"output": "record-letters.children",
                           "outputs": {"id": "record-letters", "property": "children"}, "inputs": "o2"}, None),
    ("too-many-inputs", {"output": "record-letters.children",
                         "outputs": {"id": "record-letters", "property": "children"},
                         "inputs": [{"id": "record-org", "property": "data", "value": "o2"}] * 50}, None),
    ("input-without-value", {"output": "record-letters.children",
                             "outputs": {"id": "record-letters", "property": "children"},
                             "inputs": [{"id": "record-org"}, {}], "changedPropIds": ["record-org.data"]}, None),
    ("clientside-output", {"output": "abc-query.data", "outputs": {"id": "abc-query", "property": "data"},
                           "inputs": [], "changedPropIds": []}, None),
    ("deep-nesting", None, "[" * 20_000 + "]" * 20_000),
    ("wrong-content-type", {"output": "record-letters.children"}, "text/plain"),
)


@pytest.mark.parametrize("persona", ["anonymous", "eva", "support", "admin"])
def test_malformed_requests_to_the_callback_endpoint(world: World, persona: str) -> None:
    """Bodies no renderer sends: never a 5xx or a traceback; for the anonymous, 401."""
    p = PERSONAS[persona]
    browser = world.browser(persona)
    findings = Findings()
    forbidden = markers_for(world, p)
    before = world.checksum()
    for name, body, raw in ENVELOPES:
        if name == "wrong-content-type":
            def call(b: object = body) -> TestResponse:
                return browser.dash(None, raw=json.dumps(b), content_type="text/plain")
        else:
            def call(b: object = body, r: str | None = raw) -> TestResponse:
                return browser.dash(b, raw=r)
        findings.judge(world, p, "/_dash-update-component", name, call, forbidden)
    for change in changed_tables(before, world.checksum()):
        findings.add("db-changed", persona, "database", change, "after the envelopes")
    assert not findings, findings.report()


def test_every_signed_in_persona_is_a_real_user(world: World) -> None:
    """The personas signed in through /login: the layout of each names its user (and the anonymous none)."""
    for key in SIGNED_IN:
        assert PERSONAS[key].name in world.browser(key).get("/_dash-layout").get_data(as_text=True)
    assert world.browser("anonymous").get("/_dash-layout").status_code == 401
