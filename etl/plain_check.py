"""A plain chunk checked in Arrow: no Python object per cell (etl.validate's checks, for the common case).

A first load of a clean export is made of chunks whose every value already has the form the
database stores. For such a chunk (parsed by pyarrow, loaded into PostgreSQL as written) the
checks only have to confirm that, column by column, with Arrow's compute functions over the whole
column (`column_passes`). As soon as any value would fail a check or be rewritten, the chunk goes
through etl.validate instead, which names every problem; otherwise the import keeps only the codes
and distinct values of the reference columns (`reference_values`) and the ids (TableCheck._check_plain).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.frames import TEXT
from etl.sources.tables import ARROW_TEXT
from etl.tables import Column

#: the kinds checked here; a column of another kind sends its chunk to etl.validate
PLAIN_KINDS = frozenset({"text", "int", "number", "date", "enum", "bool"})
#: kinds with few distinct values (dates of a few years, statuses, levels): checked on those (a
#: date's regular expression and parse cost 11 ms per 167k cells, its distinct values 1 ms)
FEW_VALUES_KINDS = frozenset({"int", "date", "enum", "bool"})
#: PostgreSQL reads these booleans as written (etl.validate.PG_BOOLS), in any case
_PG_BOOLS = pa.array(["true", "false", "1", "0", "yes", "no"])
_INT = r"^[+-]?[0-9]+$"
_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
# years 1900-2199 only: there pyarrow's and pandas' calendars agree; other years go to etl.validate
_DATE = r"^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"


def _all(mask: pa.Array) -> bool:
    return bool(pc.all(mask, skip_nulls=False).as_py())


def _any(mask: pa.Array) -> bool:
    return bool(pc.any(mask).as_py())


def _text_ok(col: Column, cells: pa.Array, filled: pa.Array) -> bool:
    # a cell of only blanks would be stored as empty: not as written
    return not _any(pc.and_(filled, pc.equal(pc.utf8_trim_whitespace(cells), "")))


def _number_ok(col: Column, cells: pa.Array, filled: pa.Array, pattern: str) -> bool:
    if not _all(pc.or_(pc.invert(filled), pc.match_substring_regex(cells, pattern))):
        return False
    if col.low is None and col.high is None:
        return True
    value = pc.cast(pc.if_else(filled, cells, "0"), pa.float64())
    low = -np.inf if col.low is None else col.low
    high = np.inf if col.high is None else col.high
    return _all(pc.or_(pc.invert(filled), pc.and_(pc.greater_equal(value, low), pc.less_equal(value, high))))


def _date_ok(cells: pa.Array, filled: pa.Array) -> bool:
    if not _all(pc.or_(pc.invert(filled), pc.match_substring_regex(cells, _DATE))):
        return False
    written = pc.if_else(filled, cells, "2000-01-01")
    days = pc.strptime(written, format="%Y-%m-%d", unit="s", error_is_null=True)
    # pyarrow's parser rolls 2026-02-30 over to 2026-03-02: only a date that formats back as written is one
    return days.null_count == 0 and _all(pc.equal(pc.strftime(days, format="%Y-%m-%d"), written))


_KIND_OK: dict[str, Callable[[Column, pa.Array, pa.Array], bool]] = {
    "text": _text_ok,
    "int": lambda col, cells, filled: _number_ok(col, cells, filled, _INT),
    "number": lambda col, cells, filled: _number_ok(col, cells, filled, _NUMBER),
    "date": lambda col, cells, filled: _date_ok(cells, filled),
    "enum": lambda col, cells, filled: _all(pc.or_(pc.invert(filled), pc.is_in(cells, pa.array(col.values)))),
    "bool": lambda col, cells, filled: _all(pc.or_(pc.invert(filled), pc.is_in(pc.utf8_lower(cells), _PG_BOOLS))),
}


def column_passes(col: Column, cells: pa.Array) -> bool:
    """Every cell passes `col`'s checks and is stored exactly as written (empty: null; so no default
    fills it)."""
    if col.kind not in PLAIN_KINDS:
        return False
    if col.kind in FEW_VALUES_KINDS:
        cells = pc.unique(cells)
    filled = pc.not_equal(cells, "")
    if (col.default is not None or col.required) and not _all(filled):
        return False  # an empty cell would take the default (rewritten), or is missing where required
    if col.max_length and _any(pc.greater(pc.utf8_length(cells), col.max_length)):
        return False
    return _KIND_OK[col.kind](col, cells, filled)


def arrow_cells(cells: pd.Series) -> pa.Array | None:
    """The Arrow array behind a column that pyarrow parsed (etl.sources.tables), or None."""
    if cells.dtype != ARROW_TEXT:
        return None
    return cells.array.__arrow_array__().combine_chunks()


def reference_values(cells: pa.Array) -> tuple[np.ndarray, pd.Series]:
    """Codes into the distinct values of a reference column, and those values (empty: null), as etl.validate
    keeps them."""
    encoded = pc.dictionary_encode(cells)
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
    distinct[distinct == ""] = np.nan
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp), pd.Series(distinct, dtype=TEXT)


def strictly_increasing(ids: pa.Array) -> bool:
    """Every id greater than the one before (UTF-8 order is code point order, as Python compares)."""
    if len(ids) < 2 or ids.null_count:
        return len(ids) < 2 and not ids.null_count
    return _all(pc.less(ids.slice(0, len(ids) - 1), ids.slice(1)))


__all__ = ["PLAIN_KINDS", "arrow_cells", "column_passes", "reference_values", "strictly_increasing"]
