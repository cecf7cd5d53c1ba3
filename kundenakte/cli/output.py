"""The writers for --format csv|json|table: each column formatted at once (Arrow, numpy), then written whole.

A column becomes text in one vectorised step per kind (text, whole number, float, true/false, date,
date and time), so a report of 100k rows costs no Python call per cell. Only an object column of
mixed Python types, which no report produces, falls back to formatting value by value.
"""

from __future__ import annotations

import csv
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


@dataclass(frozen=True)
class Cells:
    """One column as text: its CSV cells (null where empty) and its JSON tokens (never null)."""

    text: pa.StringArray
    json: pa.StringArray


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


def _floats(values: np.ndarray) -> Cells:
    """Floats with 15 significant digits (clean_float): plain decimals for CSV (plain_number), repr for JSON.

    NaN is empty/null in both, infinity null in JSON.
    """
    missing = np.isnan(values)
    clean = pc.cast(_formatted("%.15g", np.where(missing, 0.0, values)), pa.float64())
    shortest = _formatted("%r", clean.to_numpy())
    exponent = pc.match_substring(shortest, "e")
    plain = shortest
    if pc.any(exponent).as_py():
        fixed = _formatted("%.15f", clean.filter(exponent).to_numpy())
        plain = pc.replace_with_mask(plain, exponent, pc.utf8_rtrim(pc.utf8_rtrim(fixed, "0"), "."))
    whole = pc.and_(pc.invert(exponent), pc.ends_with(shortest, ".0"))
    plain = pc.if_else(whole, pc.utf8_slice_codeunits(shortest, 0, -2), plain)
    plain = pc.if_else(pc.equal(clean, 0.0), "0", plain)
    absent = pa.array(missing)
    text = pc.if_else(absent, pa.scalar(None, pa.string()), plain)
    token = pc.if_else(pc.or_(absent, pc.is_inf(clean)), "null", shortest)
    return Cells(text, token)


def _mixed(col: pd.Series) -> Cells:
    """The fallback of an object column of mixed Python types: formatted value by value."""
    values = col.tolist()
    return Cells(pa.array([csv_value(v) for v in values], type=pa.string()),
                 pa.array([json.dumps(json_value(v), ensure_ascii=False) for v in values], type=pa.string()))


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


def _quoted_or_null(text: pa.Array) -> pa.Array:
    """JSON tokens of text needing no escapes (ISO dates): quoted, null where missing."""
    return pc.fill_null(pc.binary_join_element_wise('"', text, '"', ""), "null")


def column_cells(col: pd.Series) -> Cells:
    """One column's CSV cells and JSON tokens, each kind formatted in one vectorised step."""
    kind = _kind(col)
    if kind == "float":
        return _floats(pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan))
    if kind == "decimal":  # CSV: as str(Decimal) writes it (trailing zeros kept); JSON: as floats
        present = col.notna()
        text = pa.array(col.astype(str).where(present), from_pandas=True, type=pa.string())
        return Cells(text, _floats(col.where(present).astype(float).to_numpy(dtype=np.float64)).json)
    arr = None if kind == "mixed" else _arrow(col, kind)
    if arr is None:
        return _mixed(col)
    if kind == "null":
        return Cells(arr, pc.fill_null(arr, "null"))
    if kind == "text":
        text = pc.cast(arr, pa.string())
        return Cells(text, pc.fill_null(_quoted(text), "null"))
    if kind == "bool":
        text = pc.if_else(arr, "true", "false")
        return Cells(text, pc.fill_null(text, "null"))
    if kind == "int":
        text = pc.cast(arr, pa.string())
        return Cells(text, pc.fill_null(text, "null"))
    if kind == "date":
        text = pc.cast(pc.cast(arr, pa.date32()), pa.string())
        return Cells(text, _quoted_or_null(text))
    # datetime: ISO 8601 to the second, as datetime.isoformat(timespec="seconds") writes it
    seconds = arr.to_numpy(zero_copy_only=False).astype("datetime64[s]")
    text = pa.array(np.where(np.isnat(seconds), None, seconds.astype(str).astype(object)), type=pa.string())
    return Cells(text, _quoted_or_null(text))


def _frame_cells(frame: pd.DataFrame, columns: Sequence[str]) -> list[Cells]:
    """Every named column's cells; a column the frame lacks is empty throughout."""
    empty = Cells(pa.nulls(len(frame), pa.string()), pa.array(["null"] * len(frame), type=pa.string()))
    return [column_cells(frame[c]) if c in frame.columns else empty for c in columns]


def _write_csv(columns: Sequence[str], cells: list[Cells], n: int, out: IO[str]) -> None:
    """Header and rows through the csv module's writerows (the C writer pandas' to_csv uses too).

    Its minimal quoting, newline line ends, nulls written empty; the rows are zipped, never formatted in Python.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    if cells:
        writer.writerows(zip(*(c.text.to_numpy(zero_copy_only=False) for c in cells), strict=True))
    else:
        writer.writerows([[]] * n)


def _write_json(columns: Sequence[str], cells: list[Cells], n: int, out: IO[str]) -> None:
    """A list of objects laid out as json.dump(..., indent=2) lays it out, built column-wise."""
    if n == 0:
        out.write("[]\n")
        return
    if not columns:
        out.write("[\n" + ",\n".join(["  {}"] * n) + "\n]\n")
        return
    members = [pc.binary_join_element_wise(f"    {json.dumps(c, ensure_ascii=False)}: ", cell.json, "")
               for c, cell in zip(columns, cells, strict=True)]
    objects = pc.binary_join_element_wise("  {\n", pc.binary_join_element_wise(*members, ",\n"), "\n  }", "")
    out.write("[\n" + ",\n".join(objects.to_pylist()) + "\n]\n")


def _write_table(columns: Sequence[str], cells: list[Cells], n: int, out: IO[str]) -> None:
    """Columns padded to their widest cell, two spaces apart, trailing blanks cut; for people."""
    texts = [pc.fill_null(c.text, "") for c in cells]
    widths = [max(len(c), pc.max(pc.utf8_length(t)).as_py() or 0) for c, t in zip(columns, texts, strict=True)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    if n == 0:
        return
    if not columns:
        out.write("\n" * n)
        return
    padded = [pc.utf8_rpad(t, width=w, padding=" ") for t, w in zip(texts, widths, strict=True)]
    lines = pc.utf8_rtrim_whitespace(pc.binary_join_element_wise(*padded, "  "))
    out.write("\n".join(lines.to_pylist()) + "\n")


def write_frame(frame: pd.DataFrame, fmt: str, columns: Sequence[str] | None = None,
                out: IO[str] | None = None) -> None:
    """Write a DataFrame's rows (nulls of any kind as empty/null) in the contract's format."""
    out = out or sys.stdout
    cols = list(columns) if columns is not None else [str(c) for c in frame.columns]
    if fmt not in ("csv", "json", "table"):
        raise InvalidInput(f"unknown format {fmt!r}")
    cells = _frame_cells(frame, cols)
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


__all__ = ["Cells", "column_cells", "write_frame", "write_rows"]
