"""Inbound services: activity list, inbox, caller look-up (command-line contract; interchange "Phone")."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from core.errors import Forbidden, InvalidInput
from core.vocabulary import Role
from etl.inbound import read_inbound_folder
from services.inbound import CallerInfo, list_activities, list_inbox, lookup_caller
from services.users import SYSTEM, CurrentUser
from tests.etl.inbound.world import DATA, seed_world
from tests.support import own_accounts_user

EXTERNAL = CurrentUser(id="ext", role=Role.EXTERNAL, contact_id="c2", organisation_id="o2")


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    read_inbound_folder(engine, DATA, today=date(2026, 3, 1))
    return engine


def test_activities_one_row_per_organisation_landed(world: Engine) -> None:
    """Command line contract, activities: one row per organisation an activity landed at, with source_id."""
    frame = list_activities(world, SYSTEM, kind="email")
    multi = frame[frame["source_id"] == "out-multi-1@ourco.de"]
    assert sorted(multi["organisation_id"]) == ["o1", "o6"]
    assert set(frame["kind"]) == {"email"}
    assert list(frame.columns[:5]) == ["source_id", "kind", "occurred_at", "organisation_id", "contact_id"]


def test_activities_of_one_organisation(world: Engine) -> None:
    """Command line contract, activities: --organisation lists only what landed there."""
    frame = list_activities(world, SYSTEM, organisation_id="o2", kind="call")
    assert sorted(frame["source_id"]) == ["call-1", "call-2", "call-3"]
    assert set(frame["contact_id"]) == {"c2"}


def test_activities_respect_need_to_know(world: Engine) -> None:
    """Services: an agent sees the activities of their own accounts only; an external contact none."""
    assert set(list_activities(world, own_accounts_user(world, "a2"))["organisation_id"]) == {"o1", "o2"}
    assert len(list_activities(world, SYSTEM)["organisation_id"].unique()) > 2
    with pytest.raises(Forbidden):
        list_activities(world, EXTERNAL)
    with pytest.raises(InvalidInput):
        list_activities(world, SYSTEM, kind="fax")


def test_inbox_lists_address_and_reason(world: Engine) -> None:
    """Unassigned inbox: what lands nowhere waits with the reason of its first address."""
    frame = list_inbox(world, SYSTEM)
    rows = {r.source_id: (r.kind, r.address, r.reason) for r in frame.itertuples()}
    assert rows["CAFreemail123@mail.gmail.com"] == ("email", "max.mustermann1987@gmail.com", "freemail")
    assert rows["single-visit@ourco.de"] == ("appointment", "einkauf@shared-holding.de", "ambiguous_domain")
    assert rows["call-6"] == ("call", "+493055550000", "no_match")


def test_caller_answers_contact_organisation_and_kam(world: Engine) -> None:
    """Phone: the look-up answers contact, organisation and key account manager, however the number is written."""
    info = lookup_caller(world, SYSTEM, "0049 6151 12345")
    assert (info.number, info.contact_id, info.organisation_id, info.key_account_manager_id) == (
        "+49615112345", "c2", "o2", "a2")
    assert info.open_tickets == 2 and info.contact_name == "Jürgen Müller" and info.vip is False


def test_caller_from_a_switchboard_extension(world: Engine) -> None:
    """Phone: a direct-dial extension of a switchboard answers the organisation, its KAM, deputy and VIP flag."""
    info = lookup_caller(world, SYSTEM, "+49 6151 1234-56")
    assert (info.contact_id, info.organisation_id, info.key_account_manager_id, info.deputy_id, info.vip) == (
        None, "o1", "a1", "a2", True)


def test_unknown_and_invalid_numbers(world: Engine) -> None:
    """Command line contract, caller: an unknown number answers nulls; text that is no number is wrong input."""
    assert lookup_caller(world, SYSTEM, "+49 30 1234567") == CallerInfo(number="+49301234567", reason="no_match")
    assert lookup_caller(world, SYSTEM, "0171 5550001").reason == "ambiguous_number"
    with pytest.raises(InvalidInput):
        lookup_caller(world, SYSTEM, "hello")
