"""The inbox page's services: listing, suggestions, target search and assignment by hand (spec/interchange.md,
"Assignment of inbound traces"; spec/analytics.md, "Security: need-to-know": activities E for sales and support,
R for management, accounting and purchasing, none for externals)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.errors import Forbidden, InvalidInput, NotFound
from core.schema import ActivityLink, AuditLogEntry, InboxItem, LearnedMapping, metadata
from core.vocabulary import ActivityKind, InboxReason, Role
from etl.inbound import read_inbound_folder
from services.inbox import assign, inbox, parse_kind, parse_reason, parse_target, search_targets, suggestions
from services.record import organisation_timeline
from services.users import CurrentUser
from tests.etl.inbound.world import DATA, seed_world
from tests.support import own_accounts_user

TODAY = date(2026, 3, 1)
SUPPORT = CurrentUser(id="support-1", role=Role.SUPPORT, agent_id="a2")
SALES = CurrentUser(id="sales-1", role=Role.SALES, agent_id="a1")
READERS = [CurrentUser(id=f"{r.value}-1", role=r) for r in (Role.MANAGEMENT, Role.ACCOUNTING, Role.PURCHASING)]
EXTERNAL = CurrentUser(id="ext", role=Role.EXTERNAL, contact_id="c2", organisation_id="o2")
#: a call from the number contacts of o3 (mobile) and o4 (phone) share: ambiguous_number
SHARED_NUMBER_CALL = ("id,occurred_at,direction,caller_number,callee_number\n"
                      "shared-call,2026-03-03T11:00:00,in,+49 171 5550001,1\n")
NEXT_FROM_MAX = b"""From: Max <max.mustermann1987@gmail.com>
To: s.koenig@ourco.de
Subject: Noch eine Frage
Date: Mon, 16 Mar 2026 10:00:00 +0100
Message-ID: <second-from-max@mail.gmail.com>

Hallo nochmal.
"""


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> Engine:
    seed_world(engine)
    read_inbound_folder(engine, DATA, today=TODAY)
    (tmp_path / "calls.csv").write_text(SHARED_NUMBER_CALL)
    read_inbound_folder(engine, tmp_path, today=TODAY)
    return engine


def _item(engine: Engine, source_id: str) -> int:
    view = inbox(engine, SUPPORT)
    found = [e.activity_id for e in view.entries if e.source_id == source_id]
    assert found, f"{source_id} not in the inbox"
    return found[0]


def _digest(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """The rows of the tables an assignment writes."""
    with engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(select(metadata.tables[t]).order_by(
            *metadata.tables[t].primary_key.columns))] for t in ("inbox_items", "activity_links", "learned_mappings")}


def _denials(engine: Engine, who: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditLogEntry.subject).where(AuditLogEntry.who == who,
                                                                     AuditLogEntry.action == "denied")).scalars())


def test_the_inbox_lists_what_waits_with_its_reason_newest_first(world: Engine) -> None:
    """Unassigned inbox: every waiting trace with the reason of its first address, counted per reason and kind."""
    view = inbox(world, SUPPORT)
    assert view.total == 7 and len(view.entries) == 7 and view.may_assign
    assert view.by_reason == {InboxReason.NO_MATCH: 3, InboxReason.FREEMAIL: 1, InboxReason.AMBIGUOUS_DOMAIN: 2,
                              InboxReason.AMBIGUOUS_NUMBER: 1}
    assert view.by_kind == {ActivityKind.EMAIL: 3, ActivityKind.CALL: 3, ActivityKind.APPOINTMENT: 1}
    times = [e.occurred_at for e in view.entries]
    assert times == sorted(times, reverse=True)
    max_mail = next(e for e in view.entries if e.source_id == "CAFreemail123@mail.gmail.com")
    assert (max_mail.kind, max_mail.address, max_mail.reason) == ("email", "max.mustermann1987@gmail.com", "freemail")


def test_the_filters_narrow_the_list_and_each_others_counts(world: Engine) -> None:
    """Filter by kind and reason: the list and total follow both; each count keeps the other filter."""
    calls = inbox(world, SUPPORT, kind=ActivityKind.CALL)
    assert {e.kind for e in calls.entries} == {"call"} and calls.total == 3
    assert calls.by_reason == {InboxReason.NO_MATCH: 2, InboxReason.AMBIGUOUS_NUMBER: 1}
    assert calls.by_kind[ActivityKind.EMAIL] == 3  # the kind counts are not narrowed by the kind filter
    both = inbox(world, SUPPORT, kind=ActivityKind.EMAIL, reason=InboxReason.AMBIGUOUS_DOMAIN)
    assert [e.source_id for e in both.entries] == ["shared-1@shared-holding.de"] and both.total == 1
    assert inbox(world, SUPPORT, kind=ActivityKind.APPOINTMENT, reason=InboxReason.FREEMAIL).total == 0


def test_the_filter_words_are_checked() -> None:
    """Every callback is an endpoint: a kind or reason the inbox does not know is InvalidInput."""
    assert parse_kind("") is None and parse_kind("call") is ActivityKind.CALL
    assert parse_reason(None) is None and parse_reason("freemail") is InboxReason.FREEMAIL
    for bad in ("note", "fax", ["call"], 3):
        with pytest.raises(InvalidInput):
            parse_kind(bad)
    for bad in ("spam", {"r": 1}):
        with pytest.raises(InvalidInput):
            parse_reason(bad)
    assert parse_target("contact:c2") == ("contact", "c2")
    for bad in ("o1", "user:o1", "organisation:", "organisation:" + "x" * 65, None, 7):
        with pytest.raises(InvalidInput):
            parse_target(bad)


def test_readers_read_but_may_not_assign_and_externals_see_nothing(world: Engine) -> None:
    """Security: management, accounting and purchasing read activities (R): the list, no assignment; an external
    contact may not read the inbox at all (refused and audited)."""
    for reader in READERS:
        view = inbox(world, reader)
        assert view.total == 7 and not view.may_assign
    with pytest.raises(Forbidden):
        inbox(world, EXTERNAL)
    assert _denials(world, "ext") == ["read activities"]


def test_support_assigns_a_freemail_sender_and_its_next_mail_lands_by_itself(world: Engine, tmp_path: Path) -> None:
    """Assignment by hand: the item leaves the inbox, lands at the organisation (on its timeline), the address is
    remembered (learned_mappings) so the sender's next mail lands by itself; audited with who and what."""
    activity = _item(world, "CAFreemail123@mail.gmail.com")
    done = assign(world, SUPPORT, activity, "organisation:o6")
    assert (done.organisation_id, done.contact_id, done.remembered) == ("o6", None, "max.mustermann1987@gmail.com")
    assert all(e.activity_id != activity for e in inbox(world, SUPPORT).entries)
    timeline = organisation_timeline(world, SUPPORT, "o6", date(2026, 3, 31))
    assert ("email", "Anfrage") in [(e.kind, e.title) for e in timeline]
    with world.connect() as conn:
        learned = conn.execute(select(LearnedMapping.address, LearnedMapping.organisation_id,
                                      LearnedMapping.created_by)).all()
        audit = conn.execute(select(AuditLogEntry.who, AuditLogEntry.action, AuditLogEntry.why)
                             .where(AuditLogEntry.action == "assign_by_hand")).all()
    assert [tuple(r) for r in learned] == [("max.mustermann1987@gmail.com", "o6", "support-1")]
    assert [tuple(r)[:2] for r in audit] == [("support-1", "assign_by_hand")] and "o6" in audit[0][2]
    (tmp_path / "next.eml").write_bytes(NEXT_FROM_MAX)
    read_inbound_folder(world, tmp_path / "next.eml", today=TODAY)
    assert "second-from-max@mail.gmail.com" not in {e.source_id for e in inbox(world, SUPPORT).entries}
    with world.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ActivityLink).where(
            ActivityLink.organisation_id == "o6", ActivityLink.matched_by == "learned")).scalar() == 1


def test_sales_assigns_a_call_to_a_contact_and_the_number_is_remembered_for_the_contact(world: Engine,
                                                                                         tmp_path: Path) -> None:
    """Assignment to a contact: its organisation is the target; the number is remembered in E.164 with the
    contact, so the next call from it lands at that contact by itself."""
    activity = _item(world, "shared-call")
    offered = suggestions(world, SALES, activity)
    assert {t.value for t in offered} == {"contact:c3", "contact:c4"}  # the two contacts with that number
    done = assign(world, SALES, activity, "contact:c4")
    assert (done.organisation_id, done.contact_id, done.remembered) == ("o4", "c4", "+491715550001")
    (tmp_path / "calls.csv").write_text("id,occurred_at,direction,caller_number,callee_number\n"
                                        "next-call,2026-03-04T11:00:00,in,0171 5550001,1\n")
    read_inbound_folder(world, tmp_path, today=TODAY)
    with world.connect() as conn:
        landed = conn.execute(select(ActivityLink.organisation_id, ActivityLink.contact_id, ActivityLink.matched_by)
                              .where(ActivityLink.matched_by.in_(["learned", "manual"]))
                              .order_by(ActivityLink.matched_by)).all()
    assert [tuple(r) for r in landed] == [("o4", "c4", "learned"), ("o4", "c4", "manual")]


def test_suggestions_for_an_ambiguous_domain_are_the_organisations_sharing_it(world: Engine) -> None:
    """ambiguous_domain: the organisations with that domain are offered, as far as the user may see them."""
    activity = _item(world, "shared-1@shared-holding.de")
    assert [t.value for t in suggestions(world, SUPPORT, activity)] == ["organisation:o3", "organisation:o4"]
    assert suggestions(world, SUPPORT, _item(world, "CAFreemail123@mail.gmail.com")) == []
    narrowed = own_accounts_user(world, "a2", Role.SUPPORT)  # KAM of o2, deputy of o1: neither holding
    assert suggestions(world, narrowed, activity) == []
    with pytest.raises(Forbidden):
        suggestions(world, READERS[0], activity)


def test_the_target_search_finds_visible_organisations_and_contacts(world: Engine) -> None:
    """Search by name (any case, any part) or address start; short texts find nothing; the scope narrows it; only
    who may assign may search (it serves the assignment)."""
    found = search_targets(world, SUPPORT, "MÜL")
    assert [(t.value, t.organisation_name) for t in found] == [("organisation:o2", "Müller AG"),
                                                               ("contact:c2", "Müller AG")]
    assert [t.value for t in search_targets(world, SUPPORT, "j.mueller@")] == ["contact:c2"]
    assert search_targets(world, SUPPORT, "m") == [] and search_targets(world, SUPPORT, None) == []
    assert search_targets(world, SUPPORT, "100%_") == []  # LIKE wildcards are text
    narrowed = own_accounts_user(world, "a1", Role.SUPPORT)  # KAM of o1 only
    assert search_targets(world, narrowed, "müller") == []
    with pytest.raises(InvalidInput):
        search_targets(world, SUPPORT, ["müller"])
    for outsider in (EXTERNAL, READERS[0]):  # the search serves the assignment: who may not assign may not search
        with pytest.raises(Forbidden):
            search_targets(world, outsider, "müller")


@pytest.mark.parametrize("reader", READERS, ids=lambda u: u.role.value)
def test_a_reader_may_not_assign_nothing_is_written_and_the_refusal_is_audited(world: Engine,
                                                                                reader: CurrentUser) -> None:
    """Security: read-only roles (management, accounting, purchasing) are refused; no table changes; audited."""
    activity = _item(world, "CAFreemail123@mail.gmail.com")
    before = _digest(world)
    with pytest.raises(Forbidden):
        assign(world, reader, activity, "organisation:o6")
    assert _digest(world) == before
    assert _denials(world, reader.id) == ["edit activities"]


def test_what_does_not_wait_in_the_inbox_or_is_not_visible_is_refused(world: Engine) -> None:
    """An activity that already landed cannot be pulled elsewhere; a target outside the scope, an unknown or
    anonymised contact, a contact of another organisation are refused; nothing is written."""
    waiting = _item(world, "shared-1@shared-holding.de")
    with world.connect() as conn:
        landed = conn.execute(select(ActivityLink.activity_id).where(ActivityLink.organisation_id == "o2")).scalar()
    before = _digest(world)
    with pytest.raises(NotFound):
        assign(world, SUPPORT, landed, "organisation:o6")
    with pytest.raises(NotFound):
        assign(world, SUPPORT, 10**9, "organisation:o6")
    with pytest.raises(NotFound):
        assign(world, own_accounts_user(world, "a2", Role.SUPPORT), waiting, "organisation:o3")
    with pytest.raises(NotFound):
        assign(world, SUPPORT, waiting, "contact:nobody")
    with pytest.raises(InvalidInput):
        assign(world, SUPPORT, "5", "organisation:o3")
    assert _digest(world) == before
    assert {f"inbox item {landed}", "activity 1000000000", "organisation 'o3'", "contact 'nobody'"} <= set(
        _denials(world, "support-1")) | set(_denials(world, "a2"))


def test_an_item_is_assigned_once(world: Engine) -> None:
    """Two users assign the same item: the first wins, the second finds it gone (NotFound), one link only."""
    activity = _item(world, "shared-1@shared-holding.de")
    assign(world, SUPPORT, activity, "organisation:o3")
    with pytest.raises(NotFound):
        assign(world, SALES, activity, "organisation:o4")
    with world.connect() as conn:
        links = conn.execute(select(ActivityLink.organisation_id).where(ActivityLink.activity_id == activity)).all()
        waiting = conn.execute(select(func.count()).select_from(InboxItem)
                               .where(InboxItem.address == "einkauf@shared-holding.de")).scalar()
    assert [tuple(r) for r in links] == [("o3",)]
    assert waiting == 1  # the appointment from the same address still waits: the mapping is for the next trace
