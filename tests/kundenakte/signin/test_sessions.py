"""Sessions done right (OWASP ASVS 5.0 V7): timeouts, cookie flags, no remember-me, no open redirect."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask_login.utils import encode_cookie
from sqlalchemy import Engine

from kundenakte.signin.sessions import SEEN_AT, SEEN_RESOLUTION, SIGNED_IN_AT, safe_next
from tests.kundenakte.signin.helpers import account_token, dash_pages_cleared, sign_in, web_app

HOUR = 3600


def _signed_in(app: Flask, name: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, name).status_code == 303
    return client


# --- timeouts -------------------------------------------------------------------------------------------


def test_idle_timeout_ends_the_session(web: Flask, anna: str) -> None:
    """30 minutes without a request: 401 for Dash (expired), the page redirects with the notice; the session is gone."""
    client = _signed_in(web, anna)
    with client.session_transaction() as s:
        s[SEEN_AT] = int(time.time()) - 30 * 60 - 5
    r = client.get("/_dash-layout")
    assert r.status_code == 401 and r.get_json() == {"error": "not_signed_in", "expired": True, "login": "/login"}
    with client.session_transaction() as s:
        assert "_user_id" not in s and SIGNED_IN_AT not in s
    page = client.get("/organisation?id=o1")
    assert page.status_code == 302 and page.location == "/login?next=/organisation?id%3Do1"


def test_idle_session_page_visit_says_it_expired(web: Flask, anna: str) -> None:
    client = _signed_in(web, anna)
    with client.session_transaction() as s:
        s[SEEN_AT] = int(time.time()) - 31 * 60
    r = client.get("/abc")
    assert r.status_code == 302 and r.location == "/login?next=/abc&m=expired"
    assert "Ihre Sitzung ist abgelaufen" in client.get(r.location).get_data(as_text=True)


def test_activity_keeps_the_session_and_moves_last_seen(web: Flask, anna: str) -> None:
    """29 minutes idle still works, and the request counts as activity (last seen is written again)."""
    client = _signed_in(web, anna)
    before = int(time.time()) - 29 * 60
    with client.session_transaction() as s:
        s[SEEN_AT] = before
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as s:
        assert s[SEEN_AT] >= int(time.time()) - SEEN_RESOLUTION
    with client.session_transaction() as s:
        s[SEEN_AT] = int(time.time()) - 20 * 60
    assert client.get("/_dash-layout").status_code == 200


def test_absolute_timeout_ends_an_active_session(web: Flask, anna: str) -> None:
    """12 hours after the sign-in the session ends however active it was."""
    client = _signed_in(web, anna)
    with client.session_transaction() as s:
        s[SIGNED_IN_AT] = int(time.time()) - 12 * HOUR - 5
        s[SEEN_AT] = int(time.time()) - 5
    r = client.get("/api/v1/organisations")
    assert r.status_code == 401 and r.get_json()["expired"] is True


def test_timeouts_follow_the_settings(engine: Engine, anna: str) -> None:
    """KUNDENAKTE_SESSION_IDLE_MINUTES / _ABSOLUTE_HOURS."""
    with dash_pages_cleared():
        app = web_app(engine, session_idle_minutes=5, session_absolute_hours=1)
        client = _signed_in(app, anna)
        with client.session_transaction() as s:
            s[SEEN_AT] = int(time.time()) - 6 * 60
        assert client.get("/_dash-layout").status_code == 401
        client = _signed_in(app, anna)
        with client.session_transaction() as s:
            s[SIGNED_IN_AT] = int(time.time()) - HOUR - 1
        assert client.get("/_dash-layout").status_code == 401
        assert app.permanent_session_lifetime.total_seconds() == HOUR


def test_a_session_without_its_times_is_not_signed_in(web: Flask, anna: str, engine: Engine) -> None:
    """A session holding only flask-login's user id (no sign-in time) is anonymous."""
    client = _signed_in(web, anna)
    with client.session_transaction() as s:
        del s[SIGNED_IN_AT]
    assert client.get("/_dash-layout").status_code == 401


def test_a_remember_me_cookie_is_never_set_nor_honoured(web: Flask, anna: str, engine: Engine) -> None:
    """flask-login's remember cookie: not set at sign-in; a valid one, made with the app's key, still gives 401."""
    client = web.test_client()
    r = sign_in(client, anna)
    assert not any(c.startswith("remember_token=") and "Max-Age=0" not in c for c in r.headers.getlist("Set-Cookie"))
    with web.test_request_context():
        forged = encode_cookie(account_token(engine, anna))
    stranger = web.test_client()
    stranger.set_cookie("remember_token", forged)
    assert stranger.get("/_dash-layout").status_code == 401
    assert stranger.get("/").status_code == 302


# --- the cookie -----------------------------------------------------------------------------------------------


def test_session_cookie_is_httponly_samesite_lax_and_not_secure_on_plain_http(web: Flask, anna: str) -> None:
    """Served on 127.0.0.1 without TLS (the default): HttpOnly, SameSite=Lax, no Secure, a browser-session cookie."""
    r = sign_in(web.test_client(), anna)
    cookie = next(c for c in r.headers.getlist("Set-Cookie") if c.startswith("kundenakte="))
    flags = [part.strip() for part in cookie.split(";")]
    assert "HttpOnly" in flags and "SameSite=Lax" in flags and "Path=/" in flags
    assert "Secure" not in flags
    assert not any(f.startswith(("Expires=", "Max-Age=")) for f in flags)


def test_secure_cookies_over_tls(engine: Engine, anna: str) -> None:
    """KUNDENAKTE_SECURE_COOKIES=true: the cookie is Secure and __Host- prefixed; HSTS on HTTPS answers."""
    with dash_pages_cleared():
        app = web_app(engine, secure_cookies=True)
        client = app.test_client()
        page = client.get("/login", base_url="https://kundenakte.example")
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        import re

        token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        r = client.post("/login", base_url="https://kundenakte.example",
                        headers={"Referer": "https://kundenakte.example/login"},
                        data={"csrf_token": token, "name": anna, "password": "Testpasswort-2026!"})
        assert r.status_code == 303
        cookie = next(c for c in r.headers.getlist("Set-Cookie") if c.startswith("__Host-kundenakte="))
        flags = [part.strip() for part in cookie.split(";")]
        assert {"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} <= set(flags)
        assert not any(f.startswith("Domain=") for f in flags)


# --- where a sign-in may send the browser --------------------------------------------------------------------

OPEN_REDIRECTS = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
    "https://evil.example", "http:evil.example", "HTTPS://evil.example/x", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "evil.example", "%2F%2Fevil.example",
    "/%2F/evil.example", "%2f%5cevil.example", "/%5Cevil.example", "%252F%252Fevil.example",
    "/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n//evil.example", " //evil.example",
    "//evil.example/%2e%2e", "/login", "/logout", "/login?next=//evil.example", "", None, "/" + "a" * 3000,
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_refuses_everything_but_a_local_path(target: str | None) -> None:
    """Open redirect: every one of these ends on /."""
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/", "/abc", "/abc?aspect=supplier&view=movements", "/organisation?id=o%2001",
                                    "/concentration#top"])
def test_next_keeps_a_local_path(target: str) -> None:
    assert safe_next(target) == target
