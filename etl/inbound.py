"""Read a folder of raw inbound files (mail, calendars, call logs) into activities.

File by file, mail by mail: what cannot be read is reported with its file name
(and mbox position or CSV row) and skipped, everything else is kept
(spec/interchange.md, "Bad input"). Each trace is keyed by (source, source_id),
so reading the same files again adds nothing. Files read without any problem are
remembered by content hash and not parsed again (calendars always are: the
horizon of open-ended series moves with the date).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from core.businessconfig import load_config
from core.schema import Activity, InboundFile
from etl.match import OurSide, Outcome, land, load_our_side, match_address, match_number
from etl.sources.calls import CallTrace, NotACallLog, read_call_log
from etl.sources.email import MailTrace, NotAMail, parse_mail, split_mbox
from etl.sources.ics import EventTrace, NotACalendar, read_calendar

Skip = tuple[str, int | None, str]
SUFFIXES = (".eml", ".mbox", ".ics", ".csv")


@dataclass
class InboundReport:
    """What a run did: traces read, activities added, files (or mails, rows, events) skipped."""

    read: int = 0
    added: int = 0
    skipped: list[Skip] = field(default_factory=list)
    #: files already read completely before (same content), not parsed again
    unchanged: int = 0


def _clean(value: str | None, limit: int | None = None) -> str | None:
    """Text safe for both databases: no NUL, no lone surrogates, at most `limit` characters."""
    if value is None:
        return None
    text = value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:limit] if limit else text


def _source_id(value: str) -> str:
    value = _clean(value) or ""
    return value if len(value) <= 500 else hashlib.sha256(value.encode()).hexdigest()


class _Run:
    """One reading run: our side, configuration and a cache of match outcomes."""

    def __init__(self, conn: Connection, today: date) -> None:
        config = load_config(conn)
        self.side: OurSide = load_our_side(conn)
        self.region = config.phone_region
        self.horizon = config.calendar_horizon_days
        self.today = today
        self._cache: dict[tuple[str, str], Outcome] = {}

    def address(self, conn: Connection, address: str) -> Outcome:
        if ("a", address) not in self._cache:
            self._cache[("a", address)] = match_address(conn, address)
        return self._cache[("a", address)]

    def number(self, conn: Connection, number: str | None) -> Outcome:
        key = ("n", number or "")
        if key not in self._cache:
            self._cache[key] = match_number(conn, number, self.region)
        return self._cache[key]

    def store(self, conn: Connection, source: str, values: dict[str, Any], outcomes: Sequence[Outcome],
              first_only: bool) -> bool:
        """Insert the activity and land it, unless (source, source_id) is already there."""
        source_id = _source_id(values.pop("source_id"))
        exists = conn.execute(select(Activity.id).where(Activity.source == source,
                                                        Activity.source_id == source_id)).first()
        if exists:
            return False
        clean = {k: _clean(v) if isinstance(v, str) else v for k, v in values.items()}
        for column, limit in (("agent_id", 64), ("phone_number", 80)):
            if clean.get(column):
                clean[column] = clean[column][:limit]
        activity_id = conn.execute(insert(Activity).values(source=source, source_id=source_id, **clean)
                                   .returning(Activity.id)).scalar_one()
        land(conn, activity_id, outcomes, first_only)
        return True

    def mail(self, conn: Connection, t: MailTrace) -> bool:
        side = self.side
        values = {"source_id": t.source_id, "kind": "email", "occurred_at": t.occurred_at,
                  "from_address": t.from_address, "to_address": ", ".join(t.recipients) or None,
                  "subject": t.subject}
        if side.owns(t.from_address):
            values.update(direction="out", agent_id=side.agent_of(t.from_address))
            if t.original_sender and not side.owns(t.original_sender):
                return self.store(conn, "email", values, [self.address(conn, t.original_sender)], True)
            external = [a for a in t.recipients if not side.owns(a)]
            return self.store(conn, "email", values, [self.address(conn, a) for a in external], False)
        agent = next((side.agent_of(a) for a in t.recipients if side.agent_of(a)), None)
        values.update(direction="in", agent_id=agent)
        senders = [t.from_address, *(a for a in t.reply_to if a != t.from_address and not side.owns(a))]
        return self.store(conn, "email", values, [self.address(conn, a) for a in senders], True)

    def event(self, conn: Connection, t: EventTrace) -> bool:
        side = self.side
        people = [a for a in ([t.organizer] if t.organizer else []) + list(t.attendees)]
        ours = side.owns(t.organizer) if t.organizer else False
        agent = next((side.agent_of(a) for a in people if side.agent_of(a)), None)
        external = list(dict.fromkeys(a for a in people if not side.owns(a)))
        values = {"source_id": t.source_id, "kind": "appointment", "occurred_at": t.occurred_at,
                  "direction": "out" if ours else "in", "agent_id": agent, "from_address": t.organizer,
                  "to_address": ", ".join(t.attendees) or None, "subject": t.subject,
                  "duration_minutes": t.duration_minutes}
        return self.store(conn, "calendar", values, [self.address(conn, a) for a in external], False)

    def call(self, conn: Connection, t: CallTrace) -> bool:
        values = {"source_id": t.source_id, "kind": "call", "occurred_at": t.occurred_at, "direction": t.direction,
                  "agent_id": t.agent_id, "phone_number": t.number, "duration_minutes": t.duration_minutes}
        return self.store(conn, "call", values, [self.number(conn, t.number)], True)


Parsed = tuple[list[tuple[Callable[[Connection, Any], bool], Any]], list[Skip]]


def _parse(run: _Run, name: str, data: bytes) -> Parsed:
    """The traces of one file (each with the method that stores it) and what was skipped."""
    suffix = Path(name).suffix.lower()
    if suffix == ".eml":
        return [(run.mail, parse_mail(data))], []
    if suffix == ".mbox":
        traces: list[tuple[Callable[[Connection, Any], bool], Any]] = []
        skipped: list[Skip] = []
        for position, raw, envelope in split_mbox(data):
            try:
                traces.append((run.mail, parse_mail(raw, envelope)))
            except NotAMail as exc:
                skipped.append((name, position, str(exc)))
        return traces, skipped
    if suffix == ".ics":
        calendar = read_calendar(data, run.today, run.horizon)
        return [(run.event, t) for t in calendar.traces], [(name, None, r) for r in calendar.skipped]
    log = read_call_log(data)
    return [(run.call, t) for t in log.traces], [(name, row, r) for row, r in log.skipped]


def _files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _read_file(engine: Engine, run: _Run, path: Path, name: str, report: InboundReport) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.skipped.append((name, None, f"cannot be read: {exc.strerror or exc}"))
        return
    digest = hashlib.sha256(data).hexdigest()
    is_calendar = path.suffix.lower() == ".ics"
    with engine.connect() as conn:
        known = conn.execute(select(InboundFile.sha256).where(InboundFile.sha256 == digest)).first()
    if known and not is_calendar:
        report.unchanged += 1
        return
    try:
        traces, skipped = _parse(run, name, data)
    except (NotAMail, NotACalendar, NotACallLog) as exc:
        report.skipped.append((name, None, str(exc)))
        return
    except Exception as exc:  # never a traceback: any other parser failure skips the file
        report.skipped.append((name, None, f"cannot be read: {type(exc).__name__}: {exc}"))
        return
    try:
        added = 0
        with engine.begin() as conn:
            for store, trace in traces:
                added += store(conn, trace)
            if not skipped:
                conn.execute(delete(InboundFile).where(InboundFile.sha256 == digest))
                conn.execute(insert(InboundFile).values(sha256=digest, name=name[:500], read_at=datetime.now(),
                                                        traces=len(traces)))
    except Exception as exc:  # a trace the database refuses costs its file, never the run
        report.skipped.append((name, None, f"could not be stored: {type(exc).__name__}: {exc}"))
        return
    report.read += len(traces)
    report.added += added
    report.skipped.extend(skipped)


def read_inbound_folder(engine: Engine, folder: Path, *, today: date | None = None) -> InboundReport:
    """Read every `.eml`, `.mbox`, `.ics` and call log `.csv` in `folder` (not its subfolders), or that one file."""
    report = InboundReport()
    with engine.connect() as conn:
        run = _Run(conn, today or date.today())
    for path in _files(folder):
        name = path.name if path == folder else str(path.relative_to(folder))
        if path.suffix.lower() not in SUFFIXES:
            report.skipped.append((name, None, "not an inbound file (.eml, .mbox, .ics or calls .csv)"))
            continue
        _read_file(engine, run, path, name, report)
    return report
