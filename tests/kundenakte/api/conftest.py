"""What the API tests share: the web app as it runs over a module's own `world`, nobody signed in, so a
request is only what its token makes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from tests.kundenakte.signin.helpers import dash_pages_cleared, web_app


@pytest.fixture
def client(world: Engine) -> Iterator[FlaskClient]:
    """A test client of the whole web app over the module's `world` database."""
    with dash_pages_cleared():
        app: Flask = web_app(world)
        yield app.test_client()
