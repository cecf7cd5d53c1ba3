"""Phone system call logs (`inbound/calls.csv`) as call traces.

Columns: id, occurred_at, direction, caller_number, callee_number, agent_id,
duration_minutes (spec/interchange.md). Numbers stay as written; the matcher
normalises them. A row that cannot be read is skipped with its row number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
REQUIRED = ("id", "occurred_at", "direction", "caller_number", "callee_number")
_DIRECTIONS = {"in": "in", "incoming": "in", "inbound": "in", "eingehend": "in",
               "out": "out", "outgoing": "out", "outbound": "out", "ausgehend": "out"}
_GERMAN_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


class NotACallLog(ValueError):
    """The file is no call log (undecodable, or required columns missing)."""


@dataclass(frozen=True)
class CallTrace:
    """One call: `number` is the other party's (caller for incoming, callee for outgoing)."""

    source_id: str
    occurred_at: datetime
    direction: str
    number: str | None
    agent_id: str | None
    duration_minutes: float | None


@dataclass
class CallLogRead:
    """The calls of one log, and (spreadsheet row, reason) per row that was skipped."""

    traces: list[CallTrace] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise NotACallLog("not a call log: binary content")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotACallLog("not a call log: neither UTF-8 nor Windows-1252")  # pragma: no cover - cp1252 decodes most


def _timestamp(text: str) -> datetime:
    """ISO 8601 (aware ones converted) or German `DD.MM.YYYY HH:MM[:SS]`, as naive Berlin time."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        for fmt in _GERMAN_FORMATS:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        raise ValueError(f"occurred_at is no timestamp: {text!r}") from None
    return value.astimezone(BERLIN).replace(tzinfo=None) if value.tzinfo else value


def _minutes(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    value = float(text.replace(",", "."))
    if value < 0 or value != value:
        raise ValueError(f"duration_minutes is negative or no number: {text!r}")
    return value


def read_call_log(data: bytes) -> CallLogRead:
    """The calls of a log; raises NotACallLog when the file as a whole is unusable."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sep)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise NotACallLog(f"not a call log: missing column(s) {', '.join(missing)}")
    out = CallLogRead()
    for number, row in enumerate(reader, start=2):
        cells = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        try:
            out.traces.append(_call(cells))
        except ValueError as exc:
            out.skipped.append((number, str(exc)))
    return out


def _call(cells: dict[str, str]) -> CallTrace:
    if not cells.get("id"):
        raise ValueError("id is empty")
    direction = _DIRECTIONS.get(cells.get("direction", "").lower())
    if direction is None:
        raise ValueError(f"direction must be in or out: {cells.get('direction')!r}")
    number = cells.get("caller_number" if direction == "in" else "callee_number") or None
    return CallTrace(
        source_id=cells["id"],
        occurred_at=_timestamp(cells.get("occurred_at", "")),
        direction=direction,
        number=number,
        agent_id=cells.get("agent_id") or None,
        duration_minutes=_minutes(cells.get("duration_minutes", "")),
    )
