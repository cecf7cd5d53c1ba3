"""The pages, the navigation and the session as each persona (spec/analytics.md, "Security: need-to-know").

The layout holds only the navigation entries the role may see (dashboard/navigation.py's entries against
the spec's matrix); the anonymous are sent to /login for pages and get 401 from /_dash-*; hostile
query strings answer no 5xx and are never reflected as markup; sign-out ends the session; sign-in
refuses wrong and hostile credentials without a 5xx.
"""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.ids import Shell
from dashboard.navigation import nav_entries
from tests.security.conftest import (
    BIG,
    HTML,
    PASSWORD,
    PERSONAS,
    SIGNED_IN,
    SQL_DROP,
    SQL_OR,
    Browser,
    Findings,
    World,
    login_form,
    markers_for,
    page_paths,
    spec_reads,
)


def _hrefs(node: object, out: list[str]) -> list[str]:
    """Every `href` in a layout JSON, in order."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and isinstance(props.get("href"), str):
            out.append(props["href"])
        for value in node.values():
            _hrefs(value, out)
    elif isinstance(node, list):
        for value in node:
            _hrefs(value, out)
    return out


def _component(node: object, cid: str) -> dict[str, Any] | None:
    """The component with id `cid` in a layout JSON."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == cid:
            return node
        for value in node.values():
            found = _component(value, cid)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _component(value, cid)
            if found is not None:
                return found
    return None


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_navigation_holds_only_the_pages_the_role_may_see(world: World, persona: str) -> None:
    """The registered pages' areas against the spec's default matrix: e.g. no /concentration for sales,
    support or Eva."""
    p = PERSONAS[persona]
    resp = world.browser(persona).get("/_dash-layout")
    assert resp.status_code == 200
    layout = resp.get_json()
    nav = _component(layout, Shell.NAV)
    assert nav is not None, "the layout has no navigation"
    reads = spec_reads(p.role)
    entries = nav_entries()
    assert len(entries) >= 4, "the pages registered no navigation"
    expected = [e.path for e in entries if e.areas & reads]
    assert _hrefs(nav, []) == expected
    hidden = {e.path for e in entries if not e.areas & reads} - {"/"}
    assert not hidden & set(_hrefs(layout, [])), f"{persona}: links to pages it may not see anywhere in the layout"


def test_the_anonymous_are_sent_to_the_sign_in_page(world: World) -> None:
    """Pages redirect to /login, /_dash-* answer 401; none of it holds data of the world."""
    anonymous = world.browser("anonymous")
    findings = Findings()
    p = PERSONAS["anonymous"]
    forbidden = markers_for(world, p)
    for path in [*page_paths(world.app), "/organisation?id=o1", "/abc?aspect=customer"]:
        resp = anonymous.get(path)
        assert "/login" in (resp.location or ""), (path, resp.status_code, resp.location)
        findings.judge(world, p, path, "anonymous page", lambda u=path: anonymous.get(u), forbidden,
                       allowed_status=(302, 303))
    for path in ("/_dash-layout", "/_dash-dependencies", "/api/v1/organisations"):
        findings.judge(world, p, path, "anonymous", lambda u=path: anonymous.get(u), forbidden)
    page = anonymous.get("/login")
    assert page.status_code == 200
    findings.judge(world, p, "/login", "anonymous", lambda: anonymous.get("/login"), forbidden, allowed_status=(200,))
    assert not findings, findings.report()


HOSTILE_PAGES = ("/organisation?id=o2", "/organisation?id=o4", "/organisation?id=p2",
                 f"/organisation?id={HTML}", f"/abc?aspect={SQL_OR}&model={HTML}&view={SQL_DROP}",
                 f"/abc?before={HTML}&after=2026-13-45", "/concentration?aspect=supplier&by=" + BIG[:5000],
                 "/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/../../etc/passwd", "/_dash-layout?x=" + HTML)


@pytest.mark.parametrize("persona", ["eva", "support", "sales"])
def test_hostile_page_urls_answer_no_5xx_and_reflect_no_markup(world: World, persona: str) -> None:
    """What an attacker puts into the address bar: no 5xx, no traceback, no markers, no reflected script."""
    p = PERSONAS[persona]
    browser = world.browser(persona)
    findings = Findings()
    forbidden = markers_for(world, p)
    for url in HOSTILE_PAGES:
        findings.judge(world, p, url.split("?")[0][:40], url[:60], lambda u=url: browser.get(u), forbidden)
    assert not findings, findings.report()


def test_sign_out_ends_the_session(world: World) -> None:
    """POST /logout with the shell's token: afterwards the old cookie gets 401 from callbacks and the API."""
    browser = world.browser("support")
    assert browser.get("/_dash-layout").status_code == 200
    token = browser.page_token
    resp = browser.post("/logout", data={"csrf_token": token or ""})
    assert resp.status_code in (200, 302, 303), resp.status_code
    assert browser.get("/_dash-layout").status_code == 401
    assert browser.get("/api/v1/organisations").status_code == 401
    assert browser.dash({"output": "record-letters.children",
                         "outputs": {"id": "record-letters", "property": "children"},
                         "inputs": [{"id": "record-org", "property": "data", "value": "o1"}],
                         "changedPropIds": ["record-org.data"]}).status_code == 401


@pytest.mark.parametrize(("name", "password"), [
    ("sec-admin", "wrong password, long enough"),
    (SQL_OR, SQL_OR),
    ("sec-admin' --", PASSWORD),
    (HTML, HTML),
    ("sec-admin", BIG),
    (BIG, PASSWORD),
])
def test_sign_in_refuses_wrong_and_hostile_credentials(world: World, name: str, password: str) -> None:
    """A wrong or hostile name or password signs nobody in, answers no 5xx and reflects no markup."""
    browser = Browser(world.app, PERSONAS["anonymous"], "10.66.1.1")
    page = browser.get("/login")
    assert page.status_code == 200
    action, fields, user_field, password_field = login_form(page.get_data(as_text=True))
    fields.update({user_field: name, password_field: password})
    resp = browser.post(action, data=fields, headers={"Referer": "https://localhost/login"})
    assert resp.status_code < 500
    text = resp.get_data(as_text=True)
    assert "Traceback" not in text and HTML not in text
    assert browser.get("/_dash-layout").status_code == 401
