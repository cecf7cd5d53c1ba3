"""The migrations build exactly the schema the models declare, on both backends."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, select

from core.schema import OpportunityStatus, metadata
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

