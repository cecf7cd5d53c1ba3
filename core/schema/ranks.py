"""A cache of ABC classifications per relationship and as-of date, so a list pages through ranked rows.

Filled on first demand (`services.commands.ranks.ensure_ranks`: one INSERT ... SELECT of the ranking in
SQL), keyed by what it was computed from (`stamp`: the latest import and the business configuration);
a run whose stamp is no longer the current one is computed again. Nothing but the cache reads it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, OrgId


class AbcRankRun(Base):
    """One cached classification: relationship and as-of date, and the inputs' stamp it was computed from."""

    __tablename__ = "abc_rank_runs"

    aspect: Mapped[str] = mapped_column(String(10), primary_key=True)
    as_of: Mapped[date] = mapped_column(primary_key=True)
    stamp: Mapped[str] = mapped_column(String(64))
    filled_at: Mapped[datetime]


class AbcRank(Base):
    """One holder of the relationship at D: its letter (None without movement), rank and metric."""

    __tablename__ = "abc_ranks"

    aspect: Mapped[str] = mapped_column(String(10), primary_key=True)
    as_of: Mapped[date] = mapped_column(primary_key=True)
    organisation_id: Mapped[str] = mapped_column(OrgId, primary_key=True)
    letter: Mapped[str | None] = mapped_column(String(1))
    rank: Mapped[int | None]
    metric: Mapped[float | None] = mapped_column(Float)


# a list's order by rank (the ABC and top views) and by letter, read in index order
Index("ix_abc_ranks_rank", AbcRank.aspect, AbcRank.as_of, AbcRank.rank)
Index("ix_abc_ranks_letter", AbcRank.aspect, AbcRank.as_of, AbcRank.letter, AbcRank.rank)
