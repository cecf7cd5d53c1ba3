"""The web app on a test database, with Dash's global Pages registry reset around each test."""

from __future__ import annotations

from collections.abc import Iterator

import dash._pages
import pytest
from flask import Flask
from sqlalchemy import Engine

from kundenakte.web import create_app


def _clear_pages() -> None:
    dash._pages.PAGE_REGISTRY.clear()
    dash._pages.CONFIG.clear()
    dash._pages.CONFIG.__dict__.clear()


@pytest.fixture
def app(engine: Engine) -> Iterator[Flask]:
    """`create_app` on the test engine; the Pages registry is global state, so it is cleared afterwards."""
    _clear_pages()
    yield create_app(engine=engine)
    _clear_pages()
