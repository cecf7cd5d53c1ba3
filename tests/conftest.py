"""Real databases for every test: SQLite and PostgreSQL, built by the migrations.

`db` is parametrised over both backends. PostgreSQL comes from
KUNDENAKTE_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
each xdist worker gets its own database, migrated once and truncated before
every test. Under CI (CI=true) an unreachable PostgreSQL fails the run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from core.db import make_engine, migrate
from core.schema import metadata

PG_URL = os.environ.get("KUNDENAKTE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
UNDER_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    admin = make_engine(PG_URL)
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:
        admin.dispose()
        if UNDER_CI:
            pytest.fail(f"PostgreSQL at {PG_URL} is required under CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} (set KUNDENAKTE_TEST_PG_URL)")
    # one database per worker and process: concurrent test runs never see each other's rows
    name = f"kundenakte_test_{_worker()}_{os.getpid()}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(make_engine(PG_URL).url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as conn:  # the seeded defaults, restored before every test
        for table in SEEDED_ROWS:
            SEEDED_ROWS[table] = [dict(r._mapping) for r in conn.execute(metadata.tables[table].select())]
    engine.dispose()
    yield url
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


SEEDED_TABLES = {"alembic_version", "opportunity_statuses", "permissions", "role_scopes"}
#: the rows the migrations seed, as they were right after them (filled by `pg_database_url`)
SEEDED_ROWS: dict[str, list[dict[str, object]]] = {"permissions": [], "role_scopes": []}


def _truncate_pg(engine: Engine) -> None:
    names = [t.name for t in metadata.sorted_tables if t.name not in SEEDED_TABLES]
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE"))
        for table, rows in SEEDED_ROWS.items():
            conn.execute(metadata.tables[table].delete())
            if rows:
                conn.execute(metadata.tables[table].insert(), rows)
        conn.execute(text("DELETE FROM opportunity_statuses"))
        conn.execute(text(
            "INSERT INTO opportunity_statuses (status, probability, outcome, position) VALUES "
            "('New', 5, 'open', 1), ('Standard quote', 10, 'open', 2), ('Negotiation', 50, 'open', 3), "
            "('Won', 100, 'won', 4), ('Rejected', 0, 'rejected', 5)"))


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A freshly migrated, empty database URL on each backend."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "kundenakte.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_database_url")
    engine = make_engine(url)
    _truncate_pg(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty migrated database (SQLite and PostgreSQL)."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """SQLite only: for tests of SQLite-specific behaviour."""
    path = tmp_path / "only-sqlite.db"
    shutil.copy(sqlite_template, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


def _clear_dash_pages() -> None:
    import dash._pages

    dash._pages.PAGE_REGISTRY.clear()
    dash._pages.CONFIG.clear()
    dash._pages.CONFIG.__dict__.clear()


@pytest.fixture
def app(engine: Engine) -> Iterator[Flask]:
    """`create_app` on the test engine with a test secret key, signed in as the admin `test-admin`.

    Every request that brings no session cookie (a new test client, `test_request_context`, the
    browser of dash.testing) arrives with the session the sign-in starts (`kundenakte.signin.sessions.begin`,
    see tests/kundenakte/signin/helpers.py); the sign-in's own tests build their app without that.
    Dash's Pages registry is global state, so it is cleared around the app.
    """
    from tests.kundenakte.signin.helpers import sign_everyone_in, web_app

    _clear_dash_pages()
    server = web_app(engine)
    sign_everyone_in(server, engine)
    yield server
    _clear_dash_pages()


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with the cheapest parameters for tests that hash many passwords: the same code path, far faster."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("services.signin.HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
