"""Service results (dataclasses, frames, dates) as JSON-safe values: ISO dates, plain numbers (a Decimal too,
which Flask would write as a string), null for NaN; never a German format."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """A JSON-safe copy of `value` (dataclasses become objects, dates ISO strings, NaN null)."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        return plain(float(value))
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a DataFrame
        return [plain(r) for r in value.astype(object).to_dict("records")]
    if hasattr(value, "item"):  # numpy / pandas scalars
        return plain(value.item())
    if value.__class__.__name__ in ("NAType", "NaTType"):
        return None
    return value
