"""Engine factory, session scope, SQLite pragmas and the migration entry point.

SQLAlchemy Core only at import: the ORM (sessions), the pydantic settings and Alembic are loaded
where they are used, so a command that only queries (`kundenakte caller`) starts without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, Table, create_engine, event, exists, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import AddConstraint, DropConstraint

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.orm import Session


def _normalise_url(url: str) -> str:
    """Plain `postgresql://` URLs use psycopg 3, the driver we ship."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-200000")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """An engine for `url` (or the configured default), with SQLite tuned for analytics."""
    if not url:  # the environment's, read by the pydantic settings: only when no --db names one
        from core.settings import database_url

        url = database_url()
    url = _normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True)
    return engine


def is_postgres(engine_or_conn: object) -> bool:
    """True on PostgreSQL (and Citus); False on SQLite."""
    return engine_or_conn.dialect.name == "postgresql"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on error."""
    from sqlalchemy.orm import sessionmaker

    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def _migrations_folder() -> Path:
    """The Alembic script folder: the repository's migrations/, or the copy an installed wheel carries."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "migrations", here / "_migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise RuntimeError("migrations folder not found")  # pragma: no cover - a broken install


def _alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_migrations_folder()))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


_REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["']([\w-]+)["']\s*$""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(?:None|["']([\w-]+)["'])\s*$""", re.MULTILINE)


def script_head(folder: Path | None = None) -> str | None:
    """The head revision read from the scripts' own lines, without loading Alembic; None when unsure.

    Unsure (then ensure_schema asks Alembic): a script whose `revision` or `down_revision` is not one plain
    literal (a merge, a branch), or not exactly one head.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((folder or _migrations_folder()).glob("versions/*.py")):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(text), _DOWN.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (its alembic_version row), None when it has none or several."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return found[0] if len(found) == 1 else None


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (`alembic upgrade head`)."""
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def ensure_schema(engine: Engine) -> None:
    """Migrate when the schema is missing or behind; cheap when it is current (Alembic is not even loaded then)."""
    head = script_head()
    if head is not None and current_revision(engine) == head:
        return
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current != head:
        migrate(engine)


@contextmanager
def keys_checked_once(conn: Connection, table: Table) -> Iterator[None]:
    """Fill an empty `table` in bulk with its foreign keys checked in one query each (PostgreSQL).

    A deferred key queues a trigger event per written row, each checked at COMMIT (about 15 us:
    1.1 s for 72k rows); dropped before and re-added after the fill, it checks them all in one
    anti-join. Only for a table empty at the start (the first load: nobody reads it yet, so
    the exclusive lock costs nothing); anywhere else, and on SQLite, the keys stay as they are.
    """
    keys = sorted(table.foreign_key_constraints, key=lambda c: str(c.name))
    dropped = False
    if keys and is_postgres(conn) and not conn.execute(select(exists().select_from(table))).scalar():
        try:
            with conn.begin_nested():
                for key in keys:
                    conn.execute(DropConstraint(key))
            dropped = True
        except DBAPIError:  # earlier writes of this transaction left trigger events: the keys stay
            dropped = False
    yield
    if dropped:
        for key in keys:
            conn.execute(AddConstraint(key))


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None."""
    u = make_url(_normalise_url(url))
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def table_names(engine: Engine) -> list[str]:
    """Names of the tables present (for tests and diagnostics)."""
    return inspect(engine).get_table_names()
