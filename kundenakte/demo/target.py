"""The database the demo goes into: refuse one that holds other data, serve its own demo again, or start afresh.

`kundenakte demo` marks a database it filled with what it generated (the `demo` entry of the config
table, written last, so a half-loaded run leaves no mark); a second run with the same size and seed
serves that database again instead of refusing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert, inspect, select

from core.db import sqlite_path
from core.schema import Agent, ConfigEntry, Organisation

#: the config key of the demo's mark (load_config ignores keys that are not business settings)
MARK_KEY = "demo"


@dataclass(frozen=True)
class DemoMark:
    """What `kundenakte demo` generated into a database: size, seed, the day the history ends, when."""

    size: str
    seed: int
    today: date
    made_at: str

    def describe(self) -> str:
        """`--size small --seed 42, history up to 2026-11-24` for messages."""
        return f"--size {self.size} --seed {self.seed}, history up to {self.today.isoformat()}"


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


def demo_mark(engine: Engine) -> DemoMark | None:
    """The mark of a database `kundenakte demo` filled, None for any other (or an unreadable mark)."""
    if "config" not in set(inspect(engine).get_table_names()):
        return None
    with engine.connect() as conn:
        value = conn.execute(select(ConfigEntry.value).where(ConfigEntry.key == MARK_KEY)).scalar()
    if not isinstance(value, dict):
        return None
    try:
        return DemoMark(size=str(value["size"]), seed=int(value["seed"]),
                        today=date.fromisoformat(str(value["today"])), made_at=str(value.get("made_at", "")))
    except (TypeError, KeyError, ValueError):
        return None


def mark_demo(engine: Engine, size: str, seed: int, today: date) -> DemoMark:
    """Mark the database as the demo of `size` and `seed` up to `today` (after it was loaded completely)."""
    mark = DemoMark(size=size, seed=seed, today=today, made_at=datetime.now().isoformat(timespec="seconds"))
    value = {"size": mark.size, "seed": mark.seed, "today": mark.today.isoformat(), "made_at": mark.made_at}
    with engine.begin() as conn:
        conn.execute(delete(ConfigEntry).where(ConfigEntry.key == MARK_KEY))
        conn.execute(insert(ConfigEntry).values(key=MARK_KEY, value=value, updated_at=datetime.now()))
    return mark


def remove_sqlite_database(url: str) -> Path | None:
    """Delete the SQLite file behind url (with its -wal/-shm companions); None for other databases."""
    path = sqlite_path(url)
    if path is None:
        return None
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    return path


__all__ = ["MARK_KEY", "DemoMark", "demo_mark", "has_data", "mark_demo", "remove_sqlite_database"]
