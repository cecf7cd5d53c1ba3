"""Single values and one-document output: the plain CSV cell, the JSON value, `write_document`.

Standard library only, so that a command printing one document (`kundenakte caller`) loads no pandas;
the column-wise writers of kundenakte.cli.output follow the same rules.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from datetime import date, datetime
from typing import IO, Any


def _missing(v: Any) -> bool:
    """None, or pandas' NA or NaT (only possible once pandas is loaded: then it is in sys.modules)."""
    if v is None:
        return True
    pd = sys.modules.get("pandas")
    return pd is not None and (v is pd.NA or v is pd.NaT)


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


def csv_value(v: Any) -> str:
    """One plain CSV cell: `.` decimal point, no thousands separator, true/false, empty for null."""
    if isinstance(v, str):
        return v
    if _missing(v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "" if math.isnan(v) else plain_number(v)
    if isinstance(v, datetime):
        return v.isoformat(sep="T", timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item"):  # numpy scalars
        return csv_value(v.item())
    return str(v)


def json_value(v: Any) -> Any:
    """A JSON-safe value (dates as ISO strings, NaN as null), for documents and mixed columns."""
    if _missing(v):
        return None
    if isinstance(v, float):
        clean = None if math.isnan(v) else clean_float(v)
        return None if clean is None or math.isinf(clean) else clean  # 15 digits can round up to infinity
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


def write_document(doc: Mapping[str, Any], fmt: str, out: IO[str] | None = None) -> None:
    """Write one JSON document (or, for table, its top-level keys one per line)."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(json_value(doc), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("".join(f"{k}: {json.dumps(json_value(v), ensure_ascii=False)}\n" for k, v in doc.items()))


__all__ = ["clean_float", "csv_value", "json_value", "plain_number", "write_document"]
