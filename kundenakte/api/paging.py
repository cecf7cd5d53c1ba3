"""Paging of every list route: `limit` rows from `offset`, answered with the `total` the filters leave and the
`next_offset` (null on the last page). The same two parameters and four fields on every list of the API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import request

from core.errors import InvalidInput

#: the largest paging number the API takes (a list has fewer rows)
MAX_INT = 10_000_000
#: the most rows one page may ask for (the organisation list's service allows the same)
MAX_LIMIT = 1000


def whole_number(name: str, default: int, *, lowest: int = 0, highest: int = MAX_INT) -> int:
    """A whole number of the query string from `lowest` to `highest`; anything else is InvalidInput (400)."""
    value = request.args.get(name)
    if value in (None, ""):
        return default
    text = value.strip()
    if len(text) > 12 or not text.isdigit() or not lowest <= int(text) <= highest:
        raise InvalidInput(f"{name} is not a whole number from {lowest} to {highest}")
    return int(text)


@dataclass(frozen=True)
class Paging:
    """Which rows of a list: `limit` from `offset`."""

    offset: int
    limit: int

    @property
    def end(self) -> int:
        return self.offset + self.limit

    def document(self, total: int, rows: Sequence[Any]) -> dict[str, Any]:
        """The page's answer: offset, limit, total, next_offset (null on the last page) and the rows."""
        more = self.offset + len(rows) < total and len(rows) > 0
        return {"offset": self.offset, "limit": self.limit, "total": total,
                "next_offset": self.offset + len(rows) if more else None, "rows": list(rows)}

    def slice(self, rows: Sequence[Any]) -> dict[str, Any]:
        """The page of a list a service returned whole (already aggregated: one row per organisation or group)."""
        return self.document(len(rows), rows[self.offset:self.end])


def paging(default_limit: int = 100, max_limit: int = MAX_LIMIT) -> Paging:
    """`?limit=&offset=` of the request (limit 1 to `max_limit`)."""
    return Paging(whole_number("offset", 0), whole_number("limit", default_limit, lowest=1, highest=max_limit))


__all__ = ["MAX_INT", "MAX_LIMIT", "Paging", "paging", "whole_number"]
