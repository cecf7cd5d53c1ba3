"""ensure_schema's fast path: the head read from the scripts' lines, Alembic asked only when the schema is behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

import core.db
from core.db import _alembic_config, current_revision, ensure_schema, make_engine, script_head


def _scripts(folder: Path, *scripts: str) -> Path:
    (folder / "versions").mkdir(parents=True)
    for i, body in enumerate(scripts):
        (folder / "versions" / f"{i:04d}_x.py").write_text(body, encoding="utf-8")
    return folder


def test_the_head_is_alembics(engine: Engine) -> None:
    """The head read from the lines is the one Alembic finds, and a migrated database is at it."""
    assert script_head() == ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    assert current_revision(engine) == script_head()


def test_anything_unusual_leaves_the_head_to_alembic(tmp_path: Path) -> None:
    """Annotated lines are read; a merge, a branch (two heads) or no plain literal gives None (ask Alembic)."""
    assert script_head(_scripts(tmp_path / "a", 'revision = "1"\ndown_revision = None\n',
                                "revision: str = '2'\ndown_revision: str | None = '1'\n")) == "2"
    assert script_head(_scripts(tmp_path / "b", 'revision = "1"\ndown_revision = None\n',
                                'revision = "2"\ndown_revision = ("1", "x")\n')) is None
    assert script_head(_scripts(tmp_path / "c", 'revision = "1"\ndown_revision = None\n',
                                'revision = "2"\ndown_revision = "1"\n',
                                'revision = "3"\ndown_revision = "1"\n')) is None
    assert script_head(_scripts(tmp_path / "d", "revision = make()\ndown_revision = None\n")) is None


def test_a_current_database_is_left_alone_and_one_behind_migrated(sqlite_engine: Engine, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """At the head nothing runs; without a revision (a new file) the migrations run up to the head."""
    monkeypatch.setattr(core.db, "migrate", lambda engine: pytest.fail("migrated a current database"))
    ensure_schema(sqlite_engine)
    monkeypatch.undo()
    empty = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert current_revision(empty) is None
        ensure_schema(empty)
        assert current_revision(empty) == script_head()
    finally:
        empty.dispose()
