"""Sign-in for tests: the test secret key, accounts, a real sign-in through the form, and a signed-in app.

`sign_everyone_in(app, ...)` is what the shared `app` fixture (tests/conftest.py) uses: the session
cookie of one real sign-in becomes the session of every request that brings none, so tests of the
dashboard and the API (test clients, `test_request_context`, dash.testing's browser) run as a
signed-in admin without knowing about the sign-in. Tests of the sign-in itself use an app without it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from flask import Flask, Request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.testing import FlaskClient
from sqlalchemy import Engine, insert, select
from werkzeug.test import TestResponse

from core.schema import User
from core.settings import Settings
from core.vocabulary import Role
from kundenakte.signin.sessions import SEEN_AT, SIGNED_IN_AT, SignedIn, begin
from services.commands.users import add_user
from services.signin import new_session_token, user_by_token
from services.users import SYSTEM

#: 48 bytes, not a known value: what create_app accepts
TEST_SECRET_KEY = "kundenakte-tests-4f0c9e2a7b1d58e36a90c4b2d7e15f83"
TEST_ADMIN = "test-admin"
TEST_PASSWORD = "Testpasswort-2026!"


@contextmanager
def dash_pages_cleared() -> Iterator[None]:
    """Dash's Pages registry is global state: empty before an app is built and after the test."""
    import dash._pages

    def clear() -> None:
        dash._pages.PAGE_REGISTRY.clear()
        dash._pages.CONFIG.clear()
        dash._pages.CONFIG.__dict__.clear()

    clear()
    try:
        yield
    finally:
        clear()


def web_app(engine: Engine, **settings: Any) -> Flask:
    """`create_app` on the test engine with the test key (and any other setting given)."""
    from kundenakte.web import create_app

    return create_app(Settings(secret_key=TEST_SECRET_KEY, **settings), engine=engine)


@cache
def _cheap_hash(password: str) -> str:
    """An argon2id hash with the smallest parameters: verified in a millisecond instead of most of a second."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(password)


def add_account(engine: Engine, name: str, role: Role = Role.ADMIN, password: str = TEST_PASSWORD, *,
                real_hash: bool = False, **links: str | None) -> None:
    """An account: by `add_user` (the production argon2 parameters) when `real_hash`, else written directly
    with a cheap argon2 hash of the password (what a sign-in verifies, then re-hashes with the real ones)."""
    if real_hash:
        add_user(engine, SYSTEM, name, role, password, **links)
        return
    now = datetime.now()
    with engine.begin() as conn:
        conn.execute(insert(User).values(
            name=name, role=role.value, agent_id=links.get("agent_id"), contact_id=links.get("contact_id"),
            password_hash=_cheap_hash(password), session_token=new_session_token(), active=True, locale="de",
            created_at=now, password_changed_at=now))


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the sign-in form the client is shown now."""
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:300]
    return found.group(1)


def sign_in(client: FlaskClient, name: str = TEST_ADMIN, password: str = TEST_PASSWORD,
            next_path: str | None = None, **extra: str) -> TestResponse:
    """Sign the client in the way a person does: the form's CSRF token, then POST name and password."""
    data = {"csrf_token": csrf_token(client), "name": name, "password": password, **extra}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/login", data=data)


def session_cookie(client: FlaskClient, app: Flask) -> str | None:
    """The value of the client's session cookie (None without one)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return None if cookie is None else cookie.value


class _SignedInSessions(SecureCookieSessionInterface):
    """A request without a session cookie gets the session of one real sign-in (fresh times, its own address)."""

    def __init__(self, signed_in: dict[str, Any]) -> None:
        self.signed_in = signed_in

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        session = super().open_session(app, request)
        if session is not None and not session and app.config["SESSION_COOKIE_NAME"] not in request.cookies:
            now = int(time.time())
            session.update(self.signed_in)
            # flask-login's "strong" protection binds the session to the address and browser of the request
            session["_id"] = app.login_manager._session_identifier_generator()  # type: ignore[attr-defined]
            session[SIGNED_IN_AT] = session[SEEN_AT] = now
        return session


def account_token(engine: Engine, name: str) -> str:
    """The session token of the account `name` (what its cookie carries)."""
    with engine.connect() as conn:
        return str(conn.execute(select(User.session_token).where(User.name == name)).scalar_one())


def sign_everyone_in(app: Flask, engine: Engine, name: str = TEST_ADMIN, role: Role = Role.ADMIN) -> None:
    """Every request that brings no session cookie arrives signed in as `name` (an account made here).

    The session is the one `kundenakte.signin.sessions.begin` makes at a sign-in (without spending
    the argon2 time of a POST /login on every test).
    """
    add_account(engine, name, role)
    token = account_token(engine, name)
    user = user_by_token(engine, token)
    assert user is not None
    with app.test_request_context("/login"):
        begin(SignedIn(user, token))
        signed_in = dict(session)
    app.session_interface = _SignedInSessions(signed_in)


__all__ = ["TEST_ADMIN", "TEST_PASSWORD", "TEST_SECRET_KEY", "account_token", "add_account", "csrf_token",
           "dash_pages_cleared", "session_cookie", "sign_everyone_in", "sign_in", "web_app"]
