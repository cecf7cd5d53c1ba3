"""kundenakte.web (issue 19): the gate before every route, the headers, the limits, the errors, the secret key."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pydantic import SecretStr
from sqlalchemy import Engine

from core.errors import InvalidInput
from core.settings import Settings
from kundenakte.web import check_secret_key, create_app
from tests.kundenakte.orgdata import org_list_data
from tests.kundenakte.signin.helpers import (
    TEST_PASSWORD,
    TEST_SECRET_KEY,
    add_account,
    csrf_token,
    dash_pages_cleared,
    session_cookie,
    sign_in,
    web_app,
)
from tests.support import seed

MiB = 1024 * 1024
#: a body as the renderer sends it (which callback does not matter for the gate)
DASH_BODY = {"output": "orglist-count.children", "outputs": {"id": "orglist-count", "property": "children"},
             "inputs": [], "changedPropIds": []}


@pytest.fixture
def web(engine: Engine) -> Iterator[Flask]:
    """The app as it runs (nobody signed in), with the organisation list's data and an account `anna`."""
    seed(engine, org_list_data())
    add_account(engine, "anna")
    with dash_pages_cleared():
        yield web_app(engine)


@pytest.fixture
def local(sqlite_engine: Engine) -> Iterator[Flask]:
    """The same on SQLite only, for what does not touch the database's dialect (headers, limits)."""
    add_account(sqlite_engine, "anna")
    with dash_pages_cleared():
        yield web_app(sqlite_engine)


def _signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, "anna").status_code == 303
    return client


# --- the gate ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/_dash-layout"), ("GET", "/_dash-dependencies"), ("POST", "/_dash-update-component"),
    ("GET", "/api/v1/organisations"), ("GET", "/api/v1/organisations/o01"), ("GET", "/api/v1/abc/customer"),
    ("GET", "/_reload-hash"), ("GET", "/api/v1"),
])
def test_nobody_signed_in_gets_401_json_and_no_data(web: Flask, method: str, path: str) -> None:
    """Dash's endpoints and the API without a session: 401, a JSON error, nothing of the data."""
    r = web.test_client().open(path, method=method, json=DASH_BODY if method == "POST" else None)
    assert r.status_code == 401 and r.is_json
    assert r.get_json() == {"error": "not_signed_in", "expired": False, "login": "/login"}
    assert "Alpha" not in r.get_data(as_text=True)


def test_the_same_requests_signed_in_get_the_data(web: Flask) -> None:
    client = _signed_in(web)
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/_dash-dependencies").status_code == 200
    api = client.get("/api/v1/organisations?as_of=2026-03-15")
    assert api.status_code == 200 and "Alpha GmbH" in api.get_data(as_text=True)


@pytest.mark.parametrize(("path", "location"), [
    ("/", "/login"), ("/abc", "/login?next=/abc"), ("/organisation?id=o01", "/login?next=/organisation?id%3Do01"),
    ("/nicht-da", "/login?next=/nicht-da"),
])
def test_pages_redirect_to_the_sign_in_with_next(web: Flask, path: str, location: str) -> None:
    r = web.test_client().get(path)
    assert r.status_code == 302 and r.location == location
    assert "Alpha" not in r.get_data(as_text=True)


def test_static_files_health_and_the_sign_in_page_are_public(web: Flask) -> None:
    """/login, /healthz, /assets/, /_dash-component-suites/ and /_favicon.ico answer without a session."""
    index = _signed_in(web).get("/").get_data(as_text=True)
    suites = re.findall(r'src="(/_dash-component-suites/[^"]+)"', index)
    assets = re.findall(r'src="(/assets/[^"]+)"', index)
    assert suites and assets
    anonymous = web.test_client()
    for path in ["/login", "/healthz", "/_favicon.ico", "/assets/style.css", suites[0], suites[-1], assets[0]]:
        with anonymous.get(path) as r:
            assert r.status_code == 200, path
    assert anonymous.get("/healthz").get_data(as_text=True) == "ok\n"


def test_the_gate_puts_the_signed_in_user_with_its_address_into_g(web: Flask) -> None:
    """The contract of dashboard.context / kundenakte.api.context: g.kundenakte_user is the CurrentUser."""
    from flask import g

    from kundenakte.web import resolve_user

    client = web.test_client()
    client.environ_base.update(REMOTE_ADDR="10.4.4.4", HTTP_USER_AGENT="Testbrowser/1")
    sign_in(client, "anna")
    cookie = session_cookie(client, web)
    headers = {"Cookie": f"{web.config['SESSION_COOKIE_NAME']}={cookie}", "User-Agent": "Testbrowser/1"}
    with web.test_request_context("/_dash-layout", headers=headers, environ_base={"REMOTE_ADDR": "10.4.4.4"}):
        assert resolve_user() is None
        user = g.kundenakte_user
    assert (user.id, user.role.value, user.address) == ("anna", "admin", "10.4.4.4") and user.user_id


# --- JSON only where no CSRF token is asked for ------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_dash_dispatch_refuses_what_a_cross_site_form_can_send(web: Flask, content_type: str | None) -> None:
    """A cross-site form posts text/plain, urlencoded or multipart: 400, the callback does not run."""
    client = _signed_in(web)
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post("/_dash-update-component", data=json.dumps(DASH_BODY), headers=headers)
    assert r.status_code == 400 and r.get_json()["error"] == "unsupported_content_type"


def test_dash_dispatch_takes_json_without_a_csrf_token(web: Flask) -> None:
    """The renderer's own request (application/json, no token) passes the CSRF check."""
    client = _signed_in(web)
    r = client.post("/_dash-update-component", json=DASH_BODY)
    assert r.status_code != 400 or "csrf" not in r.get_data(as_text=True).lower()
    assert "unsupported_content_type" not in r.get_data(as_text=True)


def test_api_writes_must_be_json(local: Flask) -> None:
    client = _signed_in(local)
    assert client.post("/api/v1/organisations", data="a=b", content_type="text/plain").status_code == 400
    assert client.post("/api/v1/organisations", json={}).status_code == 405  # no such route, but not refused


# --- limits and errors --------------------------------------------------------------------------------------


def test_a_body_over_8_mib_gets_413(local: Flask) -> None:
    """MAX_CONTENT_LENGTH: a 9 MiB callback body is 413, signed in or not; 7 MiB is read."""
    body = json.dumps({**DASH_BODY, "padding": "x" * (9 * MiB)})
    assert _signed_in(local).post("/_dash-update-component", data=body,
                                  content_type="application/json").status_code == 413
    assert local.test_client().post("/_dash-update-component", data=body,
                                    content_type="application/json").status_code == 413
    assert local.test_client().post("/login", data={"name": "x" * (9 * MiB)}).status_code == 413
    small = json.dumps({**DASH_BODY, "padding": "x" * (7 * MiB)})
    assert _signed_in(local).post("/_dash-update-component", data=small,
                                  content_type="application/json").status_code != 413


def test_an_error_shows_no_traceback(sqlite_engine: Engine) -> None:
    """A failing route: a plain 500 page (JSON on /_* and /api/*), the traceback only in the log."""
    add_account(sqlite_engine, "anna")
    with dash_pages_cleared():
        app = web_app(sqlite_engine)

        def boom() -> str:
            raise RuntimeError("geheimes Detail aus /work/main/services/x.py")

        app.add_url_rule("/boom", "boom", boom)
        app.add_url_rule("/_boom", "_boom", boom)
        client = _signed_in(app)
        page, data = client.get("/boom"), client.get("/_boom")
    assert page.status_code == data.status_code == 500
    assert data.get_json() == {"error": "internal_error"}
    for text in (page.get_data(as_text=True), data.get_data(as_text=True)):
        assert "Traceback" not in text and "geheimes Detail" not in text and "RuntimeError" not in text
        assert "/work/main" not in text and 'File "' not in text
    assert "Interner Fehler" in page.get_data(as_text=True)


# --- headers ---------------------------------------------------------------------------------------------------


def _csp(response_headers: object) -> dict[str, list[str]]:
    value = response_headers["Content-Security-Policy"]  # type: ignore[index]
    return {d.split()[0]: d.split()[1:] for d in value.split(";") if d.strip()}


def test_security_headers_on_pages_dash_and_the_sign_in(local: Flask) -> None:
    """CSP with Dash's script hashes and no unsafe-eval, frame-ancestors 'none', nosniff, Referrer-Policy, no HSTS."""
    dash_app = local.extensions["kundenakte"]["dash"]
    client = _signed_in(local)
    for path in ["/", "/_dash-layout", "/login", "/api/v1/organisations"]:
        r = client.get(path) if path != "/login" else local.test_client().get(path)
        csp = _csp(r.headers)
        assert csp["script-src"][0] == "'self'" and set(dash_app.csp_hashes()) <= set(csp["script-src"])
        assert "'unsafe-eval'" not in r.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp["script-src"]
        assert csp["frame-ancestors"] == ["'none'"] and csp["default-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'", "'unsafe-inline'"] and csp["object-src"] == ["'none'"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "same-origin"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in r.headers
        assert "Server" not in r.headers


def test_every_inline_script_of_the_page_is_hashed_in_the_csp(local: Flask) -> None:
    """What the browser would refuse: each inline <script> of the index (outside IE comments) has its hash."""
    r = _signed_in(local).get("/")
    html = re.sub(r"<!--.*?-->", "", r.get_data(as_text=True), flags=re.S)
    allowed = set(_csp(r.headers)["script-src"])
    inline = [m.group(2) for m in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S)
              if "src=" not in m.group(1) and "application/json" not in m.group(1)]
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, script[:80]


def test_no_store_on_everything_but_static_files(local: Flask) -> None:
    """After sign-out the back button shows nothing: no-store on pages, Dash and API answers; static files cache."""
    client = _signed_in(local)
    for path in ["/", "/abc", "/_dash-layout", "/_dash-dependencies", "/api/v1/organisations", "/login"]:
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    with client.get("/assets/style.css") as static:
        assert "no-store" not in (static.headers.get("Cache-Control") or "")


# --- the secret key ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "fallbacks", "words"), [
    (None, None, "KUNDENAKTE_SECRET_KEY is not set"),
    ("", None, "KUNDENAKTE_SECRET_KEY is not set"),
    ("change-me-in-production", None, "KUNDENAKTE_SECRET_KEY is a well-known"),
    ("a" * 64, None, "KUNDENAKTE_SECRET_KEY is a well-known or trivial"),
    ("9f8e7d6c5b4a3210fedcba98765432", None, "KUNDENAKTE_SECRET_KEY has 30 bytes, at least 32"),
    (TEST_SECRET_KEY, "kurz-1234", "KUNDENAKTE_SECRET_KEY_FALLBACKS has 9 bytes"),
    (TEST_SECRET_KEY, f"{TEST_SECRET_KEY[::-1]},change-me-in-production", "KUNDENAKTE_SECRET_KEY_FALLBACKS is a"),
])
def test_the_app_refuses_a_missing_or_weak_secret_key(sqlite_engine: Engine, key: str | None,
                                                      fallbacks: str | None, words: str) -> None:
    settings = Settings(secret_key=None if key is None else SecretStr(key),
                        secret_key_fallbacks=None if fallbacks is None else SecretStr(fallbacks))
    with pytest.raises(InvalidInput, match=words):
        check_secret_key(settings)
    with dash_pages_cleared(), pytest.raises(InvalidInput, match="KUNDENAKTE_SECRET_KEY"):
        create_app(settings, engine=sqlite_engine)


def test_a_good_key_and_its_fallbacks_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rotation: KUNDENAKTE_SECRET_KEY_FALLBACKS is comma-separated (environment as Settings() reads it)."""
    old, older = "o" + TEST_SECRET_KEY[1:], TEST_SECRET_KEY[::-1]
    monkeypatch.setenv("KUNDENAKTE_SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("KUNDENAKTE_SECRET_KEY_FALLBACKS", f"{old}, {older}")
    assert check_secret_key(Settings()) == (TEST_SECRET_KEY, [old, older])


def test_a_cookie_signed_with_the_previous_key_survives_the_rotation(engine: Engine) -> None:
    """SECRET_KEY_FALLBACKS (Flask >= 3.1): the old key still reads cookies; without it they are anonymous."""
    add_account(engine, "anna")
    new_key = TEST_SECRET_KEY[::-1]
    with dash_pages_cleared():
        before = web_app(engine)
        client = _signed_in(before)
        cookie = session_cookie(client, before)
    for fallbacks, status in ((TEST_SECRET_KEY, 200), (None, 401)):
        with dash_pages_cleared():
            after = create_app(Settings(secret_key=new_key, secret_key_fallbacks=fallbacks), engine=engine)
            browser = after.test_client()
            browser.set_cookie(after.config["SESSION_COOKIE_NAME"], cookie or "")
            assert browser.get("/_dash-layout").status_code == status


def test_no_page_carries_another_users_name_or_token(web: Flask, engine: Engine) -> None:
    """Dash's validation layout (in every page's config) is built at start-up, not from the first visitor's request."""
    add_account(engine, "bert")
    first = _signed_in(web)
    first.get("/_dash-layout")
    with first.session_transaction() as s:
        token = s.get("csrf_token")
    second = web.test_client()
    assert sign_in(second, "bert").status_code == 303
    index = second.get("/").get_data(as_text=True)
    assert "_dash-config" in index and '"anna"' not in index and "anna" not in index
    assert token and token not in index


def test_the_browsers_own_icon_request_needs_no_session_and_starts_none(local: Flask) -> None:
    """A fresh browser asks for /favicon.ico beside the sign-in form: answered without a redirect to /login and
    without a session cookie, so the form's CSRF session stays the only one and the sign-in succeeds."""
    client = local.test_client()
    token = csrf_token(client)
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon.location.endswith("_favicon.ico")
    assert "Set-Cookie" not in icon.headers
    assert client.get(icon.location).status_code == 200
    answer = client.post("/login", data={"csrf_token": token, "name": "anna", "password": TEST_PASSWORD})
    assert answer.status_code == 303
