"""Reading phone system call logs (spec/interchange.md: `inbound/calls.csv`)."""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.sources.calls import NotACallLog, read_call_log
from tests.etl.inbound.world import DATA


def test_numbers_stay_as_written_and_pick_the_other_party() -> None:
    """Module data interchange format: the caller of an incoming and the callee of an outgoing call, as written."""
    log = read_call_log((DATA / "calls.csv").read_bytes())
    by_id = {t.source_id: t for t in log.traces}
    assert by_id["call-1"].number == "06151 123-45" and by_id["call-1"].direction == "in"
    assert by_id["call-2"].number == "+49 (0)6151 12345" and by_id["call-2"].direction == "out"
    assert by_id["call-5"].number == "(5) 555-4729"
    assert by_id["call-1"].duration_minutes == 4.5 and by_id["call-3"].duration_minutes is None
    assert by_id["call-1"].occurred_at == datetime(2026, 3, 2, 9, 0)


def test_bad_row_is_skipped_with_its_row_number() -> None:
    """Bad input: a row that cannot be read is reported with its spreadsheet row number; the others are kept."""
    log = read_call_log((DATA / "calls.csv").read_bytes())
    assert [row for row, _ in log.skipped] == [8]
    assert "call-7" not in {t.source_id for t in log.traces}
    assert len(log.traces) == 6


def test_german_excel_log() -> None:
    """Module data interchange format: `;`-separated Windows-1252 with German dates and decimal commas."""
    data = ("id;occurred_at;direction;caller_number;callee_number;agent_id;duration_minutes\r\n"
            "k1;02.03.2026 09:05;eingehend;06151 123-45;0;a1;2,5\r\n").encode("cp1252")
    (call,) = read_call_log(data).traces
    assert call.occurred_at == datetime(2026, 3, 2, 9, 5)
    assert call.duration_minutes == 2.5 and call.direction == "in"


def test_aware_timestamp_becomes_berlin_time() -> None:
    """Module data interchange format: an ISO timestamp with offset is converted to Europe/Berlin."""
    data = b"id,occurred_at,direction,caller_number,callee_number\nz,2026-07-01T08:00:00Z,in,1,2\n"
    assert read_call_log(data).traces[0].occurred_at == datetime(2026, 7, 1, 10, 0)


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03", b"name,phone\nx,1\n", b""])
def test_file_that_is_no_call_log(data: bytes) -> None:
    """Bad input: a file without the call log's columns is refused with a reason."""
    with pytest.raises(NotACallLog):
        read_call_log(data)
