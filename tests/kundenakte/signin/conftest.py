"""The web app as it runs (nobody signed in) and one account to sign in with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine

from tests.kundenakte.signin.helpers import add_account, dash_pages_cleared, web_app

ANNA = "anna"


@pytest.fixture
def web(engine: Engine) -> Iterator[Flask]:
    """`create_app` with the test key on SQLite and PostgreSQL, without the shared fixture's automatic sign-in."""
    with dash_pages_cleared():
        yield web_app(engine)


@pytest.fixture
def anna(engine: Engine) -> str:
    """An admin account `anna` with the test password (a cheap argon2 hash)."""
    add_account(engine, ANNA)
    return ANNA
