"""kundenakte.db: bulk fills of derived tables keep their foreign keys (checked once on PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert, inspect
from sqlalchemy.exc import IntegrityError

from core.db import keys_checked_once
from core.schema import Organisation
from core.schema.admin import RelationshipStart


def _keys(engine: Engine) -> list[str]:
    return sorted(str(fk["name"]) for fk in inspect(engine).get_foreign_keys("relationship_starts"))


def test_keys_are_back_after_a_bulk_fill(engine: Engine) -> None:
    """After the fill the table has its foreign keys again, and the rows are in."""
    before = _keys(engine)
    with engine.begin() as conn:
        conn.execute(insert(Organisation), [{"id": "o1", "name": "One", "relationship_mode": "auto", "vip": False}])
        with keys_checked_once(conn, RelationshipStart.__table__):
            conn.execute(insert(RelationshipStart), [{"organisation_id": "o1", "customer_since": None,
                                                       "supplier_since": None}])
    assert before and _keys(engine) == before
    with engine.connect() as conn:
        assert conn.execute(RelationshipStart.__table__.select()).all() == [("o1", None, None)]


def test_a_dangling_reference_is_still_refused(engine: Engine) -> None:
    """A row naming no organisation fails when the key comes back (PostgreSQL) or at COMMIT (SQLite): nothing stays."""
    with (pytest.raises(IntegrityError), engine.begin() as conn,
          keys_checked_once(conn, RelationshipStart.__table__)):
        conn.execute(insert(RelationshipStart), [{"organisation_id": "nobody", "customer_since": None,
                                                   "supplier_since": None}])
    with engine.connect() as conn:
        assert conn.execute(RelationshipStart.__table__.select()).all() == []
