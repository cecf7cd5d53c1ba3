"""Inbound traces that arrive over HTTP (issue 21): a mail (`.eml`, or an `.mbox`), a calendar (`.ics`), a call log
(`calls.csv`, or its rows as JSON), read exactly as `kundenakte inbound` reads a folder (etl/inbound.py: the same
parsers, the same matching, the same inbox; the same mail twice is one activity).

The upload is written under a fixed name of its kind into a folder of its own (`mail.eml`, `calendar.ics`,
`calls.csv`): a name the sender chose never becomes a path. The policy is the folder reader's: edit level of
activities (services/inbound.py); the run is audited with what it added and skipped.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from core.errors import InvalidInput
from core.vocabulary import Area, Level
from etl.inbound import InboundReport
from services import audit, policy
from services.inbound import read_inbound
from services.users import CurrentUser


class InboundKind(StrEnum):
    """What an inbound upload is."""

    MAIL = "eml"
    MBOX = "mbox"
    CALENDAR = "ics"
    CALLS = "csv"


#: the name each kind is read under (the readers choose their parser by the suffix)
FILE_NAMES: dict[InboundKind, str] = {
    InboundKind.MAIL: "mail.eml",
    InboundKind.MBOX: "mail.mbox",
    InboundKind.CALENDAR: "calendar.ics",
    InboundKind.CALLS: "calls.csv",
}
#: the columns of a call log (interchange.md, "calls.csv")
CALL_COLUMNS = ("id", "occurred_at", "direction", "caller_number", "callee_number", "agent_id", "duration_minutes")


def call_log(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """Call rows (`{column: value}`, the columns of calls.csv) as the CSV a phone system writes: row 2 is the first
    row, so a skipped row's number maps back to its index."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CALL_COLUMNS)
    writer.writerows([["" if r.get(c) is None else r.get(c) for c in CALL_COLUMNS] for r in rows])
    return out.getvalue().encode("utf-8")


def read_upload(engine: Engine, user: CurrentUser, kind: InboundKind, data: bytes) -> InboundReport:
    """Read one uploaded file of `kind` as `user` (edit level of activities; a refusal is audited, nothing read).

    What cannot be read comes back in `.skipped` (the file, or a mail of an mbox, or a row of a call log), as
    `kundenakte inbound` reports it; InvalidInput for an empty upload."""
    policy.ensure(engine, user, Area.ACTIVITIES, Level.EDIT)
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput("the upload is empty")
    with tempfile.TemporaryDirectory(prefix="kundenakte-inbound-") as work:
        path = Path(work) / FILE_NAMES[kind]
        path.write_bytes(bytes(data))
        report = read_inbound(engine, user, path)
    audit.record_now(engine, user, "inbound_http", f"{kind.value}: {report.added} added of {report.read} read",
                     f"{report.unchanged} unchanged, {len(report.skipped)} skipped" if report.skipped
                     or report.unchanged else None)
    return report


__all__ = ["CALL_COLUMNS", "FILE_NAMES", "InboundKind", "call_log", "read_upload"]
