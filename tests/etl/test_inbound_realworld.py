"""Real-world files from other projects' test suites (tests/etl/inbound/data/realworld/README.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.schema import Activity, InboxItem
from etl.inbound import read_inbound_folder
from tests.etl.inbound.world import REALWORLD, seed_world

FILES = sorted(p for p in REALWORLD.iterdir() if p.suffix in (".eml", ".mbox", ".ics"))


def test_the_fixture_set_is_there() -> None:
    """Bad input: the real-world set covers mails, an mbox and calendars (guards against an empty parametrisation)."""
    assert {p.suffix for p in FILES} == {".eml", ".mbox", ".ics"} and len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_world_file_gives_traces_or_a_reason(engine: Engine, path: Path) -> None:
    """Bad input: a real-world file never raises; it yields traces (each landed or in the inbox) or a skip reason."""
    seed_world(engine)
    report = read_inbound_folder(engine, path, today=date(2026, 3, 1))
    assert report.read > 0 or report.skipped
    assert all(name == path.name and reason for name, _, reason in report.skipped)
    with engine.connect() as conn:
        activities = conn.execute(select(func.count()).select_from(Activity)).scalar_one()
        waiting = conn.execute(select(func.count()).select_from(InboxItem)).scalar_one()
    assert activities == report.added == report.read
    assert waiting == activities  # none of these senders is known to the test company: all wait, none dropped


def test_recurring_series_with_exdates_from_thunderbird(engine: Engine) -> None:
    """Calendar: a COUNT=8 weekly series with two EXDATEs gives six occurrences, each `UID/YYYY-MM-DD`."""
    report = read_inbound_folder(engine, REALWORLD / "rie_each_week_but_two_deleted.ics", today=date(2026, 3, 1))
    assert report.added == 8 - 2
    with engine.connect() as conn:
        ids = set(conn.execute(select(Activity.source_id)).scalars())
    assert "SX2CURHKFTKKFFU3VUD7K/2019-03-04" in ids and "SX2CURHKFTKKFFU3VUD7K/2019-03-11" not in ids
