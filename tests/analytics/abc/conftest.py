"""Fixtures of the ABC tests: the help's examples seeded into the test database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.analytics.abc.rows import ingo_scenario
from tests.support import seed


@pytest.fixture
def ingo(engine: Engine) -> Engine:
    """The help's Ingo Prospect example (`ingo_scenario`): Ingo and four other prospects with one opportunity each."""
    seed(engine, ingo_scenario())
    return engine
