"""A side load: the largest table of a first PostgreSQL load, loaded on a second connection.

One transaction does all of an import's server work in a row, however many cores the server has.
An empty table nothing else depends on can instead be filled beside it: a second connection
creates a shadow table shaped like the target (`LIKE ... INCLUDING ALL EXCLUDING INDEXES`), copies
the rows into it, builds its primary key and indexes and commits; the import's own
transaction then swaps it in (drop the empty target, rename the shadow and its indexes). Until
that swap commits, no reader sees a row of it; a refused or failed import drops the shadow, and
one left behind by a crashed process is dropped by the next import (its name carries the import
connection's backend pid).
"""

from __future__ import annotations

from sqlalchemy import Connection, Index, Table, text

from core.schema import metadata

#: a table's file must be at least this large to be loaded on the side (below, the second
#: connection and the swap cost more than the overlap gains)
SIDE_LOAD_BYTES = 256 << 20
#: COPY data Python keeps queued for the side connection before it turns to the other tables
SIDE_LEAD_BYTES = 96 << 20
SHADOW_PREFIX = "_load_"


def quoted(name: str) -> str:
    """A table, index or column name as a quoted SQL identifier."""
    return f'"{name}"'


def referenced(table: Table) -> bool:
    """Whether a foreign key of another table points at `table`."""
    return any(fk.column.table is table for t in metadata.tables.values() if t is not table for fk in t.foreign_keys)


def shadow_name(table: str, backend_pid: int) -> str:
    """The shadow of `table` for the import on the connection with this backend pid."""
    return f"{SHADOW_PREFIX}{table}_{backend_pid}"


def can_side_load(conn: Connection, table: Table) -> bool:
    """Whether `table` may be replaced by a shadow: no foreign key from or to it, and in the database
    nothing a drop would lose (grants, another owner, triggers, views, inheritance, publications, its
    own sequences, Citus) and the right to create the shadow beside it."""
    if table.foreign_key_constraints or referenced(table):
        return False
    return bool(conn.execute(text("""
        SELECT c.relkind = 'r' AND c.relacl IS NULL
           AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
           AND NOT c.relhastriggers AND NOT c.relrowsecurity AND c.relpersistence = 'p'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass)
           AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid OR i.inhrelid = c.oid)
           AND NOT EXISTS (SELECT 1 FROM pg_publication_rel p WHERE p.prrelid = c.oid)
           AND NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'citus')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                           WHERE d.refobjid = c.oid AND d.classid = 'pg_class'::regclass)
           AND has_schema_privilege(c.relnamespace, 'CREATE')
        FROM pg_class c WHERE c.oid = to_regclass(:name)"""), {"name": quoted(table.name)}).scalar())


def create_shadow_sql(table: Table, shadow: str) -> str:
    """The shadow: the target's columns, defaults and checks, no index (rows are copied in first)."""
    return f"CREATE TABLE {quoted(shadow)} (LIKE {quoted(table.name)} INCLUDING ALL EXCLUDING INDEXES)"


def primary_key_sql(table: Table, shadow: str) -> str:
    """The shadow's primary key, built by sorting once its rows are in: 10M invoices copy in 11 s
    without it against 17 s with it, and the key then builds in 3-4 s."""
    key = ", ".join(quoted(c.name) for c in table.primary_key.columns)
    return f"ALTER TABLE {quoted(shadow)} ADD CONSTRAINT {quoted(shadow + '_pkey')} PRIMARY KEY ({key})"


def shadow_index_name(shadow: str, position: int) -> str:
    return f"{shadow}_ix{position}"


def swap_in(conn: Connection, table: Table, shadow: str, indexes: list[Index]) -> None:
    """In the import's transaction: replace the empty `table` by its committed shadow."""
    statements = [f"DROP TABLE {quoted(table.name)}", f"ALTER TABLE {quoted(shadow)} RENAME TO {quoted(table.name)}",
                  f"ALTER INDEX {quoted(shadow + '_pkey')} RENAME TO {quoted(str(table.primary_key.name))}"]
    statements += [f"ALTER INDEX {quoted(shadow_index_name(shadow, i))} RENAME TO {quoted(str(index.name))}"
                   for i, index in enumerate(indexes)]
    for statement in statements:
        conn.execute(text(statement))


def drop_stale_shadows(conn: Connection) -> list[str]:
    """Drop the shadows whose import is over (its backend gone or no longer in a transaction); their names."""
    stale = conn.execute(text(f"""
        SELECT c.relname FROM pg_class c
        WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
          AND c.relname LIKE '{SHADOW_PREFIX}%'
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                          WHERE c.relname LIKE '%\\_' || a.pid AND a.xact_start IS NOT NULL
                            AND a.pid <> pg_backend_pid())
        ORDER BY c.relname""")).scalars().all()
    for name in stale:
        conn.execute(text(f"DROP TABLE IF EXISTS {quoted(name)}"))
    return list(stale)


__all__ = ["SIDE_LEAD_BYTES", "SIDE_LOAD_BYTES", "can_side_load", "create_shadow_sql", "drop_stale_shadows",
           "primary_key_sql", "quoted", "referenced", "shadow_index_name", "shadow_name", "swap_in"]
