"""Appointments from `*.ics` calendars (icalendar + recurring-ical-events).

A single event is one `EventTrace` identified by its UID; a recurring one gives
one trace per occurrence, `UID/YYYY-MM-DD`: bounded series in full, open-ended
ones up to a horizon (spec/interchange.md, "Calendar"). An event without a
start is skipped with a reason; the rest of the file is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil.rrule import rrulestr

from etl.addresses import normalise_address

BERLIN = ZoneInfo("Europe/Berlin")
#: no series, however written, yields more occurrences than this (a run must end)
MAX_OCCURRENCES = 5000


class NotACalendar(ValueError):
    """The bytes are not a calendar we can parse; the message says why."""


@dataclass(frozen=True)
class EventTrace:
    """One appointment (or one occurrence of a series) as the matcher needs it."""

    source_id: str
    occurred_at: datetime
    duration_minutes: float | None
    subject: str | None
    organizer: str | None
    attendees: tuple[str, ...]


@dataclass
class CalendarRead:
    """What one calendar file gave: traces, and a reason per event that was skipped."""

    traces: list[EventTrace] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _to_naive_berlin(value: date | datetime) -> datetime:
    """An occurrence start as naive Europe/Berlin wall time (all-day events at midnight)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is None:
        return value
    return value.astimezone(BERLIN).replace(tzinfo=None)


def _address(value: Any) -> str | None:
    """`mailto:Anna@Heyer-Plan.de` (any case) as a bare lower-case address."""
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return normalise_address(text)


def _people(event: icalendar.Component) -> tuple[str | None, tuple[str, ...]]:
    organizer = _address(event.get("ORGANIZER"))
    raw = event.get("ATTENDEE")
    items: Iterable[Any] = raw if isinstance(raw, list) else ([raw] if raw is not None else [])
    attendees: list[str] = []
    for item in items:
        addr = _address(item)
        if addr and addr not in attendees:
            attendees.append(addr)
    return organizer, tuple(attendees)


def _duration(event: icalendar.Component) -> float | None:
    start, end = event.get("DTSTART"), event.get("DTEND")
    if start is not None and end is not None:
        a, b = start.dt, end.dt
        if isinstance(a, datetime) == isinstance(b, datetime):
            if isinstance(a, datetime) and (a.tzinfo is None) != (b.tzinfo is None):
                return None
            return (b - a).total_seconds() / 60
    dur = event.get("DURATION")
    return dur.dt.total_seconds() / 60 if dur is not None and isinstance(dur.dt, timedelta) else None


def _trace(event: icalendar.Component, source_id: str) -> EventTrace:
    organizer, attendees = _people(event)
    summary = event.get("SUMMARY")
    return EventTrace(
        source_id=source_id,
        occurred_at=_to_naive_berlin(event["DTSTART"].dt),
        duration_minutes=_duration(event),
        subject=str(summary) if summary is not None else None,
        organizer=organizer,
        attendees=attendees,
    )


def _is_recurring(group: list[icalendar.Component]) -> bool:
    return any(e.get("RRULE") is not None or e.get("RDATE") is not None or e.get("RECURRENCE-ID") is not None
               for e in group)


def _is_bounded(group: list[icalendar.Component]) -> bool:
    """True when every RRULE ends (COUNT or UNTIL); RDATEs are finite anyway."""
    return all("COUNT" in rule or "UNTIL" in rule for event in group for rule in _rules(event))


def _rules(event: icalendar.Component) -> list[Any]:
    rules = event.get("RRULE")
    return rules if isinstance(rules, list) else ([rules] if rules is not None else [])


def _rule_starts(rule: Any, start: date | datetime, limit: int) -> list[datetime]:
    """The first `limit` starts of one RRULE (dateutil, lazily: cheap for any rule)."""
    begin = start if isinstance(start, datetime) else datetime.combine(start, time())
    text = rule.to_ical().decode()
    try:
        rule_set = rrulestr(text, dtstart=begin)
    except ValueError:  # UNTIL in UTC with a floating start, or the other way round
        rule_set = rrulestr(text, dtstart=begin.replace(tzinfo=None), ignoretz=True)
    return list(islice(iter(rule_set), limit))


def _clamp(group: list[icalendar.Component], until: datetime) -> bool:
    """Rewrite RRULEs so expansion is cheap: open-ended ones end at the horizon, none exceeds
    MAX_OCCURRENCES. True when a series had to be cut (recurring-ical-events computes bounded
    rules in full, so a COUNT of a billion would otherwise never end)."""
    cut = False
    for event in group:
        for rule in _rules(event):
            starts = _rule_starts(rule, event["DTSTART"].dt, MAX_OCCURRENCES + 1)
            open_ended = "COUNT" not in rule and "UNTIL" not in rule
            if open_ended:
                within = [s for s in starts if _to_naive_berlin(s) <= until]
                cut = cut or len(within) > MAX_OCCURRENCES
                count = min(len(within), MAX_OCCURRENCES) + 1  # +1: DTSTART may count without matching
            elif len(starts) > MAX_OCCURRENCES:
                cut, count = True, MAX_OCCURRENCES
            else:
                continue
            rule.pop("UNTIL", None)
            rule["COUNT"] = [count]
    return cut


def _expand(calendar: icalendar.Calendar, uid: str, group: list[icalendar.Component], until: datetime,
            out: CalendarRead) -> None:
    """One trace per occurrence of a series, up to `until` when it is open-ended."""
    mini = icalendar.Calendar()
    for tz in calendar.walk("VTIMEZONE"):
        mini.add_component(tz)
    for event in group:
        mini.add_component(event)
    bounded = _is_bounded(group)
    if _clamp(group, until):
        out.skipped.append(f"event {uid}: series cut after {MAX_OCCURRENCES} occurrences")
    seen: set[str] = set()
    for count, occurrence in enumerate(recurring_ical_events.of(mini).all()):
        start = occurrence["DTSTART"].dt
        if not bounded and _to_naive_berlin(start) > until:
            break
        if count >= MAX_OCCURRENCES:  # RDATEs beyond the cut
            break
        source_id = f"{uid}/{start.strftime('%Y-%m-%d')}"  # two occurrences on one day share the id
        if source_id not in seen:
            seen.add(source_id)
            out.traces.append(_trace(occurrence, source_id))
    if not seen:  # e.g. an UNTIL before DTSTART: reported, not dropped silently
        out.skipped.append(f"event {uid}: its recurrence rule gives no occurrence")


def read_calendar(data: bytes, today: date, horizon_days: int = 365) -> CalendarRead:
    """Every appointment of an ics file; raises NotACalendar when the file does not parse."""
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, but mangled input finds others
        raise NotACalendar(f"calendar does not parse: {exc}") from exc
    if not calendars:
        raise NotACalendar("calendar does not parse: no VCALENDAR in the file")
    until = datetime.combine(today + timedelta(days=horizon_days), time.max)
    out = CalendarRead()
    for calendar in calendars:
        groups: dict[str, list[icalendar.Component]] = {}
        for event in calendar.walk("VEVENT"):
            uid = str(event.get("UID") or "").strip() or hashlib.sha256(event.to_ical()).hexdigest()
            groups.setdefault(uid, []).append(event)
        for uid, group in groups.items():
            try:
                _read_group(calendar, uid, group, until, out)
            except Exception as exc:  # a broken series must not cost the rest of the file
                out.skipped.append(f"event {uid}: cannot be expanded: {type(exc).__name__}: {exc}")
    return out


def _read_group(calendar: icalendar.Calendar, uid: str, group: list[icalendar.Component], until: datetime,
                out: CalendarRead) -> None:
    if any(e.get("DTSTART") is None for e in group):
        out.skipped.append(f"event {uid}: no DTSTART (start)")
        return
    if _is_recurring(group):
        _expand(calendar, uid, group, until, out)
    else:
        out.traces.append(_trace(group[0], uid))
