"""Assignment by hand (spec/interchange.md: "An assignment by hand is remembered for that address or number")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from core.errors import Forbidden, InvalidInput, NotFound
from core.schema import Activity, AuditLogEntry
from core.vocabulary import Role
from etl.inbound import read_inbound_folder
from services.commands.assign import assign_by_hand
from services.inbound import list_activities, list_inbox
from services.users import SYSTEM, CurrentUser
from tests.etl.inbound.world import DATA, seed_world
from tests.support import own_accounts_user

TODAY = date(2026, 3, 1)
NEXT_MAIL = b"""From: Max <max.mustermann1987@gmail.com>
To: s.koenig@ourco.de
Subject: Noch eine Frage
Date: Mon, 16 Mar 2026 10:00:00 +0100
Message-ID: <second-from-max@mail.gmail.com>

Hallo nochmal.
"""


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    return engine


def _activity_id(engine: Engine, source_id: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(Activity.id).where(Activity.source_id == source_id)).scalar_one())


def test_learned_address_makes_the_next_mail_land(world: Engine, tmp_path: Path) -> None:
    """Unassigned inbox: after a freemail sender is assigned by hand, its next mail lands by itself."""
    read_inbound_folder(world, DATA / "04_freemail.eml", today=TODAY)
    assign_by_hand(world, SYSTEM, _activity_id(world, "CAFreemail123@mail.gmail.com"), "o6")
    assert "CAFreemail123@mail.gmail.com" not in set(list_inbox(world, SYSTEM)["source_id"])
    (tmp_path / "next.eml").write_bytes(NEXT_MAIL)
    read_inbound_folder(world, tmp_path / "next.eml", today=TODAY)
    landed = list_activities(world, SYSTEM, organisation_id="o6")
    assert set(landed["source_id"]) == {"CAFreemail123@mail.gmail.com", "second-from-max@mail.gmail.com"}
    assert dict(zip(landed["source_id"], landed["matched_by"], strict=True)) == {
        "CAFreemail123@mail.gmail.com": "manual", "second-from-max@mail.gmail.com": "learned"}


def test_learned_number_makes_the_next_call_land(world: Engine, tmp_path: Path) -> None:
    """Unassigned inbox: a number assigned by hand (with contact) is remembered in E.164 for the next call."""
    (tmp_path / "calls.csv").write_text("id,occurred_at,direction,caller_number,callee_number\n"
                                        "n1,2026-03-02T09:00:00,in,030 5555 0000,1\n")
    read_inbound_folder(world, tmp_path, today=TODAY)
    assign_by_hand(world, SYSTEM, _activity_id(world, "n1"), "o2", contact_id="c2")
    (tmp_path / "calls-2.csv").write_text("id,occurred_at,direction,caller_number,callee_number\n"
                                          "n2,2026-03-03T09:00:00,in,+49 (0)30 55550000,1\n")
    read_inbound_folder(world, tmp_path, today=TODAY)
    landed = list_activities(world, SYSTEM, organisation_id="o2", kind="call")
    assert dict(zip(landed["source_id"], landed["contact_id"], strict=True)) == {"n1": "c2", "n2": "c2"}


def test_assignment_is_audited(world: Engine) -> None:
    """Retention/audit: an assignment by hand is written to the audit log with who and what."""
    read_inbound_folder(world, DATA / "05_shared_domain.eml", today=TODAY)
    activity = _activity_id(world, "shared-1@shared-holding.de")
    assign_by_hand(world, CurrentUser(id="a1", role=Role.ADMIN), activity, "o3")
    with world.connect() as conn:
        entry = conn.execute(select(AuditLogEntry.who, AuditLogEntry.action, AuditLogEntry.why)).one()
    assert entry[:2] == ("a1", "assign_by_hand") and "einkauf@shared-holding.de" in entry[2]


def test_refusals(world: Engine) -> None:
    """Services: unknown activity or organisation, a contact of another organisation, an external user are refused."""
    read_inbound_folder(world, DATA / "05_shared_domain.eml", today=TODAY)
    activity = _activity_id(world, "shared-1@shared-holding.de")
    with pytest.raises(NotFound):
        assign_by_hand(world, SYSTEM, 999999, "o3")
    with pytest.raises(NotFound):
        assign_by_hand(world, SYSTEM, activity, "nope")
    with pytest.raises(NotFound):  # not one of agent a2's accounts
        assign_by_hand(world, own_accounts_user(world, "a2", Role.SUPPORT), activity, "o3")
    with pytest.raises(InvalidInput):
        assign_by_hand(world, SYSTEM, activity, "o3", contact_id="c2")
    with pytest.raises(Forbidden):
        outsider = CurrentUser(id="x", role=Role.EXTERNAL, contact_id="c2", organisation_id="o2")
        assign_by_hand(world, outsider, activity, "o3")
    assert "shared-1@shared-holding.de" in set(list_inbox(world, SYSTEM)["source_id"])
