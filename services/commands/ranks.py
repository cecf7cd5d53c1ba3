"""The cache of ABC classifications (`abc_rank_runs`, `abc_ranks`): filled on demand, one run per relationship
and as-of date, computed again when its inputs changed (a newer import, another configuration)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from sqlalchemy import Connection, Date, Engine, String, delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError, OperationalError

from core.businessconfig import AbcConfig
from core.schema import AbcRank, AbcRankRun, ConfigEntry, ImportLogEntry, OpportunityStatus
from core.vocabulary import Aspect
from services.commands.maintained import _analyze
from services.ranked import ranked

#: runs kept in the cache; the oldest filled go first
KEPT_RUNS = 12


def inputs_stamp(conn: Connection) -> str:
    """What every classification depends on beside the facts: the latest import (only imports write facts), the
    stored configuration and the statuses' probabilities, as one digest."""
    latest = conn.execute(select(func.max(ImportLogEntry.id), func.max(ImportLogEntry.finished_at))).one()
    config = conn.execute(select(ConfigEntry.key, ConfigEntry.value).order_by(ConfigEntry.key)).all()
    statuses = conn.execute(select(OpportunityStatus.status, OpportunityStatus.probability,
                                   OpportunityStatus.outcome).order_by(OpportunityStatus.status)).all()
    text = json.dumps([list(latest), [list(c) for c in config], [list(s) for s in statuses]], default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def ensure_ranks(engine: Engine, aspect: Aspect, as_of: date, config: AbcConfig) -> bool:
    """Make `abc_ranks` hold the classification of `aspect` at D for the current inputs (one INSERT ... SELECT of
    the ranking in its own transaction); a concurrent request that filled it first wins. False: the database
    took no write (SQLite busy, read-only), so the caller ranks in the query itself."""
    try:
        with engine.connect() as conn:
            stamp = inputs_stamp(conn)
            held = conn.execute(select(AbcRankRun.stamp).where(AbcRankRun.aspect == aspect.value,
                                                               AbcRankRun.as_of == as_of)).scalar()
        if held == stamp:
            return True
        # built first: the customers' ranking makes sure of the window's cached sums in a transaction of its own
        r = ranked(engine, aspect, as_of, config)
        with engine.begin() as conn:
            _forget(conn, aspect.value, as_of)
            conn.execute(insert(AbcRankRun).values(aspect=aspect.value, as_of=as_of, stamp=stamp,
                                                   filled_at=datetime.now()))
            conn.execute(insert(AbcRank).from_select(
                ["aspect", "as_of", "organisation_id", "letter", "rank", "metric"],
                select(literal(aspect.value, String()), literal(as_of, Date()), r.c.organisation_id, r.c.letter,
                       r.c.rank, r.c.metric)))
            old = (select(AbcRankRun.aspect, AbcRankRun.as_of).order_by(AbcRankRun.filled_at.desc())
                   .offset(KEPT_RUNS))
            for old_aspect, old_day in conn.execute(old).all():
                _forget(conn, old_aspect, old_day)
            _analyze(conn, "abc_ranks")
    except IntegrityError:
        return True  # filled by a concurrent request in the meantime
    except OperationalError:
        return False
    return True


def _forget(conn: Connection, aspect: str, as_of: date) -> None:
    conn.execute(delete(AbcRank).where(AbcRank.aspect == aspect, AbcRank.as_of == as_of))
    conn.execute(delete(AbcRankRun).where(AbcRankRun.aspect == aspect, AbcRankRun.as_of == as_of))


__all__ = ["KEPT_RUNS", "ensure_ranks", "inputs_stamp"]
