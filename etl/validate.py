"""Check interchange rows and bring them to one text form (spec/interchange.md, "Tables", "Bad input").

Vectorised: each column of a chunk is factorised and its distinct values are checked once, so a
ten-million-row invoice file costs a few column operations, never a Python loop over rows. Every
problem of the run is collected with file, sheet, spreadsheet row and column; the normalised text
(ISO dates, `.` decimals, `true`/`false`) is what both databases load.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Connection, bindparam, select

from core.errors import Problem
from core.frames import TEXT
from core.schema import metadata
from etl.plain_check import arrow_cells, column_passes, reference_values, strictly_increasing
from etl.sources.tables import Chunk, TableSource
from etl.tables import Column, TableSpec

LIMIT = 1000
#: a column with more than this share of distinct values in a chunk of DENSE_FROM rows or more is
#: no longer factorised (TableCheck._factorize)
DENSE_SHARE = 0.9
DENSE_FROM = 10_000
BOOLS = {"true": "true", "false": "false", "1": "true", "0": "false", "ja": "true", "nein": "false",
         "yes": "true", "no": "false"}
#: spellings PostgreSQL reads as booleans itself (so a file using them can be copied as written)
PG_BOOLS = {"true", "false", "1", "0", "yes", "no"}
_NUMBER = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"
_GERMAN_NUMBER = r"[+-]?(\d{1,3}(\.\d{3})*,\d+|\d+,\d+|\d{1,3}(\.\d{3}){2,})"
_INT = r"[+-]?\d+(\.0*)?"
_DATE = r"\d{4}-\d{2}-\d{2}"
_GERMAN_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}"
_TS = r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?"
_TZ = r"(Z|[+-]\d{2}(:?\d{2})?)"
_GERMAN_TS = r"\d{1,2}\.\d{1,2}\.\d{4}( \d{1,2}:\d{2}(:\d{2})?)?"


# --------------------------------------------------------------------------- the problem log


class ProblemLog:
    """Every problem of a run; one check failing on very many rows lists LIMIT of them and a count."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._problems: list[Problem] = []
        self._counts: Counter[tuple[str, str | None, str | None, str]] = Counter()
        self._files: dict[str, int] = {}

    def __len__(self) -> int:
        return sum(self._counts.values())

    def __bool__(self) -> bool:
        return bool(self._counts)

    def add(self, problem: Problem, key: str = "") -> None:
        """One problem; `key` groups problems of the same check for the summary line."""
        self._files.setdefault(problem.file, len(self._files))
        k = (problem.file, problem.sheet, problem.column, key or problem.message)
        self._counts[k] += 1
        if self._counts[k] <= self.limit:
            self._problems.append(problem)

    def add_rows(self, where: TableSource, column: str | None, rows: np.ndarray, values: Sequence[object],
                 key: str, message: Callable[[object], str]) -> None:
        """The same check failed at `rows` (spreadsheet numbers) with these `values`."""
        self._files.setdefault(where.file, len(self._files))
        k = (where.file, where.sheet, column, key)
        room = max(0, self.limit - self._counts[k])
        for row, value in zip(rows[:room], values[:room], strict=False):
            self._problems.append(Problem(where.file, int(row), column, message(value), where.sheet))
        self._counts[k] += len(rows)

    def order_files(self, files: Sequence[str]) -> None:
        """List the problems of `files` in this order (after files met before them, e.g. unreadable ones)."""
        listed = set(files)
        keep = [f for f in self._files if f not in listed]
        order = keep + [f for f in files if f in self._files]
        self._files = {f: i for i, f in enumerate(order)}

    def problems(self) -> list[Problem]:
        """All problems by file (in the order met), row and column, plus the summary lines."""
        out = list(self._problems)
        for (file, sheet, column, key), n in self._counts.items():
            if n > self.limit:
                out.append(Problem(file, None, column, f"{n - self.limit} more rows: {key}", sheet))
        return sorted(out, key=lambda p: (self._files.get(p.file, 0), p.sheet or "",
                                          p.row if p.row is not None else 1 << 62, p.column or ""))


# --------------------------------------------------------------------------- one column


@dataclass
class Fault:
    """One check that failed for some distinct values of a column."""

    mask: np.ndarray
    key: str
    message: Callable[[object], str]


def _full(u: pd.Series, pattern: str) -> np.ndarray:
    return u.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False)


def _q(v: object) -> str:
    return repr(str(v))


def _range_fault(col: Column, value: np.ndarray, numeric: np.ndarray) -> Fault:
    """The numeric values (`numeric`: those that parsed) that are infinite, NaN or outside the column's bounds."""
    with np.errstate(invalid="ignore"):
        bad = numeric & ~np.isfinite(value)
        if col.low is not None:
            bad |= numeric & (value < col.low)
        if col.high is not None:
            bad |= numeric & (value > col.high)
    lo, hi = (f"{b:g}" if b is not None else None for b in (col.low, col.high))
    return Fault(bad, "out of range", lambda v: f"out of range: {_q(v)} (allowed {lo} to {hi})")


def _check_number(col: Column, t: pd.Series, german: bool, present: np.ndarray) -> tuple[pd.Series, list[Fault]]:
    faults: list[Fault] = []
    if col.kind == "int":
        ok = _full(t, _INT)
        norm = t.str.replace(r"\.0*$", "", regex=True)
        what = "whole number"
    else:
        ok = _full(t, _NUMBER)
        norm = t
        if german:
            de = ~ok & _full(t, _GERMAN_NUMBER)
            if de.any():
                norm = norm.copy()
                norm[de] = t[de].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
                ok = ok | de
        what = "number"
    hint = "" if german else " (decimal commas only in ;-separated files)"
    faults.append(Fault(present & ~ok, f"not a {what}",
                        lambda v: f"not a {what}: {_q(v)}" + (hint if "," in str(v) else "")))
    value = pd.to_numeric(norm.where(ok), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    faults.append(_range_fault(col, value, ok))
    return norm, faults


def _check_date(t: pd.Series, german: bool, present: np.ndarray, stamp: bool) -> tuple[pd.Series, list[Fault]]:
    naive = _full(t, _TS if stamp else _DATE)
    aware = _full(t, _TS + _TZ) if stamp else np.zeros(len(t), dtype=bool)
    de = _full(t, _GERMAN_TS if stamp else _GERMAN_DATE) if german else np.zeros(len(t), dtype=bool)
    norm = t.copy()
    parsed_ok = np.zeros(len(t), dtype=bool)
    if naive.any():
        fmt = "ISO8601" if stamp else "%Y-%m-%d"
        parsed_ok[naive] = pd.to_datetime(t[naive], format=fmt, errors="coerce").notna().to_numpy()
    out_fmt = "%Y-%m-%dT%H:%M:%S" if stamp else "%Y-%m-%d"
    if aware.any():
        when = pd.to_datetime(t[aware], format="ISO8601", errors="coerce", utc=True)
        parsed_ok[aware] = when.notna().to_numpy()
        local = when.dt.tz_convert("Europe/Berlin").dt.tz_localize(None)
        norm[aware] = local.dt.strftime(out_fmt)
    if de.any():
        dd = t[de]
        if stamp:
            fixed = dd.str.replace(r"^(\d{1,2}\.\d{1,2}\.\d{4}) (\d{1,2}:\d{2})$", r"\1 \2:00", regex=True)
            when = pd.to_datetime(fixed, format="%d.%m.%Y %H:%M:%S", errors="coerce")
            day_only = ~dd.str.contains(" ", regex=False)
            when[day_only] = pd.to_datetime(dd[day_only], format="%d.%m.%Y", errors="coerce")
        else:
            when = pd.to_datetime(dd, format="%d.%m.%Y", errors="coerce")
        parsed_ok[de] = when.notna().to_numpy()
        norm[de] = when.dt.strftime(out_fmt)
    shape = naive | aware | de
    what = "timestamp" if stamp else "date"
    forms = ("ISO 8601, e.g. 2026-03-01T14:30" if stamp else "YYYY-MM-DD") + (
        " or DD.MM.YYYY" + (" HH:MM" if stamp else "") if german else "")
    return norm, [Fault(present & ~shape, f"not a {what}", lambda v: f"not a {what} ({forms}): {_q(v)}"),
                  Fault(shape & ~parsed_ok, f"impossible {what}", lambda v: f"impossible {what}: {_q(v)}")]


def _check_set(col: Column, t: pd.Series, present: np.ndarray) -> tuple[pd.Series, list[Fault]]:
    allowed = set(col.values)
    norm, bad = [], []
    for value in t.tolist():  # distinct values only: a handful of role combinations
        parts = [p.strip().lower() for p in str(value).split(";") if p.strip()]
        bad.append(any(p not in allowed for p in parts))
        norm.append(";".join(dict.fromkeys(parts)))
    msg = f"unknown value in {{}} (allowed, ;-separated: {', '.join(col.values)})"
    return pd.Series(norm, index=t.index, dtype=TEXT), [
        Fault(present & np.array(bad, dtype=bool), "unknown value", lambda v: msg.format(_q(v)))]


_WS = re.compile(r"\s")
#: the ASCII characters `\s` matches
_ASCII_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _has_space(joined: str) -> bool:
    """`\\s` anywhere in the text; ASCII text by ten substring scans (8x faster than the regex)."""
    if joined.isascii():
        return any(c in joined for c in _ASCII_SPACES)
    return _WS.search(joined) is not None


def _text_lengths(arr: np.ndarray, joined: str) -> np.ndarray:
    """Characters of each value of `arr` (all text, `joined` by NUL), from one UTF-32 copy of the joined text."""
    try:
        chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        chars = np.empty(0, dtype=np.uint32)
    ends = np.flatnonzero(chars == 0)
    if len(ends) != len(arr) - 1 or not len(chars):  # a value holding NUL itself
        return np.fromiter(map(len, arr), np.int64, len(arr))
    return np.diff(ends, prepend=-1, append=len(chars)) - 1


_NOT_PLAIN = {"number": re.compile(r"[^0-9.eE+\-\x00]"), "int": re.compile(r"[^0-9+\-\x00]")}


def _length_fault(col: Column, arr: np.ndarray, present: np.ndarray, faults: list[Fault],
                  joined: str | None = None) -> None:
    if not col.max_length or not len(arr):
        return
    failed = np.zeros(len(arr), dtype=bool)
    for f in faults:
        failed |= f.mask
    lengths = _text_lengths(arr, joined) if joined is not None else np.fromiter(
        (len(v) if isinstance(v, str) else 0 for v in arr), np.int64, len(arr))
    faults.append(Fault(present & ~failed & (lengths > col.max_length), "too long",
                        lambda v: f"too long: {len(str(v))} characters, at most {col.max_length}"))


def _fast(col: Column, arr: np.ndarray, joined: str) -> tuple[pd.Series, list[Fault], bool] | None:
    """Text, and numbers written plainly, checked with a few array operations (the common case)."""
    empty = arr == ""
    present = ~empty
    faults: list[Fault] = []
    if col.kind in _NOT_PLAIN:
        if _NOT_PLAIN[col.kind].search(joined):
            return None
        try:
            value = np.zeros(len(arr))
            value[present] = arr[present].astype(float)
        except ValueError:
            return None
        faults.append(_range_fault(col, value, present))
    elif col.kind != "text":
        return None
    if col.required and col.default is None:
        faults.append(Fault(empty, "required value is empty", lambda v: "required value is empty"))
    fill = col.default if col.default is not None else None
    norm = arr.copy()
    norm[empty] = fill
    _length_fault(col, arr, present, faults, joined)
    return pd.Series(norm, dtype=TEXT), faults, not (fill is not None and empty.any())


def check_values(col: Column, uniq: pd.Series, german: bool) -> tuple[pd.Series, list[Fault], bool]:
    """Check the distinct raw values of a column: (normalised text, NaN = null; failed checks; unchanged)."""
    arr = uniq.to_numpy(dtype=object)
    joined = "\x00".join(arr)
    if not _has_space(joined):
        fast = _fast(col, arr, joined)
        if fast is not None:
            return fast
    t = uniq.str.strip()
    empty = (t == "").to_numpy(dtype=bool)
    present = ~empty
    faults: list[Fault] = []
    if col.required and col.default is None:
        faults.append(Fault(empty, "required value is empty", lambda v: "required value is empty"))
    if col.kind == "text":
        norm = uniq
    elif col.kind in ("int", "number"):
        norm, more = _check_number(col, t, german, present)
        faults += more
    elif col.kind in ("date", "timestamp"):
        norm, more = _check_date(t, german, present, col.kind == "timestamp")
        faults += more
    elif col.kind == "bool":
        low = t.str.lower()
        ok = low.isin(list(BOOLS)).to_numpy()
        keep = low.isin(list(PG_BOOLS)).to_numpy() & (t == uniq).to_numpy()
        norm = uniq.where(keep, low.map(BOOLS))
        faults.append(Fault(present & ~ok, "not a boolean",
                            lambda v: f"not a boolean (true/false, 1/0, ja/nein, yes/no): {_q(v)}"))
    elif col.kind == "enum":
        low = t.str.lower()
        ok = low.isin(list(col.values)).to_numpy()
        norm = low
        allowed = ", ".join(col.values)
        faults.append(Fault(present & ~ok, "unknown value", lambda v: f"unknown value {_q(v)} (allowed: {allowed})"))
    else:
        norm, more = _check_set(col, t, present)
        faults += more
    norm = norm.where(present, col.default if col.default is not None else np.nan).astype(TEXT)
    _length_fault(col, norm.to_numpy(dtype=object), present, faults)
    same = bool(((norm == uniq) | (norm.isna() & (uniq == ""))).all())
    return norm, faults, same


# --------------------------------------------------------------------------- one table


@dataclass
class Values:
    """One column of a chunk: codes into its distinct normalised values."""

    codes: np.ndarray
    norm: pd.Series
    #: every normalised value equals the raw text (null for an empty cell)
    unchanged: bool

    def text(self) -> pd.Series:
        """The normalised text per row (NaN = null)."""
        return pd.Series(self.norm.to_numpy(dtype=object)[self.codes], dtype=object)


@dataclass
class CheckedChunk:
    """A chunk after its checks: row numbers, normalised columns, whether its raw bytes load as written."""

    rows: np.ndarray
    columns: dict[str, Values]
    raw: bytes | None
    ok: bool
    raw_loadable: bool

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class TableCheck:
    """All checks of one table across its chunks; ids and references are kept to check at the end."""

    spec: TableSpec
    source: TableSource
    log: ProblemLog
    columns: list[Column] = field(default_factory=list)
    loadable: bool = True
    rows: int = 0
    #: (rows, ids) per chunk: a numpy array of str, or the Arrow array of a chunk checked in Arrow
    _ids: list[tuple[np.ndarray, np.ndarray | pa.Array]] = field(default_factory=list)
    _refs: dict[str, list[tuple[np.ndarray, np.ndarray, pd.Series]]] = field(default_factory=dict)
    _unique_ids: np.ndarray | pa.Array | None = None
    _id_index: pd.Index | None = None
    _dense: set[str] = field(default_factory=set)
    #: the chunks are loaded as written when they pass (PostgreSQL's COPY), so a chunk checked in Arrow
    #: needs no normalised values but those of its references
    raw_only: bool = False

    def __post_init__(self) -> None:
        src = self.source
        seen: set[str] = set()
        for name in src.columns:
            if name in seen and name in self.spec.by_name:
                self.log.add(src.where(1, name, "column appears more than once"))
                self.loadable = False
            seen.add(name)
        self.columns = [c for c in self.spec.columns if c.name in seen]
        required = set(self.spec.required)
        if not self.spec.id_from:
            required.add("id")
        for name in self.spec.required:
            if name not in seen and (src.columns or name in required):
                self.log.add(src.where(1, name, "required column is missing"))
                self.loadable = False
        self._refs = {c.name: [] for c in self.columns if c.ref}

    @property
    def raw_layout(self) -> bool:
        """The file's columns are exactly what the table loads (so clean raw bytes can be copied)."""
        names = set(self.source.columns)
        return (self.source.dialect is not None and not self.spec.id_from and self.spec.name not in DERIVED
                and len(self.source.columns) == len(names) and all(n in self.spec.by_name for n in names)
                and all(c.nullable or c.name in names for c in self.spec.columns if c.default is not None))

    def check(self, chunk: Chunk) -> CheckedChunk:
        """Check one chunk; problems go to the log."""
        src = self.source
        for p in chunk.problems:
            self.log.add(p, "malformed line")
        frame = chunk.frame
        rows = frame.index.to_numpy()
        self.rows += len(rows)
        plain = self._check_plain(chunk, rows) if self.raw_only and chunk.clean and self.raw_layout else None
        if plain is not None:
            return plain
        before = len(self.log)
        out: dict[str, Values] = {}
        for col in self.columns:
            codes, uniq = self._factorize(col.name, frame[col.name])
            norm, faults, same = check_values(col, pd.Series(uniq, dtype=object), src.german)
            for f in faults:
                if f.mask.any():
                    hit = np.isin(codes, np.flatnonzero(f.mask))
                    self.log.add_rows(src, col.name, rows[hit], frame[col.name].to_numpy()[hit], f.key, f.message)
            out[col.name] = Values(codes, norm, same)
            if col.ref:
                self._refs[col.name].append((rows, codes, norm))
        ids = self._chunk_ids(out, len(rows))
        if ids is not None:
            self._ids.append((rows, ids))
        ok = len(self.log) == before
        raw_ok = chunk.clean and self.raw_layout and all(v.unchanged for v in out.values())
        return CheckedChunk(rows, out, chunk.raw, ok, raw_ok)

    def _check_plain(self, chunk: Chunk, rows: np.ndarray) -> CheckedChunk | None:
        """A chunk pyarrow parsed whose every cell passes as written, checked in Arrow (etl.plain_check);
        None when some cell needs etl.validate's checks (a problem to report, a value to rewrite)."""
        cells = {col.name: arrow_cells(chunk.frame[col.name]) for col in self.columns}
        if any(c is None or not column_passes(col, c) for col, c in zip(self.columns, cells.values(), strict=True)):
            return None
        out: dict[str, Values] = {}
        for col in self.columns:
            if col.ref:
                codes, norm = reference_values(cells[col.name])
                out[col.name] = Values(codes, norm, True)
                self._refs[col.name].append((rows, codes, norm))
        if "id" in cells:
            self._ids.append((rows, cells["id"]))
        return CheckedChunk(rows, out, chunk.raw, True, True)

    def _factorize(self, name: str, cells: pd.Series) -> tuple[np.ndarray, object]:
        """Codes into the distinct values of a column, and those values. A column found nearly distinct
        in a chunk (ids, invoice numbers) is taken as it is from then on: its values are checked
        one per row, which saves hashing them all for the few that repeat."""
        if name in self._dense:
            return np.arange(len(cells)), cells.array
        codes, uniq = pd.factorize(cells)
        if len(cells) >= DENSE_FROM and len(uniq) > DENSE_SHARE * len(cells):
            self._dense.add(name)
        return codes, uniq

    def _chunk_ids(self, cols: dict[str, Values], n: int) -> np.ndarray | None:
        """The chunk's ids (given, or derived from id_from as seed() does)."""
        given = cols["id"].text() if "id" in cols else None
        if not self.spec.id_from:
            return None if given is None else given.to_numpy(dtype=object)
        if any(c not in cols and self.spec.by_name[c].required for c in self.spec.id_from):
            return None
        parts = [cols[c].text().fillna("").astype(TEXT) if c in cols else pd.Series([""] * n, dtype=TEXT)
                 for c in self.spec.id_from]
        derived = parts[0].str.cat(parts[1:], sep="|")
        if given is not None:
            derived = given.where(given.notna(), derived)
        cols["id"] = _as_values(derived)
        return derived.to_numpy(dtype=object)

    def finish(self) -> None:
        """Report duplicate ids across all chunks; `ids` are the table's ids in this import from then on."""
        if not self._ids:
            self._unique_ids = np.empty(0, dtype=object)
            return
        rows = np.concatenate([r for r, _ in self._ids])
        pieces = [i for _, i in self._ids]
        self._ids = []
        if all(isinstance(i, pa.Array) for i in pieces):  # every chunk checked in Arrow
            ids = pa.concat_arrays(pieces)
            if strictly_increasing(ids):
                self._unique_ids = ids
                return
            pieces = [ids]
        values = np.concatenate([i.to_numpy(zero_copy_only=False).astype(object) if isinstance(i, pa.Array) else i
                                 for i in pieces])
        if len(values) > 1 and _strictly_increasing(values):  # ids in file order (the usual export): no hash table
            self._unique_ids = values
            return
        ids = pd.Series(values, dtype=object)
        dup = ids.duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
        if dup.any():
            codes, _ = pd.factorize(ids)
            first = pd.Series(rows).groupby(codes).transform("min").to_numpy()
            what = "row with the same " + ", ".join(self.spec.id_from) if self.spec.id_from else "id"
            self.log.add_rows(self.source, "id", rows[dup], list(zip(ids[dup], first[dup], strict=True)),
                              "duplicate id", lambda v: f"duplicate {what} {_q(v[0])} (first in row {v[1]})")
        self._unique_ids = ids[~dup].dropna().to_numpy(dtype=object)

    @property
    def ids(self) -> pd.Index | None:
        """The table's distinct ids in this import (after finish(), else None); built when first asked."""
        if self._id_index is None and self._unique_ids is not None:
            ids = self._unique_ids
            self._id_index = pd.Index(ids.to_numpy(zero_copy_only=False) if isinstance(ids, pa.Array) else ids,
                                      dtype=object)
            self._unique_ids = None
        return self._id_index


def _strictly_increasing(values: np.ndarray) -> bool:
    """Every value a string greater than the one before (so no two are equal)."""
    try:
        return bool(np.all(values[1:] > values[:-1]))
    except TypeError:  # a missing id (NaN) among the strings
        return False


DERIVED = {"organisations", "contacts", "activities"}


def _as_values(text: pd.Series) -> Values:
    codes, uniq = pd.factorize(text, use_na_sentinel=False)
    return Values(codes, pd.Series(uniq, dtype=TEXT), False)


# --------------------------------------------------------------------------- references


def existing_ids(conn: Connection, table: str, values: Sequence[str]) -> set[str]:
    """Which of `values` are ids of `table` in the database."""
    col = metadata.tables[table].c.id
    found: set[str] = set()
    stmt = select(col).where(col.in_(bindparam("ids", expanding=True)))
    for start in range(0, len(values), 500):
        found.update(conn.execute(stmt, {"ids": list(values[start:start + 500])}).scalars())
    return found


@dataclass(frozen=True)
class PendingReferences:
    """References of one column that name no id of this import: unknown unless the database holds them."""

    check: TableCheck
    column: str
    target: str
    values: pd.Index


def pending_references(checks: dict[str, TableCheck]) -> list[PendingReferences]:
    """The references not found among the ids of this import (Python only: runs while the server loads)."""
    pending = []
    for check in checks.values():
        for name, parts in check._refs.items():
            target = check.spec.by_name[name].ref
            assert target is not None
            if target in checks and not any(c.name == "id" for c in checks[target].columns):
                continue  # that file's missing id column is reported; its ids are unknown
            imported = checks[target].ids if target in checks and checks[target].ids is not None else None
            distinct = pd.Index(pd.concat([n for _, _, n in parts]).dropna().unique()) if parts else pd.Index([])
            unknown = distinct if imported is None else distinct[~distinct.isin(imported)]
            if len(unknown):
                pending.append(PendingReferences(check, name, target, unknown))
            else:
                check._refs[name] = []
    return pending


def resolve_references(conn: Connection, pending: list[PendingReferences], log: ProblemLog) -> None:
    """Every reference must name an id of this import or of the database (spec: "Bad input"): log those
    of `pending` that the database does not hold either."""
    for ref in pending:
        check, name, target = ref.check, ref.column, ref.target
        unknown = ref.values.difference(pd.Index(list(existing_ids(conn, target, ref.values.tolist())), dtype=TEXT))
        if len(unknown):
            for rows, codes, norm in check._refs[name]:
                bad_codes = np.flatnonzero(norm.isin(unknown).to_numpy())
                hit = np.isin(codes, bad_codes)
                if hit.any():
                    values = norm.to_numpy()[codes[hit]]
                    log.add_rows(check.source, name, rows[hit], values, "unknown reference",
                                 lambda v, t=target: f"unknown id {_q(v)}: not in {t}, neither in this import nor in "
                                 "the database")
        check._refs[name] = []


__all__ = [
    "CheckedChunk",
    "PendingReferences",
    "ProblemLog",
    "TableCheck",
    "Values",
    "check_values",
    "existing_ids",
    "pending_references",
    "resolve_references",
]
