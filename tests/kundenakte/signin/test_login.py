"""GET/POST /login and POST /logout (issue 19): the page, the answers, the session it starts and ends."""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

import services.signin as signin_service
from core.vocabulary import Role
from services import audit
from services.commands.users import change_password, disable_user
from services.users import SYSTEM
from tests.kundenakte.signin.conftest import ANNA
from tests.kundenakte.signin.helpers import (
    TEST_PASSWORD,
    add_account,
    csrf_token,
    session_cookie,
    sign_in,
)


def _layout_token(client: FlaskClient) -> str:
    """The CSRF token of the shell's sign-out form (in the signed-in layout)."""
    found = re.search(r'"name":\s*"csrf_token"[^}]*?"value":\s*"([^"]+)"|"value":\s*"([^"]+)"[^}]*?"name":\s*'
                      r'"csrf_token"', client.get("/_dash-layout").get_data(as_text=True))
    assert found, "the shell has no sign-out form with a CSRF token"
    return found.group(1) or found.group(2)


def _anonymous(app: Flask, cookie: str | None, address: str = "127.0.0.1") -> bool:
    """Whether a browser at `address` that brings `cookie` as its session is refused (401 on the layout)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if cookie is not None:
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return client.get("/_dash-layout").status_code == 401


def _without_tokens(html: str) -> str:
    return re.sub(r'value="[^"]*"', 'value=""', html)


# --- the page -------------------------------------------------------------------------------------------


def test_the_page_is_german_by_default_with_a_form_and_no_script(web: Flask) -> None:
    """The sign-in page: German, name + password + CSRF token posted to /login, the app's stylesheet, no script."""
    r = web.test_client().get("/login")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert '<html lang="de">' in html and "Benutzername" in html and "Passwort" in html
    assert re.search(r'<form[^>]*method="post"[^>]*action="/login"', html)
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]+"', html)
    assert 'type="text" id="signin-name" name="name"' in html and 'type="password"' in html
    assert 'href="/assets/style.css"' in html
    assert "<script" not in html and not re.search(r'(src|href)="(https?:)?//', html)


@pytest.mark.parametrize(("query", "header", "lang"), [
    ("?lang=en", None, "en"),
    ("", "en-US,en;q=0.9", "en"),
    ("", "fr-FR,fr;q=0.9", "de"),
    ("?lang=de", "en", "de"),
    ("?lang=xx", None, "de"),
])
def test_language_from_the_query_or_the_browser(web: Flask, query: str, header: str | None, lang: str) -> None:
    """English by `?lang=en` or Accept-Language; German otherwise (an unknown `lang` is ignored)."""
    headers = {"Accept-Language": header} if header else {}
    html = web.test_client().get(f"/login{query}", headers=headers).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert ("User name" in html) is (lang == "en") and ("Benutzername" in html) is (lang == "de")


def test_the_next_field_only_keeps_a_local_path(web: Flask) -> None:
    """`next` goes into the form only as a local path (an outside address becomes /)."""
    client = web.test_client()
    kept = client.get("/login?next=/abc%3Faspect%3Dsupplier").get_data(as_text=True)
    assert 'name="next" value="/abc?aspect=supplier"' in kept
    dropped = client.get("/login?next=//evil.example/x").get_data(as_text=True)
    assert 'name="next" value="/"' in dropped and "evil" not in dropped


# --- signing in ---------------------------------------------------------------------------------------------


def test_the_right_password_signs_in_and_goes_to_next(web: Flask, anna: str, engine: Engine) -> None:
    """Right name and password: 303 to `next`, the layout answers, the sign-in is audited with the address."""
    client = web.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    r = sign_in(client, anna, next_path="/abc?aspect=customer")
    assert r.status_code == 303 and r.location == "/abc?aspect=customer"
    assert client.get("/_dash-layout").status_code == 200
    entry = audit.entries(engine, action="sign_in")[0]
    assert (entry.who, entry.address) == (ANNA, "10.1.2.3")


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example",
                                    "javascript:alert(1)"])
def test_sign_in_never_redirects_off_site(web: Flask, anna: str, target: str) -> None:
    """A hostile `next` in the form: the sign-in lands on / (the full list: test_sessions)."""
    r = sign_in(web.test_client(), anna, next_path=target)
    assert r.status_code == 303 and r.location == "/"


def test_wrong_password_and_unknown_user_get_the_same_answer(web: Flask, anna: str) -> None:
    """Same status, same page, same text, for a wrong password and an unknown name; no session."""
    client = web.test_client()
    wrong = sign_in(client, anna, "falsches-Passwort-1")
    unknown = sign_in(web.test_client(), "niemand", "falsches-Passwort-1")
    assert wrong.status_code == unknown.status_code == 401
    w, u = wrong.get_data(as_text=True), unknown.get_data(as_text=True)
    assert "Benutzername oder Passwort ist falsch." in w and "Benutzername oder Passwort ist falsch." in u
    assert _without_tokens(w) == _without_tokens(u)
    assert client.get("/_dash-layout").status_code == 401


def test_unknown_user_and_wrong_password_both_verify_an_argon2_hash(
        web: Flask, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing: an unknown name is checked against a dummy hash, so both take the argon2 time (> 10 ms each)."""
    add_account(engine, "bert", real_hash=True)
    real = signin_service.HASHER
    verified: list[str] = []

    class Spy:
        def verify(self, hashed: str, password: str) -> bool:
            verified.append(hashed)
            return real.verify(hashed, password)

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    monkeypatch.setattr(signin_service, "HASHER", Spy())
    client = web.test_client()
    token = csrf_token(client)
    times = []
    for name in ("bert", "niemand"):
        start = time.perf_counter()
        r = client.post("/login", data={"csrf_token": token, "name": name, "password": "falsches-Passwort-1"})
        times.append(time.perf_counter() - start)
        assert r.status_code == 401
    assert len(verified) == 2 and all(h.startswith("$argon2id$") for h in verified)
    assert min(times) > 0.010
    assert max(times) < 10 * min(times)


def test_sign_in_without_csrf_token_is_refused(web: Flask, anna: str) -> None:
    """CSRF: POST /login without the form's token (or with a forged one) is 400 and signs nobody in."""
    client = web.test_client()
    missing = client.post("/login", data={"name": anna, "password": TEST_PASSWORD})
    forged = client.post("/login", data={"name": anna, "password": TEST_PASSWORD, "csrf_token": "x" * 40})
    assert missing.status_code == forged.status_code == 400
    assert "Das Formular war nicht mehr gültig" in missing.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401


def test_session_fixation_a_cookie_from_before_the_sign_in_stays_anonymous(web: Flask, anna: str) -> None:
    """session.clear() before login_user: nothing planted before the sign-in survives it, the old cookie is useless."""
    client = web.test_client()
    client.get("/login")
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
    before = session_cookie(client, web)
    assert sign_in(client, anna).status_code == 303
    after = session_cookie(client, web)
    assert before and after and before != after
    with client.session_transaction() as now:
        assert "planted" not in now
    assert _anonymous(web, before) and not _anonymous(web, after)


def test_a_cookie_copied_to_another_address_or_browser_is_anonymous(web: Flask, anna: str) -> None:
    """flask-login's strong session protection: the session is bound to the address and the browser."""
    client = web.test_client()
    sign_in(client, anna)
    cookie = session_cookie(client, web)
    assert not _anonymous(web, cookie)
    assert _anonymous(web, cookie, "192.0.2.66")
    other_browser = web.test_client()
    other_browser.set_cookie(web.config["SESSION_COOKIE_NAME"], cookie or "")
    assert other_browser.get("/_dash-layout", headers={"User-Agent": "curl/8"}).status_code == 401


def test_signed_in_visit_of_the_login_page_goes_on(web: Flask, anna: str) -> None:
    """GET /login while signed in: straight to `next`."""
    client = web.test_client()
    sign_in(client, anna)
    r = client.get("/login?next=/concentration")
    assert r.status_code == 303 and r.location == "/concentration"


# --- signing out, and what ends a session -----------------------------------------------------------------


def test_sign_out_rotates_the_token_so_a_replayed_cookie_is_anonymous(web: Flask, anna: str, engine: Engine) -> None:
    """POST /logout (with CSRF): back to the sign-in page; the cookie of before, replayed, gets 401."""
    client = web.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.9.8.7"
    sign_in(client, anna)
    cookie = session_cookie(client, web)
    assert not _anonymous(web, cookie, "10.9.8.7")
    r = client.post("/logout", data={"csrf_token": _layout_token(client)})
    assert r.status_code == 303 and r.location.startswith("/login?m=signed_out")
    assert "Sie haben sich abgemeldet." in client.get(r.location).get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401
    assert _anonymous(web, cookie, "10.9.8.7")
    entry = audit.entries(engine, action="sign_out")[0]
    assert (entry.who, entry.address) == (ANNA, "10.9.8.7")


def test_sign_out_needs_the_csrf_token(web: Flask, anna: str) -> None:
    """A cross-site POST /logout (no token) is refused; the session goes on."""
    client = web.test_client()
    sign_in(client, anna)
    assert client.post("/logout").status_code == 400
    assert client.get("/_dash-layout").status_code == 200


def test_sign_out_of_nobody_goes_to_the_sign_in_page(web: Flask) -> None:
    r = web.test_client().post("/logout")
    assert r.status_code == 302 and r.location.startswith("/login")


@pytest.mark.parametrize("change", ["password", "disable"])
def test_password_change_and_disabling_end_the_session(web: Flask, anna: str, engine: Engine, change: str) -> None:
    """services.commands.users: a new password or a disabled account replaces the token: the cookie is dead."""
    client = web.test_client()
    sign_in(client, anna)
    assert client.get("/_dash-layout").status_code == 200
    if change == "password":
        change_password(engine, SYSTEM, anna, "ein-ganz-neues-Passwort")
    else:
        disable_user(engine, SYSTEM, anna)
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/").status_code == 302


def test_a_disabled_account_cannot_sign_in(web: Flask, anna: str, engine: Engine) -> None:
    disable_user(engine, SYSTEM, anna)
    r = sign_in(web.test_client(), anna)
    assert r.status_code == 401 and "Benutzername oder Passwort ist falsch." in r.get_data(as_text=True)


def test_an_external_user_signs_in_too(web: Flask, engine: Engine) -> None:
    """Every sign-in role gets a session (the dashboard decides what it shows)."""
    from tests.support import seed

    seed(engine, {"organisations": [{"id": "o1", "name": "Kunde GmbH"}],
                  "contacts": [{"id": "c1", "organisation_id": "o1", "last_name": "Extern"}]})
    add_account(engine, "eva", Role.EXTERNAL, contact_id="c1")
    client = web.test_client()
    assert sign_in(client, "eva").status_code == 303
    assert client.get("/_dash-layout").status_code == 200


# --- throttling --------------------------------------------------------------------------------------------


def test_throttled_per_account_name(engine: Engine, anna: str) -> None:
    """5 attempts a minute per name (from any address, any spelling): the 6th is 429 with the page, even if right."""
    from tests.kundenakte.signin.helpers import dash_pages_cleared, web_app

    with dash_pages_cleared():
        app = web_app(engine, signin_limit_per_address="1000/minute")
        for i, spelling in enumerate(["anna", "Anna", " anna", "ANNA", "anna"]):
            client = app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"10.0.0.{i + 1}"
            assert sign_in(client, spelling, "falsches-Passwort-1").status_code == 401
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
        r = sign_in(client, anna)
        assert r.status_code == 429
        html = r.get_data(as_text=True)
        assert "Zu viele Anmeldeversuche" in html and 'name="password"' in html
        assert client.get("/_dash-layout").status_code == 401
        other = app.test_client()
        add_account(engine, "bert")
        assert sign_in(other, "bert").status_code == 303  # another name is not throttled


def test_throttled_per_address(engine: Engine, anna: str) -> None:
    """10 attempts a minute per address, whatever the names: the 11th is 429; another address goes on."""
    from tests.kundenakte.signin.helpers import dash_pages_cleared, web_app

    with dash_pages_cleared():
        app = web_app(engine, signin_limit_per_name="1000/minute")
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "10.0.1.1"
        for _ in range(10):
            assert sign_in(client, anna, "falsches-Passwort-1").status_code == 401
        r = sign_in(client, anna)
        assert r.status_code == 429 and "Zu viele Anmeldeversuche" in r.get_data(as_text=True)
        assert client.get("/login").status_code == 200  # showing the page is not an attempt
        elsewhere = app.test_client()
        elsewhere.environ_base["REMOTE_ADDR"] = "10.0.1.2"
        assert sign_in(elsewhere, anna).status_code == 303
