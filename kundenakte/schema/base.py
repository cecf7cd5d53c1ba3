"""Declarative base with a constraint naming convention (needed by Alembic batch mode)."""

from __future__ import annotations

from sqlalchemy import MetaData, Numeric, String
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


#: An organisation's id and every reference to it. PostgreSQL compares them byte by byte (COLLATE "C"),
#: as SQLite does: both order ids alike, and the sorts, joins and index builds on them skip the locale.
OrgId = String(64).with_variant(String(64, collation="C"), "postgresql")


class Base(DeclarativeBase):
    """Every Kundenakte table derives from this."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def fk(target: str):  # type: ignore[no-untyped-def]
    """A deferred foreign key: checked at commit, so one import may load rows in any order."""
    from sqlalchemy import ForeignKey

    return ForeignKey(target, deferrable=True, initially="DEFERRED")
