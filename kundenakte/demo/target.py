"""The database the demo goes into: refuse one that already holds data, or start it afresh (SQLite only)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, inspect, select

from core.db import sqlite_path
from core.schema import Agent, Organisation


def has_data(engine: Engine) -> bool:
    """True when the database already holds organisations or agents (an empty or missing schema holds none)."""
    present = set(inspect(engine).get_table_names())
    if not {"organisations", "agents"} <= present:
        return False
    with engine.connect() as conn:
        for table in (Organisation, Agent):
            if conn.execute(select(func.count()).select_from(table)).scalar_one():
                return True
    return False


def remove_sqlite_database(url: str) -> Path | None:
    """Delete the SQLite file behind url (with its -wal/-shm companions); None for other databases."""
    path = sqlite_path(url)
    if path is None:
        return None
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    return path
