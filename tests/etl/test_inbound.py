"""Reading a folder of raw inbound files (spec/interchange.md, "Assignment of inbound traces" and "Bad input")."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.schema import Activity, ActivityLink, InboxItem
from etl.inbound import read_inbound_folder
from tests.etl.inbound.world import DATA, seed_world

TODAY = date(2026, 3, 1)


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    return engine


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty inbound folder (beside, not holding, the SQLite file)."""
    path = tmp_path / "inbound"
    path.mkdir()
    return path


def _links(engine: Engine, source_id: str) -> list[tuple[str, str | None, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(ActivityLink.organisation_id, ActivityLink.contact_id, ActivityLink.matched_by)
                            .join(Activity, Activity.id == ActivityLink.activity_id)
                            .where(Activity.source_id == source_id).order_by(ActivityLink.organisation_id)).all()
    return [tuple(r) for r in rows]


def _inbox(engine: Engine, source_id: str) -> tuple[str | None, str] | None:
    with engine.connect() as conn:
        row = conn.execute(select(InboxItem.address, InboxItem.reason)
                           .join(Activity, Activity.id == InboxItem.activity_id)
                           .where(Activity.source_id == source_id)).first()
    return tuple(row) if row else None


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Activity)).scalar_one())


def test_every_trace_lands_or_waits_with_a_reason(world: Engine) -> None:
    """Assignment of inbound traces: each sample trace lands by the rules or waits in the inbox."""
    read_inbound_folder(world, DATA, today=TODAY)
    assert _links(world, "20260303091400.4711@mueller-ag.de") == [("o2", "c2", "contact")]
    assert _links(world, "fwd-inline-1@ourco.de") == [("o1", None, "domain")]
    assert _links(world, "fwd-attached-1@ourco.de") == [("o2", "c2", "contact")]
    assert _links(world, "out-multi-1@ourco.de") == [("o1", None, "domain"), ("o6", None, "domain")]
    assert _links(world, "nl-1@nowhere-firm.example") == [("o2", "c2", "contact")]  # by its Reply-To
    assert _inbox(world, "CAFreemail123@mail.gmail.com") == ("max.mustermann1987@gmail.com", "freemail")
    assert _inbox(world, "shared-1@shared-holding.de") == ("einkauf@shared-holding.de", "ambiguous_domain")
    assert _inbox(world, "cold-1@fremdfirma.example") == ("kontakt@fremdfirma.example", "no_match")
    for call in ("call-1", "call-2", "call-3"):
        assert _links(world, call) == [("o2", "c2", "number")]
    assert _links(world, "call-4") == [("o1", None, "number")]
    assert _inbox(world, "call-5")[1] == "no_match"  # type: ignore[index]
    assert _links(world, "weekly-bounded@ourco.de/2026-02-09") == [("o1", None, "domain")]
    assert _links(world, "weekly-open@ourco.de/2026-01-14") == [("o2", "c2", "contact"), ("o6", None, "domain")]
    assert _inbox(world, "single-visit@ourco.de") == ("einkauf@shared-holding.de", "ambiguous_domain")


def test_direction_and_agent(world: Engine) -> None:
    """Assignment of inbound traces: a mail sent from our side is outgoing, any other incoming."""
    read_inbound_folder(world, DATA, today=TODAY)
    with world.connect() as conn:
        rows = dict(conn.execute(select(Activity.source_id, Activity.direction + "/" + Activity.agent_id)
                                 .where(Activity.source == "email")).all())
    assert rows["out-multi-1@ourco.de"] == "out/a1"
    assert rows["20260303091400.4711@mueller-ag.de"] == "in/a1"


def test_broken_files_are_reported_and_the_rest_kept(world: Engine) -> None:
    """Bad input: unreadable files, the garbage mail of an mbox, a bad call row and an event without start are
    reported with file name (and position) and skipped; everything else is read and kept."""
    report = read_inbound_folder(world, DATA, today=TODAY)
    where = {(name, position) for name, position, _ in report.skipped}
    assert where == {("90_random_bytes.eml", None), ("91_broken.ics", None), ("archive.mbox", 2),
                     ("calls.csv", 8), ("meetings.ics", None)}
    assert all(reason for _, _, reason in report.skipped)
    assert _links(world, "mbox-1@mueller-ag.de") == [("o2", "c2", "contact")]
    assert _links(world, "mbox-3@ourco.de") == [("o1", None, "domain")]
    assert report.added == report.read == _count(world)


def test_reading_again_adds_nothing(world: Engine) -> None:
    """Bad input: reading the same files again adds nothing."""
    first = read_inbound_folder(world, DATA, today=TODAY)
    before = _count(world)
    again = read_inbound_folder(world, DATA, today=TODAY)
    assert again.added == 0 and _count(world) == before == first.added
    assert len(again.skipped) == len(first.skipped)


def test_a_new_file_adds_only_what_is_new(world: Engine, folder: Path) -> None:
    """Assignment of inbound traces: the same mail read twice is one activity; a new file adds only its new traces."""
    shutil.copy(DATA / "01_encoded_multipart.eml", folder / "a.eml")
    assert read_inbound_folder(world, folder, today=TODAY).added == 1
    resent = b"X-Resent: yes\n" + (DATA / "01_encoded_multipart.eml").read_bytes()  # other bytes, same Message-ID
    (folder / "resent-a.eml").write_bytes(resent)
    shutil.copy(DATA / "09_no_match.eml", folder / "b.eml")
    report = read_inbound_folder(world, folder, today=TODAY)
    assert (report.added, report.read, report.unchanged, _count(world)) == (1, 2, 1, 2)


def test_open_ended_series_grows_with_the_date(world: Engine, folder: Path) -> None:
    """Calendar: open-ended series reach one year ahead of the run's date; a later run adds the new occurrences."""
    shutil.copy(DATA / "meetings.ics", folder / "m.ics")
    first = read_inbound_folder(world, folder, today=TODAY).added
    later = read_inbound_folder(world, folder, today=TODAY + timedelta(weeks=4)).added
    assert later == 4 and first > later


def test_a_single_file_path_and_unknown_files(world: Engine, folder: Path) -> None:
    """Bad input: a file that is no inbound file is reported and skipped; a single file can be read alone."""
    (folder / "notes.txt").write_text("hello")
    (folder / ".DS_Store").write_bytes(b"\x00\x00")
    report = read_inbound_folder(world, folder, today=TODAY)
    assert report.skipped == [("notes.txt", None, report.skipped[0][2])]
    single = read_inbound_folder(world, DATA / "04_freemail.eml", today=TODAY)
    assert (single.added, single.skipped) == (1, [])


def test_truncated_mbox_and_random_bytes_never_raise(world: Engine, folder: Path) -> None:
    """Bad input: a truncated mbox and random bytes under every suffix are skipped or read, never a traceback."""
    data = (DATA / "archive.mbox").read_bytes()
    (folder / "cut.mbox").write_bytes(data[: len(data) // 2])
    noise = (DATA / "90_random_bytes.eml").read_bytes()
    for suffix in (".mbox", ".ics", ".csv"):
        (folder / f"noise{suffix}").write_bytes(noise)
    report = read_inbound_folder(world, folder, today=TODAY)
    assert {n for n, _, _ in report.skipped} >= {"noise.mbox", "noise.ics", "noise.csv"}
    assert _links(world, "mbox-1@mueller-ag.de") == [("o2", "c2", "contact")]


def test_raw_eight_bit_headers_are_stored(world: Engine, folder: Path) -> None:
    """Bad input: a mail with undeclared 8-bit header bytes (as old mailers send) is read and kept on both databases."""
    (folder / "latin1.eml").write_bytes(
        b"From: M\xfcller <j.mueller@mueller-ag.de>\nTo: s.koenig@ourco.de\nSubject: Gr\xfc\xdfe \xff\xfe\n"
        b"Date: Tue, 14 Jul 2026 08:00:00 +0200\nMessage-ID: <latin1@mueller-ag.de>\n\nK\xf6rper\n")
    report = read_inbound_folder(world, folder, today=TODAY)
    assert (report.added, report.skipped) == (1, [])
    assert _links(world, "latin1@mueller-ag.de") == [("o2", "c2", "contact")]
