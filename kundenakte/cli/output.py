"""The writers for --format csv|json|table: whole columns formatted, quoted and joined by Arrow, then written.

A column becomes text in one vectorised step per kind (text, whole number, float, true/false, date,
date and time); the CSV quoting, the JSON objects and the table's padding are Arrow kernels over
whole columns, and the lines are joined into one string per chunk of rows: a report of 100k rows
costs no Python call per row or cell. Only what the format needs is computed (CSV and table the
cells, JSON the tokens). An object column of mixed Python types, which no report produces, falls
back to formatting value by value (kundenakte.cli.document, the reference of all of it).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.errors import InvalidInput
from kundenakte.cli.document import csv_value, json_value

#: JSON's escapes of a string (json.encoder's table, ensure_ascii=False): backslash and quote first
_JSON_ESCAPES = [("\\", "\\\\"), ('"', '\\"'), ("\b", "\\b"), ("\f", "\\f"), ("\n", "\\n"), ("\r", "\\r"),
                 ("\t", "\\t"), *((chr(i), f"\\u{i:04x}") for i in range(0x20) if chr(i) not in "\b\f\n\r\t")]
#: the object columns pandas can name one kind for (infer_dtype); any other is a mix of Python types
_INFERRED = {"string": "text", "empty": "null", "boolean": "bool", "integer": "int", "floating": "float",
             "decimal": "decimal", "date": "date", "datetime": "datetime", "datetime64": "datetime"}
#: rows joined into one string at a time: the output streams, and no string nears Arrow's 2 GiB limit
CHUNK_ROWS = 65_536


def _csv_quoted_by() -> str:
    """The characters for which csv.writer's minimal quoting quotes a field (comma, quote and line feed on
    Python 3.11; asked of the csv module itself, so that a Python quoting more is followed)."""
    quoted = ""
    for char in ',"\n\r':
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([char, "x"])
        if buf.getvalue().startswith('"'):
            quoted += char
    return quoted


_CSV_QUOTED_BY = "[" + "".join("\\n" if c == "\n" else "\\r" if c == "\r" else c for c in _csv_quoted_by()) + "]"


def _kind(col: pd.Series) -> str:
    """What a column holds, from its dtype (object columns: from their values, nulls skipped)."""
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _kind(col.astype(dtype.categories.dtype))
    if pd.api.types.is_object_dtype(dtype):
        return _INFERRED.get(pd.api.types.infer_dtype(col, skipna=True), "mixed")
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_string_dtype(dtype):
        return "text"
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        return "datetime"  # naive: an aware one (DatetimeTZDtype) keeps its offset on the mixed path
    return "mixed"


def _quoted(text: pa.Array) -> pa.Array:
    """JSON strings of a text column: escaped as json.dumps escapes (ensure_ascii=False), then quoted.

    Only the cells holding a quote, a backslash or a control character are rewritten, one escape at a time.
    """
    specials = pc.fill_null(pc.match_substring_regex(text, r'[\x00-\x1f"\\]'), False)
    if pc.any(specials).as_py():
        escaped = text.filter(specials)
        for char, escape in _JSON_ESCAPES:
            if pc.any(pc.match_substring(escaped, char)).as_py():
                escaped = pc.replace_substring(escaped, char, escape)
        text = pc.replace_with_mask(text, specials, escaped)
    return pc.binary_join_element_wise('"', text, '"', "")


def _formatted(pattern: str, values: np.ndarray) -> pa.Array:
    """Every value through one %-pattern in a single call (one string, split by Arrow): no call per value."""
    if not len(values):
        return pa.array([], type=pa.string())
    text = "\n".join([pattern] * len(values)) % tuple(values.tolist())
    return pc.split_pattern(pa.array([text]), "\n").flatten()


@dataclass(frozen=True)
class _Floats:
    """A float column to 15 significant digits (clean_float) and the shortest text of each (repr)."""

    missing: pa.BooleanArray
    clean: pa.DoubleArray
    shortest: pa.StringArray

    @classmethod
    def of(cls, values: np.ndarray) -> _Floats:
        missing = np.isnan(values)
        clean = pc.cast(_formatted("%.15g", np.where(missing, 0.0, values)), pa.float64())
        return cls(pa.array(missing), clean, _formatted("%r", clean.to_numpy()))

    def text(self) -> pa.Array:
        """Plain decimals (plain_number): no exponent, no trailing `.0`; NaN empty."""
        shortest = self.shortest
        exponent = pc.match_substring(shortest, "e")
        plain = shortest
        if pc.any(exponent).as_py():
            fixed = _formatted("%.15f", self.clean.filter(exponent).to_numpy())
            plain = pc.replace_with_mask(plain, exponent, pc.utf8_rtrim(pc.utf8_rtrim(fixed, "0"), "."))
        whole = pc.and_(pc.invert(exponent), pc.ends_with(shortest, ".0"))
        plain = pc.if_else(whole, pc.utf8_slice_codeunits(shortest, 0, -2), plain)
        plain = pc.if_else(pc.equal(self.clean, 0.0), "0", plain)
        return pc.if_else(self.missing, pa.scalar(None, pa.string()), plain)

    def json(self) -> pa.Array:
        """repr, as json.dumps writes a float; NaN and infinity null."""
        return pc.if_else(pc.or_(self.missing, pc.is_inf(self.clean)), "null", self.shortest)


def _mixed(col: pd.Series, tokens: bool) -> pa.Array:
    """The fallback of an object column of mixed Python types: formatted value by value."""
    values = col.tolist()
    if tokens:
        return pa.array([json.dumps(json_value(v), ensure_ascii=False) for v in values], type=pa.string())
    return pa.array([csv_value(v) for v in values], type=pa.string())


def _arrow(col: pd.Series, kind: str) -> pa.Array | None:
    """The column as one Arrow array of its kind; None where Arrow would change a value (then: the fallback)."""
    if kind == "null":
        return pa.nulls(len(col), pa.string())
    if kind == "date" and any(issubclass(t, datetime) for t in set(map(type, col.dropna()))):
        return None  # dates beside date-times: Arrow would cut the times off
    try:
        arr = pa.array(col, from_pandas=True)
    except (pa.ArrowException, OverflowError, TypeError):
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_timestamp(arr.type) and arr.type.tz is not None:
        return None  # an aware date-time keeps its own offset on the fallback
    return arr


def _text(arr: pa.Array, kind: str) -> pa.Array:
    """The cells of an Arrow column of one kind (null where empty), as csv_value writes them."""
    if kind in ("null", "text", "int"):
        return pc.cast(arr, pa.string())
    if kind == "bool":
        return pc.if_else(arr, "true", "false")
    if kind == "date":
        return pc.cast(pc.cast(arr, pa.date32()), pa.string())
    # datetime: ISO 8601 to the second, as datetime.isoformat(timespec="seconds") writes it
    seconds = arr.to_numpy(zero_copy_only=False).astype("datetime64[s]")
    return pa.array(np.where(np.isnat(seconds), None, seconds.astype(str).astype(object)), type=pa.string())


def _tokens(text: pa.Array, kind: str) -> pa.Array:
    """The JSON tokens of a column's cells: strings quoted and escaped, numbers and true/false as they are."""
    if kind == "text":
        text = _quoted(text)
    elif kind in ("date", "datetime"):  # ISO text: nothing to escape
        text = pc.binary_join_element_wise('"', text, '"', "")
    return pc.fill_null(text, "null")


def _column(col: pd.Series, tokens: bool) -> pa.Array:
    """One column's CSV cells (null where empty), or its JSON tokens (never null), each kind in one step."""
    kind = _kind(col)
    if kind == "float":
        floats = _Floats.of(pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan))
        return floats.json() if tokens else floats.text()
    if kind == "decimal":  # CSV: as str(Decimal) writes it (trailing zeros kept); JSON: as floats
        present = col.notna()
        if tokens:
            return _Floats.of(col.where(present).astype(float).to_numpy(dtype=np.float64)).json()
        return pa.array(col.astype(str).where(present), from_pandas=True, type=pa.string())
    arr = None if kind == "mixed" else _arrow(col, kind)
    if arr is None:
        return _mixed(col, tokens)
    text = _text(arr, kind)
    return _tokens(text, kind) if tokens else text


def column_text(col: pd.Series) -> pa.Array:
    """A column's cells as CSV and table write them (csv_value of each), null where empty."""
    return _column(col, tokens=False)


def column_json(col: pd.Series) -> pa.Array:
    """A column's JSON tokens (json.dumps of json_value of each)."""
    return _column(col, tokens=True)


def _columns(frame: pd.DataFrame, columns: Sequence[str], tokens: bool) -> list[pa.Array]:
    """Every named column's cells or tokens; a column the frame lacks is empty throughout."""
    empty = pa.array(["null"] * len(frame), pa.string()) if tokens else pa.nulls(len(frame), pa.string())
    return [_column(frame[c], tokens) if c in frame.columns else empty for c in columns]


def _write_lines(lines: pa.Array, out: IO[str], sep: str = "\n", end: str = "\n") -> None:
    """The lines joined by `sep` (then `end`), a chunk of rows at a time: one Arrow join and one write each."""
    for start in range(0, len(lines), CHUNK_ROWS):
        chunk = lines.slice(start, CHUNK_ROWS)
        joined = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(chunk)], pa.int32()), chunk), sep)
        out.write(("" if start == 0 else sep) + joined[0].as_py())
    out.write(end)


def _csv_fields(text: pa.Array) -> pa.Array:
    """CSV fields as csv.writer's minimal quoting writes them: empty for null; in quotes, with the quotes
    doubled, where a field holds what the writer quotes for."""
    text = pc.fill_null(text, "")
    needs = pc.match_substring_regex(text, _CSV_QUOTED_BY)
    if pc.any(needs).as_py():
        doubled = pc.replace_substring(text.filter(needs), '"', '""')
        text = pc.replace_with_mask(text, needs, pc.binary_join_element_wise('"', doubled, '"', ""))
    return text


def _write_csv(columns: Sequence[str], cells: list[pa.Array], n: int, out: IO[str]) -> None:
    """The header through csv.writer, the rows joined by Arrow as that writer writes them (newline line ends).

    A row of one empty field is written `""`, as csv.writer writes it (an empty line would be no row).
    """
    csv.writer(out, lineterminator="\n").writerow(columns)
    if n == 0:
        return
    if not columns:
        out.write("\n" * n)
        return
    fields = [_csv_fields(c) for c in cells]
    if len(fields) == 1:
        lines = pc.if_else(pc.equal(fields[0], ""), '""', fields[0])
    else:
        lines = pc.binary_join_element_wise(*fields, ",")
    _write_lines(lines, out)


def _write_json(columns: Sequence[str], tokens: list[pa.Array], n: int, out: IO[str]) -> None:
    """A list of objects laid out as json.dump(..., indent=2) lays it out, built column-wise."""
    if n == 0:
        out.write("[]\n")
        return
    out.write("[\n")
    if not columns:
        _write_lines(pa.array(["  {}"] * n, pa.string()), out, ",\n", "\n]\n")
        return
    members = [pc.binary_join_element_wise(f"    {json.dumps(c, ensure_ascii=False)}: ", token, "")
               for c, token in zip(columns, tokens, strict=True)]
    objects = pc.binary_join_element_wise("  {\n", pc.binary_join_element_wise(*members, ",\n"), "\n  }", "")
    _write_lines(objects, out, ",\n", "\n]\n")


def _write_table(columns: Sequence[str], cells: list[pa.Array], n: int, out: IO[str]) -> None:
    """Columns padded to their widest cell, two spaces apart, trailing blanks cut; for people."""
    texts = [pc.fill_null(c, "") for c in cells]
    widths = [max(len(c), pc.max(pc.utf8_length(t)).as_py() or 0) for c, t in zip(columns, texts, strict=True)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    if n == 0:
        return
    if not columns:
        out.write("\n" * n)
        return
    padded = [pc.utf8_rpad(t, width=w, padding=" ") for t, w in zip(texts, widths, strict=True)]
    _write_lines(pc.utf8_rtrim_whitespace(pc.binary_join_element_wise(*padded, "  ")), out)


def write_frame(frame: pd.DataFrame, fmt: str, columns: Sequence[str] | None = None,
                out: IO[str] | None = None) -> None:
    """Write a DataFrame's rows (nulls of any kind as empty/null) in the contract's format."""
    out = out or sys.stdout
    cols = list(columns) if columns is not None else [str(c) for c in frame.columns]
    if fmt not in ("csv", "json", "table"):
        raise InvalidInput(f"unknown format {fmt!r}")
    cells = _columns(frame, cols, tokens=fmt == "json")
    if fmt == "csv":
        _write_csv(cols, cells, len(frame), out)
    elif fmt == "json":
        _write_json(cols, cells, len(frame), out)
    else:
        _write_table(cols, cells, len(frame), out)


def write_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str,
               out: IO[str] | None = None) -> None:
    """Write records as csv (header + plain values), json (a list of objects) or a table."""
    write_frame(pd.DataFrame(list(rows), columns=list(columns), dtype=object), fmt, columns, out)


__all__ = ["CHUNK_ROWS", "column_json", "column_text", "write_frame", "write_rows"]
