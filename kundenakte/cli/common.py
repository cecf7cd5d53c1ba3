"""Options every subcommand shares and the writers for --format csv|json|table."""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import Engine

from core.db import ensure_schema, make_engine
from core.errors import InvalidInput

FORMATS = ("csv", "table", "json")


def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL (default: $KUNDENAKTE_DATABASE_URL, else sqlite:///kundenakte.db)",
    )


def add_format_option(p: argparse.ArgumentParser, default: str = "table") -> None:
    p.add_argument("--format", choices=FORMATS, default=default, help=f"output format (default {default})")


def parse_date(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def add_as_of_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="compute as of this date (default: today)")


@contextmanager
def open_engine(args: argparse.Namespace) -> Iterator[Engine]:
    """The engine for --db, with the schema migrated to head; disposed when the block ends."""
    engine = make_engine(args.db)
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.dispose()


def csv_value(v: Any) -> str:
    """Plain CSV cell: `.` decimal point, no thousands separator, true/false, empty for null."""
    if isinstance(v, str):  # most cells: ids, names, letters
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return plain_number(v)
    if isinstance(v, datetime):
        return v.isoformat(sep="T", timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item"):  # numpy scalars
        return csv_value(v.item())
    if v is _NA:
        return ""
    return str(v)


try:
    import pandas as _pd

    _NA = _pd.NA
except Exception:  # pragma: no cover
    _NA = object()


def clean_float(v: float) -> float:
    """Drop binary noise of database sums (15 significant digits: 1319261.3899999999 -> 1319261.39)."""
    return float(format(v, ".15g"))


def plain_number(v: float) -> str:
    """A float as plain decimal text: no exponent, no thousands separator, no trailing zeros."""
    v = clean_float(v)
    if v == 0:
        return "0"
    text = repr(v)
    if "e" in text:
        text = f"{v:.15f}".rstrip("0").rstrip(".")
    return text[:-2] if text.endswith(".0") else text


def json_value(v: Any) -> Any:
    """A JSON-safe value (dates as ISO strings, NaN as null)."""
    if v is None or v is _NA:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else clean_float(v)
    if isinstance(v, datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item"):
        return json_value(v.item())
    if isinstance(v, Mapping):
        return {str(k): json_value(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [json_value(x) for x in v]
    return v


def write_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str,
               out: IO[str] | None = None) -> None:
    """Write records as csv (header + plain values), json (a list of objects) or a table."""
    out = out or sys.stdout
    rows = list(rows)
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([csv_value(r.get(c)) for c in columns])
    elif fmt == "json":
        json.dump([{c: json_value(r.get(c)) for c in columns} for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "table":
        cells = [[csv_value(r.get(c)) for c in columns] for r in rows]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
        out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")
    else:
        raise InvalidInput(f"unknown format {fmt!r}")


def write_frame(frame: Any, fmt: str, columns: Sequence[str] | None = None, out: IO[str] | None = None) -> None:
    """Write a DataFrame's rows (nulls of any kind as empty/null) in the contract's format."""
    cols = list(columns) if columns is not None else [str(c) for c in frame.columns]
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    write_rows(rows, cols, fmt, out)


def write_document(doc: Mapping[str, Any], fmt: str, out: IO[str] | None = None) -> None:
    """Write one JSON document (or, for table, its top-level keys one per line)."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(json_value(doc), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for k, v in doc.items():
            out.write(f"{k}: {json.dumps(json_value(v), ensure_ascii=False)}\n")
