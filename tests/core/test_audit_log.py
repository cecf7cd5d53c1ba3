"""The audit log is append-only: the database itself refuses to change or delete a row (both dialects)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from core.schema import AuditLogEntry


def test_rows_are_added_but_never_changed_or_deleted(engine: Engine) -> None:
    a = AuditLogEntry
    with engine.begin() as conn:
        conn.execute(insert(a).values(at=datetime(2026, 12, 3), who="ada", action="sign_in", subject="ada"))
    for statement in (update(a).values(who="mallory"), delete(a)):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(statement)
    with engine.connect() as conn:
        assert conn.execute(select(a.who)).scalars().all() == ["ada"]
        assert conn.execute(select(func.count()).select_from(a)).scalar_one() == 1
