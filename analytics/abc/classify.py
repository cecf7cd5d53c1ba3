"""Rank and cut (spec/analytics.md, "ABC classification"): 20/60/20 by rank, ties share the best rank.

`cut` works on the one-row-per-organisation frame; `classification` runs the
model's single aggregate query and hands its result to `cut`.
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from analytics.abc.queries import classification_select, model_query, tune_for_analytics
from analytics.fetch import plain_rows
from core.businessconfig import BusinessConfig, load_config
from core.frames import TEXT
from core.vocabulary import AbcModel, Aspect

COLUMNS = ["organisation_id", "name", "class", "metric", "rank", "n", "movement"]


def _share(value: float) -> Fraction:
    """A configured share as an exact fraction, so 0.2 + 0.6 is exactly 0.8."""
    return Fraction(str(value)).limit_denominator(1_000_000)


def class_limits(n: int, a_share: float = 0.20, b_share: float = 0.60) -> tuple[int, int]:
    """The highest rank that is still A and still B among n: A iff (r-1)/n < a_share, i.e. r <= ceil(a_share*n)."""
    a = _share(a_share)
    return math.ceil(a * n), math.ceil((a + _share(b_share)) * n)


def letter(rank: int, n: int, a_share: float = 0.20, b_share: float = 0.60) -> str:
    """The class of rank `rank` among `n` ranked organisations."""
    last_a, last_b = class_limits(n, a_share, b_share)
    return "A" if rank <= last_a else "B" if rank <= last_b else "C"


def cut(frame: pd.DataFrame, a_share: float = 0.20, b_share: float = 0.60, decimals: int = 6) -> pd.DataFrame:
    """Add rank, n and class to a frame with organisation_id, metric, movement.

    Rows with movement are ranked by metric, highest first (rank = 1 + number of
    strictly higher metrics); the others get no rank, no letter and no metric.
    Ordered by rank, then organisation_id; the unranked last.
    """
    moving = frame["movement"].fillna(False).to_numpy(dtype=bool)
    metric = pd.to_numeric(frame["metric"], errors="coerce").to_numpy(dtype=float, na_value=np.nan).round(decimals)
    metric[~moving] = np.nan
    movers = np.flatnonzero(moving)
    n = len(movers)
    # rank "min", highest first: one stable sort of the metrics, a tie shares its group's first position
    by_metric = movers[np.argsort(-metric[movers], kind="stable")]
    ordered = metric[by_metric]
    first = np.ones(n, dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(first)
    rank = np.full(len(frame), np.inf)
    rank[by_metric] = np.repeat(starts + 1, np.diff(np.append(starts, n)))
    # the id only orders ties and the unranked: sort just those ids (sorting every id cost more than the rest)
    tied = np.zeros(len(frame), dtype=bool)
    tied[by_metric[~first]] = True
    tied[by_metric[np.flatnonzero(~first) - 1]] = True
    need = np.flatnonzero(tied | ~moving)
    id_order = np.zeros(len(frame), dtype=np.int64)
    # fixed-width unicode sorts in the same (code point) order as str, several times faster than objects
    id_order[need[np.argsort(frame["organisation_id"].to_numpy(dtype=object)[need].astype(str), kind="stable")]] = (
        np.arange(len(need)))
    order = np.lexsort((id_order, rank))
    last_a, last_b = class_limits(n, a_share, b_share)
    rank, moving, metric = rank[order], moving[order], metric[order]
    letters = np.where(rank <= last_a, "A", np.where(rank <= last_b, "B", "C")).astype(object)
    letters[~moving] = None
    # the other columns reordered by pandas itself (its own dtypes, no conversion), the new ones set once
    out = frame.take(order).reset_index(drop=True)
    out["metric"] = pd.array(metric, dtype="Float64")
    out["movement"] = moving
    out["rank"] = pd.arrays.IntegerArray(np.where(moving, rank, 0).astype(np.int64), ~moving)
    out["n"] = n
    out["class"] = pd.array(letters, dtype=TEXT)
    return out


def classification(conn: Connection, aspect: Aspect, as_of: date, model: AbcModel | None = None,
                   config: BusinessConfig | None = None) -> pd.DataFrame:
    """ABC classes of every organisation holding `aspect` at D, company-wide, from one aggregate query.

    Columns: organisation_id, name, class (A/B/C or missing), metric (missing
    without movement), rank, n, movement.
    """
    config = config or load_config(conn)
    query = model_query(aspect, model, config.abc)
    tune_for_analytics(conn)
    # the metric arrives as float already (cast in SQL)
    rows = plain_rows(conn, classification_select(aspect, query.model, as_of, config.abc))
    frame = pd.DataFrame.from_records(rows, columns=["organisation_id", "name", "metric", "movement"],
                                      nrows=len(rows))
    ranked = cut(frame, config.abc.a_share, config.abc.b_share, query.decimals)
    return ranked[COLUMNS]


__all__ = ["COLUMNS", "class_limits", "classification", "cut", "letter"]
