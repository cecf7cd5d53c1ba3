"""The migrations build exactly the schema the models declare, on both backends."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import Engine, insert, inspect, select

from analytics.relationships import holders
from core.db import _alembic_config
from core.schema import OpportunityStatus, Organisation, Quote, metadata
from core.schema.admin import ProspectSpan
from core.schema.base import autogenerate_filter


def test_migrated_tables_match_the_models(engine: Engine) -> None:
    """`alembic upgrade head` creates every table of core.schema, nothing less."""
    present = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= present


def test_default_opportunity_statuses_are_seeded(engine: Engine) -> None:
    """The help's statuses and probabilities (spec/analytics.md, worked example)."""
    with engine.connect() as conn:
        rows = dict(conn.execute(select(OpportunityStatus.status, OpportunityStatus.probability)).all())
    assert rows == {"New": 5, "Standard quote": 10, "Negotiation": 50, "Won": 100, "Rejected": 0}


def test_migrations_match_models_without_drift(engine: Engine) -> None:
    """Autogenerate finds nothing to add: no table was changed without a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": autogenerate_filter(conn.dialect.name)})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_migrated_columns_have_the_models_collation(engine: Engine) -> None:
    """Autogenerate does not compare collations: every column the models give one (the keys, COLLATE "C"
    on PostgreSQL) has it in the migrated database, and no other column has one."""
    dialect = engine.dialect
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        migrated = {c["name"]: getattr(c["type"], "collation", None) for c in inspector.get_columns(table.name)}
        for column in table.columns:
            wanted = getattr(column.type.dialect_impl(dialect), "collation", None)
            assert migrated[column.name] == wanted, f"{table.name}.{column.name}"


def test_upgrade_to_0007_fills_the_prospect_spans_of_existing_data(engine: Engine) -> None:
    """Migration 0007 creates `prospect_spans` and fills it from the data already there, so an upgraded
    database knows its prospects before the next import recomputes them."""
    def move(to: str) -> None:
        cfg = _alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.upgrade if to == "head" else command.downgrade)(cfg, to)

    move("0006")
    try:
        assert "prospect_spans" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            conn.execute(insert(Organisation), [{"id": "P", "name": "Prospect", "relationship_mode": "auto"}])
            conn.execute(insert(Quote), [{"id": "Q", "organisation_id": "P", "quote_date": date(2025, 6, 1),
                                          "amount_net": 10, "status": "open", "valid_until": date(2025, 6, 30)}])
    finally:
        move("head")
    with engine.connect() as conn:
        spans = conn.execute(select(ProspectSpan.organisation_id, ProspectSpan.since, ProspectSpan.until)).all()
        assert spans == [("P", date(2025, 6, 1), date(2025, 7, 1))]
        assert conn.execute(holders("prospect", date(2025, 6, 30))).scalars().all() == ["P"]
