"""Declarative base with a constraint naming convention (needed by Alembic batch mode)."""

from __future__ import annotations

from sqlalchemy import Column, ColumnElement, Index, MetaData, Numeric, String
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Money in EUR with cents; read back as float (exact sums stay in the database).
Money = Numeric(14, 2, asdecimal=False)


#: The id of a row other tables refer to (organisation, contact, agent, project, ticket, opportunity) and
#: every reference to it. PostgreSQL compares them byte by byte (COLLATE "C"), as SQLite does: both order
#: ids alike, and the sorts, joins and index builds on them skip the locale (abbreviated keys, memcmp).
Key = String(64).with_variant(String(64, collation="C"), "postgresql")
#: An organisation's id and every reference to it (a Key).
OrgId = Key


class Base(DeclarativeBase):
    """Every Kundenakte table derives from this."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def fk(target: str):  # type: ignore[no-untyped-def]
    """A deferred foreign key: checked at commit, so one import may load rows in any order."""
    from sqlalchemy import ForeignKey

    return ForeignKey(target, deferrable=True, initially="DEFERRED")


def covering_index(name: str, key: list[Column], payload: list[Column],
                   where: ColumnElement[bool] | None = None) -> None:
    """An index on `key` that also carries `payload`, so the queries it serves never read the table.

    PostgreSQL stores the payload as INCLUDE columns: not part of the sort and kept out of the
    inner pages (ten million invoices: builds as fast or slightly faster, within this box's noise). SQLite has no
    INCLUDE: there the payload is the key's tail. Two Index objects of one name, each created on
    its own dialect only (`dialect_indexes` picks the one that applies). `where`: a partial index.
    """
    Index(name, *key, postgresql_include=[c.key for c in payload], postgresql_where=where).ddl_if(dialect="postgresql")
    Index(name, *key, *payload, sqlite_where=where).ddl_if(dialect="sqlite")


def on_dialect(item: object, dialect: str) -> bool:
    """Whether a schema item (an Index of `covering_index`) exists on `dialect`."""
    cond = getattr(item, "_ddl_if", None)  # where SQLAlchemy keeps ddl_if()
    return cond is None or cond.dialect is None or cond.dialect == dialect


def dialect_indexes(indexes: set[Index], dialect: str) -> list[Index]:
    """The indexes of a table that exist on `dialect`, by name."""
    return sorted((i for i in indexes if on_dialect(i, dialect)), key=lambda i: i.name or "")


def autogenerate_filter(dialect: str):  # type: ignore[no-untyped-def]
    """Alembic's `include_object` for `dialect`: the model's indexes meant for another dialect are left
    out of the comparison (Alembic does not read ddl_if)."""
    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return reflected or type_ != "index" or on_dialect(obj, dialect)
    return include
