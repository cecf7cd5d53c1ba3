"""What the API writes: ISO dates and plain numbers, never a German format or a number as text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd

from kundenakte.api.jsonify import plain


@dataclass(frozen=True)
class Line:
    day: date
    amount: Decimal
    share: float


def test_dates_are_iso_and_money_a_number() -> None:
    found = plain({"line": Line(date(2026, 3, 15), Decimal("1234.56"), float("nan")),
                   "at": datetime(2026, 3, 15, 9, 30, 5, 123), "n": np.int64(3), "gone": float("inf")})
    assert found == {"line": {"day": "2026-03-15", "amount": 1234.56, "share": None},
                     "at": "2026-03-15T09:30:05", "n": 3, "gone": None}
    assert json.loads(json.dumps(found)) == found  # JSON as it is, no string for a number


def test_a_frame_becomes_rows_without_nan() -> None:
    frame = pd.DataFrame({"organisation_id": ["o1", "o2"], "metric": [12.5, np.nan],
                          "class": ["A", None]})
    assert plain(frame) == [{"organisation_id": "o1", "metric": 12.5, "class": "A"},
                            {"organisation_id": "o2", "metric": None, "class": None}]
