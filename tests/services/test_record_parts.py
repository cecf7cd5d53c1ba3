"""The record's parts beyond the tiles (issue 20, item 3): the timeline filtered by type and date with counts,
open reminders, the org chart, the group tree and the documents by folder, each under need-to-know
(spec/analytics.md, "Security: need-to-know"; interchange.md, tables contacts, organisations, activities,
documents). Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from core.errors import InvalidInput, NotFound
from core.schema import ActivityLink
from core.vocabulary import Role
from services.record_documents import record_documents
from services.record_reminders import open_reminders
from services.record_timeline import TimelineFilter, TimelineType, timeline_page
from services.record_tree import ChartNode, GroupNode, group_tree, org_chart
from services.users import SYSTEM
from tests.access_world import (
    ADMIN,
    AS_OF,
    EXTERNAL_EVA,
    MANAGEMENT,
    PURCHASING,
    SALES_NORD,
    SUPPORT_SUED,
    access_data,
)
from tests.support import own_accounts_user, seed

T = TimelineType


def _world() -> dict[str, list[dict[str, Any]]]:
    """The access world plus a group tree with a loop, an org chart with a loop, tasks and versioned documents."""
    data = access_data()
    data["organisations"] = [
        {**o, "parent_id": {"o2": "o1", "o3": "o2"}.get(o["id"])} for o in data["organisations"]
    ] + [
        {"id": "o5", "name": "Epsilon Tochter", "parent_id": "o3", "key_account_manager_id": "ag2"},
        {"id": "o6", "name": "Kreis Eins", "parent_id": "o7"},
        {"id": "o7", "name": "Kreis Zwei", "parent_id": "o6"},
    ]
    data["contacts"] += [
        {"id": "c4", "organisation_id": "o2", "first_name": "Chef", "last_name": "Beta", "function": "CEO"},
        {"id": "c5", "organisation_id": "o2", "first_name": "Mia", "last_name": "Mitte", "reports_to_id": "c4"},
        {"id": "c6", "organisation_id": "o2", "first_name": "Uwe", "last_name": "Unten", "reports_to_id": "c5"},
        {"id": "c7", "organisation_id": "o4", "first_name": "Ring", "last_name": "Eins", "reports_to_id": "c8"},
        {"id": "c8", "organisation_id": "o4", "first_name": "Ring", "last_name": "Zwei", "reports_to_id": "c7"},
        {"id": "c9", "organisation_id": "o4", "first_name": "Hängt", "last_name": "Dran", "reports_to_id": "c8"},
    ]
    data["contacts"] = [{**c, "reports_to_id": "c1"} if c["id"] == "c2" else c for c in data["contacts"]]
    data["activities"] += [
        {"id": "a3", "kind": "task", "occurred_at": "2026-03-01T08:00:00", "organisation_id": "o1",
         "contact_id": "c2", "agent_id": "ag1", "subject": "Vertrag nachfassen", "due_at": "2026-03-10T12:00:00",
         "done": False},
        {"id": "a4", "kind": "task", "occurred_at": "2026-03-02T08:00:00", "organisation_id": "o1",
         "subject": "Quartalsgespräch", "due_at": "2026-04-01T09:00:00", "importance": "high"},
        {"id": "a5", "kind": "task", "occurred_at": "2026-03-03T08:00:00", "organisation_id": "o1",
         "subject": "Erledigt", "due_at": "2026-03-04T09:00:00", "done": True},
        {"id": "a6", "kind": "task", "occurred_at": "2026-03-20T08:00:00", "organisation_id": "o1",
         "subject": "Nach dem Stichtag", "due_at": "2026-03-25T09:00:00"},
        {"id": "a7", "kind": "call", "occurred_at": "2026-01-15T10:00:00", "organisation_id": "o1",
         "contact_id": "c2", "subject": "Januar-Anruf"},
        {"id": "a8", "kind": "note", "occurred_at": "2026-02-15T10:00:00", "subject": "Notiz ohne Organisation"},
    ]
    data["documents"] += [
        {"id": "d4", "organisation_id": "o1", "folder": "Verträge", "filename": "rahmen.pdf", "version": 2,
         "created_at": "2026-03-01T10:00:00", "external": True, "size_bytes": 2048},
        {"id": "d5", "organisation_id": "o1", "folder": "Verträge", "filename": "rahmen.pdf", "version": 3,
         "created_at": "2026-03-12T10:00:00", "external": False, "created_by": "ag1"},
        {"id": "d6", "organisation_id": "o1", "folder": "Verträge/2026", "filename": "anlage.docx", "version": 1,
         "created_at": "2026-03-20T10:00:00", "external": True},
    ]
    return data


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed(engine, _world())
    return engine


def _page(engine: Engine, user: Any, flt: TimelineFilter | None = None, org: str = "o1", limit: int = 50) -> Any:
    return timeline_page(engine, user, org, AS_OF, flt, limit=limit)


# --- timeline -------------------------------------------------------------------------------------------------


def test_the_timeline_counts_every_type_and_filters_to_the_chosen_ones(world: Engine) -> None:
    """All contacts' traces rolled up (activity_links); counts per type; `types=ticket,invoice` lists those only."""
    page = _page(world, SALES_NORD)
    assert page.counts[T.EMAIL] == 1 and page.counts[T.CALL] == 1 and page.counts[T.TASK] == 3
    assert page.counts[T.TICKET] == 2 and page.counts[T.QUOTE] == 1
    # team Nord sees the restricted project's invoices: i1, i2, RE-MARK-ID-5, RE-GEHEIM-MARK-6
    assert page.counts[T.INVOICE] == 4 and page.total == len(page.entries)
    assert [e.at for e in page.entries] == sorted((e.at for e in page.entries), reverse=True)
    only = _page(world, SALES_NORD, TimelineFilter.parse("ticket,invoice"))
    assert {e.kind for e in only.entries} == {"invoice", "ticket"} and only.total == 6
    assert only.counts == page.counts  # counts per type whatever types are chosen
    none = _page(world, SALES_NORD, TimelineFilter(frozenset()))
    assert none.entries == [] and none.total == 0 and none.counts == page.counts


def test_the_invoice_entry_shows_the_invoice_number_not_the_row_id(world: Engine) -> None:
    """interchange.md, invoices: `number` is the invoice's number (RE-...), `id` the row's key."""
    page = _page(world, MANAGEMENT, TimelineFilter.parse(["invoice"]))
    titles = {e.ref: e.title for e in page.entries}
    assert titles["RE-MARK-ID-5"] == "RE-MARK-5" and titles["i1"] == "RE-MARK-1"


def test_the_date_range_includes_both_ends_and_stops_at_the_as_of_date(world: Engine) -> None:
    page = _page(world, SALES_NORD, TimelineFilter.parse(None, "2026-02-01", "2026-02-15"))
    days = {e.at.date() for e in page.entries if e.at}
    assert min(days) == date(2026, 2, 1) and max(days) == date(2026, 2, 15)
    assert {e.ref for e in page.entries} >= {"i1", "d1", "AN-MARK-ID-2"}
    assert page.counts[T.CALL] == 0 and page.counts[T.INVOICE] == 3 and page.counts[T.DOCUMENT] == 3
    # an end after D stops at D: the task of 2026-03-20 and the document of that day are not there
    late = _page(world, SALES_NORD, TimelineFilter.parse(None, "2026-03-01", "2026-12-31"))
    assert "a6" not in {e.ref for e in late.entries} and "d6" not in {e.ref for e in late.entries}
    swapped = _page(world, SALES_NORD, TimelineFilter.parse(None, "2026-02-15", "2026-02-01"))
    assert swapped.counts == page.counts
    with pytest.raises(InvalidInput):
        TimelineFilter.parse(["invoice", "salary"])
    with pytest.raises(InvalidInput):
        TimelineFilter.parse(None, "yesterday")


def test_the_timeline_pages_without_overlap(world: Engine) -> None:
    first = timeline_page(world, SALES_NORD, "o1", AS_OF, limit=3)
    second = timeline_page(world, SALES_NORD, "o1", AS_OF, limit=3, offset=3)
    assert first.more and len(first.entries) == 3
    assert not {e.ref for e in first.entries} & {e.ref for e in second.entries}


def test_the_timeline_shows_the_contact_and_an_assigned_activity(world: Engine) -> None:
    """An activity assigned to the organisation later (activity_links) is in its timeline with its contact."""
    with world.begin() as conn:
        conn.execute(insert(ActivityLink).values(activity_id=8, organisation_id="o1", contact_id="c1",
                                                 matched_by="manual"))
    page = _page(world, SALES_NORD, TimelineFilter.parse(["note", "call"]))
    assert [e.title for e in page.entries] == ["Notiz ohne Organisation", "Januar-Anruf"]
    assert page.entries[0].contact == "Eva Extern" and page.entries[1].contact == "Otto Other"


def test_types_of_areas_a_role_may_not_read_are_neither_listed_nor_counted(world: Engine) -> None:
    """Support: no billing, no pipeline; the admin (team IT) not the restricted project's invoices."""
    support = _page(world, SUPPORT_SUED, TimelineFilter.parse(["invoice", "ticket"]))
    assert T.INVOICE not in support.counts and T.QUOTE not in support.counts
    assert {e.kind for e in support.entries} == {"ticket"}
    admin = _page(world, ADMIN, TimelineFilter.parse(["invoice"]))
    assert admin.counts[T.INVOICE] == 2 and {e.ref for e in admin.entries} == {"i1", "RE-MARK-ID-5"}
    purchasing = _page(world, PURCHASING)
    assert set(purchasing.counts) == {T.EMAIL, T.CALL, T.APPOINTMENT, T.NOTE, T.TASK, T.DOCUMENT}


def test_an_external_user_sees_tickets_and_external_documents_of_their_own_organisation(world: Engine) -> None:
    page = _page(world, EXTERNAL_EVA)
    assert set(page.counts) == {T.TICKET, T.DOCUMENT}
    assert {e.ref for e in page.entries} == {"k1", "k3", "d1", "d4"}  # d3: restricted project; d5: internal
    assert all(e.contact is None for e in page.entries)
    with pytest.raises(NotFound):
        _page(world, EXTERNAL_EVA, org="o2")


# --- reminders ------------------------------------------------------------------------------------------------


def test_open_reminders_are_the_tasks_not_done_soonest_due_first(world: Engine) -> None:
    """interchange.md, activities: kind task, done, due_at; overdue = due before the as-of moment."""
    found = open_reminders(world, SALES_NORD, "o1", AS_OF, now=datetime(2026, 3, 15, 9))
    assert found is not None and found.total == 2
    assert [r.subject for r in found.items] == ["Vertrag nachfassen", "Quartalsgespräch"]
    first, second = found.items
    assert first.overdue and not second.overdue and second.importance == "high"
    assert first.agent == "Anna Nord" and first.contact == "Otto Other"
    later = open_reminders(world, SALES_NORD, "o1", date(2026, 3, 31), now=datetime(2026, 3, 31, 9))
    assert later is not None and later.total == 3


def test_reminders_need_the_activities_area(world: Engine) -> None:
    assert open_reminders(world, EXTERNAL_EVA, "o1", AS_OF) is None
    found = open_reminders(world, PURCHASING, "o1", AS_OF)
    assert found is not None and found.total == 2
    with pytest.raises(NotFound):
        open_reminders(world, EXTERNAL_EVA, "o2", AS_OF)


# --- org chart ------------------------------------------------------------------------------------------------


def _shape(nodes: list[ChartNode] | list[GroupNode]) -> list[Any]:
    return [(n.id, _shape(n.children)) if n.children else n.id for n in nodes]  # type: ignore[arg-type]


def test_the_org_chart_follows_the_reporting_line(world: Engine) -> None:
    chart = org_chart(world, MANAGEMENT, "o2")
    assert _shape(chart.roots) == ["c3", ("c4", [("c5", ["c6"])])] and not chart.has_loop
    assert chart.roots[1].function == "CEO"


def test_a_reporting_loop_neither_hangs_nor_loses_anyone(world: Engine) -> None:
    chart = org_chart(world, MANAGEMENT, "o4")
    assert chart.has_loop and chart.size == 3
    (root,) = chart.roots
    assert root.loop and root.id in {"c7", "c8"}
    seen: list[str] = []
    stack = [root]
    while stack:
        n = stack.pop()
        seen.append(n.id)
        stack.extend(n.children)
    assert sorted(seen) == ["c7", "c8", "c9"]


def test_an_external_user_sees_only_their_own_contact_in_the_org_chart(world: Engine) -> None:
    assert _shape(org_chart(world, EXTERNAL_EVA, "o1").roots) == ["c1"]
    assert _shape(org_chart(world, MANAGEMENT, "o1").roots) == [("c1", ["c2"])]


# --- group tree -----------------------------------------------------------------------------------------------


def test_the_group_tree_has_the_parents_up_to_the_top_and_the_children(world: Engine) -> None:
    """organisations.parent_id: o1 > o2 > o3 > o5; each one's record shows the line up and the subsidiaries."""
    tree = group_tree(world, MANAGEMENT, "o3")
    assert _shape([tree.root]) == [("o1", [("o2", [("o3", ["o5"])])])] and not tree.truncated
    assert not tree.alone
    top = group_tree(world, MANAGEMENT, "o1")
    assert _shape([top.root]) == [("o1", [("o2", [("o3", ["o5"])])])]
    assert group_tree(world, MANAGEMENT, "o4").alone


def test_a_loop_in_the_group_tree_neither_hangs_nor_repeats(world: Engine) -> None:
    tree = group_tree(world, MANAGEMENT, "o6")
    assert tree.has_loop and _shape([tree.root]) == [("o7", ["o6"])]


def test_the_group_tree_shows_only_organisations_the_user_may_see(world: Engine) -> None:
    """Own accounts of ag2 (team Süd): o2 and o5; o3 between them is left out, o5 hangs under o2."""
    support = own_accounts_user(world, "ag2", role=Role.SUPPORT, team="Süd")
    tree = group_tree(world, support, "o2")
    assert _shape([tree.root]) == [("o2", ["o5"])]
    assert _shape([group_tree(world, EXTERNAL_EVA, "o1").root]) == ["o1"]
    with pytest.raises(NotFound):
        group_tree(world, support, "o1")


# --- documents ------------------------------------------------------------------------------------------------


def test_documents_by_folder_with_their_versions_newest_first(world: Engine) -> None:
    docs = record_documents(world, SALES_NORD, "o1", AS_OF)
    assert docs is not None and not docs.downloadable
    assert [f.folder for f in docs.folders] == ["Geheim", "Intern", "Verträge"]  # d6 is after D
    contracts = docs.folders[-1]
    (rahmen,) = contracts.files
    assert [v.version for v in rahmen.versions] == [3, 2, 1]
    assert [v.external for v in rahmen.versions] == [False, True, True]
    assert rahmen.latest.created_by == "Anna Nord" and rahmen.versions[1].size_bytes == 2048
    assert docs.files == 3 and docs.versions == 5
    later = record_documents(world, SALES_NORD, "o1", date(2026, 3, 31))
    assert later is not None and "Verträge/2026" in [f.folder for f in later.folders]


def test_documents_under_need_to_know(world: Engine) -> None:
    """Outside team Nord the restricted project's folder is gone; an external user sees the external versions."""
    admin = record_documents(world, ADMIN, "o1", AS_OF)
    assert admin is not None and [f.folder for f in admin.folders] == ["Intern", "Verträge"]
    eva = record_documents(world, EXTERNAL_EVA, "o1", AS_OF)
    assert eva is not None and [f.folder for f in eva.folders] == ["Verträge"]
    assert [v.version for v in eva.folders[0].files[0].versions] == [2, 1]
    assert all(v.created_by is None for v in eva.folders[0].files[0].versions)
    with pytest.raises(NotFound):
        record_documents(world, EXTERNAL_EVA, "o2", AS_OF)
    assert record_documents(world, SYSTEM, "o4", AS_OF) is not None
