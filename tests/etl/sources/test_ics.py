"""Reading calendars: single and recurring appointments, horizon, and broken files (spec/interchange.md)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from etl.sources import ics
from etl.sources.ics import NotACalendar, read_calendar
from tests.etl.inbound.world import DATA, REALWORLD

TODAY = date(2026, 3, 1)


def _read(today: date = TODAY, horizon: int = 365) -> ics.CalendarRead:
    return read_calendar((DATA / "meetings.ics").read_bytes(), today, horizon)


def _ids(read: ics.CalendarRead, uid: str) -> list[str]:
    return [t.source_id for t in read.traces if t.source_id.startswith(uid + "/")]


def test_bounded_series_in_full() -> None:
    """Calendar: a bounded recurring appointment (COUNT=6) gives one activity per occurrence, `UID/YYYY-MM-DD`."""
    expected = [f"weekly-bounded@ourco.de/{date(2026, 1, 5) + timedelta(weeks=i)}" for i in range(6)]
    assert _ids(_read(), "weekly-bounded@ourco.de") == expected
    assert _ids(_read(today=date(2020, 1, 1), horizon=1), "weekly-bounded@ourco.de") == expected


def test_open_ended_series_up_to_the_horizon() -> None:
    """Calendar: an open-ended series is expanded up to one year ahead of today, and no further."""
    first = date(2026, 1, 7)
    last_allowed = TODAY + timedelta(days=365)
    expected = [f"weekly-open@ourco.de/{d}" for d in
                (first + timedelta(weeks=i) for i in range(200)) if d <= last_allowed]
    assert _ids(_read(), "weekly-open@ourco.de") == expected
    assert len(_ids(_read(horizon=30), "weekly-open@ourco.de")) < len(expected)


def test_occurrence_carries_people_time_and_duration() -> None:
    """Calendar: organiser and attendees (any case of MAILTO) are read; the start is Berlin wall time."""
    occurrence = next(t for t in _read().traces if t.source_id == "weekly-open@ourco.de/2026-07-08")
    assert occurrence.occurred_at == datetime(2026, 7, 8, 14, 30)  # summer time keeps the wall time
    assert occurrence.duration_minutes == 30
    assert occurrence.organizer == "t.becker@ourco.de"
    assert occurrence.attendees == ("j.mueller@mueller-ag.de", "boss@kunde-sechs.de")


def test_single_event_by_uid_in_berlin_time() -> None:
    """Calendar: a single appointment is identified by its UID; a UTC start becomes Berlin time."""
    single = [t for t in _read().traces if t.source_id == "single-visit@ourco.de"]
    assert len(single) == 1
    assert single[0].occurred_at == datetime(2026, 3, 20, 9, 0)
    assert single[0].duration_minutes == 90


def test_event_without_start_is_skipped_with_reason() -> None:
    """Bad input: an event without a start is skipped with its reason; the rest of the file is kept."""
    read = _read()
    assert len(read.skipped) == 1 and "no-start@ourco.de" in read.skipped[0]
    assert not any(t.source_id.startswith("no-start") for t in read.traces)


@pytest.mark.parametrize("data", [
    (DATA / "91_broken.ics").read_bytes(),
    b"\x00\x01\x02 random",
    b"",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026XX01\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
])
def test_calendar_that_does_not_parse(data: bytes) -> None:
    """Bad input: a calendar that does not parse is refused with a reason (or its broken event is skipped)."""
    try:
        read = read_calendar(data, TODAY)
    except NotACalendar as exc:
        assert str(exc)
    else:
        assert read.skipped and not read.traces


@pytest.mark.parametrize("rule", [b"FREQ=SECONDLY;COUNT=100000000", b"FREQ=SECONDLY;UNTIL=20991231T000000Z",
                                  b"FREQ=MINUTELY"])
def test_expansion_is_bounded_even_for_huge_series(monkeypatch: pytest.MonkeyPatch, rule: bytes) -> None:
    """Bad input: expansion of recurring events is bounded, so no file can make a run endless."""
    monkeypatch.setattr(ics, "MAX_OCCURRENCES", 50)
    data = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:flood\r\nDTSTART:20260101T000000Z\r\nRRULE:" + rule
            + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    read = read_calendar(data, TODAY)
    assert [t.source_id for t in read.traces] == ["flood/2026-01-01"]  # one id per occurrence day
    assert read.skipped and "flood" in read.skipped[0]


def _library_suites() -> list[Path]:
    """Every calendar of icalendar's and recurring-ical-events' own test suites (shipped in the installed packages)."""
    import icalendar
    import recurring_ical_events

    return sorted(path for package in (icalendar, recurring_ical_events)
                  for path in Path(package.__file__).parent.rglob("*.ics"))


def test_the_calendar_libraries_own_test_calendars_are_read_or_reported() -> None:
    """Bad input (interchange.md): the ~250 calendars of icalendar's and recurring-ical-events' test suites,
    broken ones among them, are
    each read or refused as a whole with a reason, never with a traceback; and every event (by UID) of a
    calendar that parses becomes traces or a skip reason: nothing is dropped silently."""
    import icalendar

    files = _library_suites()
    assert len(files) >= 200  # the packages ship their suites: an empty glob must not pass
    refused = 0
    for path in files:
        data = path.read_bytes()
        try:
            read = read_calendar(data, date(2026, 3, 1))
        except NotACalendar:
            refused += 1
            continue
        uids = set()
        for calendar in icalendar.Calendar.from_ical(data, multiple=True):
            for event in calendar.walk("VEVENT"):
                uid = str(event.get("UID") or "").strip()
                uids.add(uid or hashlib.sha256(event.to_ical()).hexdigest())
        traced = {t.source_id.split("/")[0] for t in read.traces}
        reported = {reason.split(": ")[0].removeprefix("event ") for reason in read.skipped}
        assert uids <= traced | reported, path.name
    assert refused < len(files) // 2


def test_a_series_without_occurrence_is_reported() -> None:
    """Calendar: a weekly series whose UNTIL lies before its DTSTART (recurring-ical-events' issue 117 file)
    gives no appointment, and says so instead of vanishing."""
    read = read_calendar((REALWORLD / "rie_issue_117_until_before_dtstart.ics").read_bytes(), date(2026, 3, 1))
    assert read.traces == []
    assert len(read.skipped) == 1 and read.skipped[0].endswith("its recurrence rule gives no occurrence")
