"""The start page's service: ABC tiles per relationship, reminders, warnings, an external's own page (issue 20).

The world at D = 15.03.2026 (spec/analytics.md, "ABC classification", default models and windows):

    customers (invoices, 365 days)  c1 6000 A (falling every quarter), c2 4000, c3 3000, c4 2000 B, c5 1000 C,
                                    c6 only an invoice of January 2025: no letter
    prospects (quotes, 60 days)     p1 900 A, p2 100 B, p3 only an open opportunity: no letter (its revenue
                                    potential was last updated in 2024: stale)
    suppliers (ratings, 90 days)    s1 4.0 A, s3 2.0 B, s2 no rating: no letter (each has an incoming invoice)

ag1 (sales, team Nord) is key account manager of c1, p1 and s1; x1 is an external contact of c1.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select, update

from core.errors import Forbidden, InvalidInput, NotFound
from core.schema import AuditLogEntry, ImportLogEntry
from core.vocabulary import AbcModel, Aspect, Role
from services.overview import (
    CACHE,
    FigureCache,
    abc_tiles,
    attention_warnings,
    external_start,
    reminders,
    tile_aspects,
)
from services.users import CurrentUser
from tests.analytics.abc.rows import change, incoming, invoice, opportunity, org, quote, rating
from tests.support import own_accounts_user, seed

D = date(2026, 3, 15)

SALES = CurrentUser(id="sales", role=Role.SALES, agent_id="ag1", teams=frozenset({"Nord"}))
MANAGEMENT = CurrentUser(id="management", role=Role.MANAGEMENT, agent_id="ag4")
SUPPORT = CurrentUser(id="support", role=Role.SUPPORT, agent_id="ag2")
ACCOUNTING = CurrentUser(id="accounting", role=Role.ACCOUNTING, agent_id="ag3")
PURCHASING = CurrentUser(id="purchasing", role=Role.PURCHASING, agent_id="ag5")
EXTERNAL = CurrentUser(id="eva", role=Role.EXTERNAL, contact_id="x1", organisation_id="c1")


def task(id: str, agent: str | None, due: str | None, *, org_id: str | None = None, done: bool | None = False,
         occurred: str = "2026-03-01T09:00:00", kind: str = "task", subject: str | None = None) -> dict[str, Any]:
    return {"id": id, "kind": kind, "occurred_at": occurred, "agent_id": agent, "organisation_id": org_id,
            "due_at": due, "done": done, "subject": subject or f"Aufgabe {id}", "importance": "normal"}


def world() -> dict[str, list[dict[str, Any]]]:
    falling = [("2024-02-15", 8000), ("2024-05-15", 7000), ("2024-08-15", 6000), ("2024-11-15", 5000),
               ("2025-02-15", 4000), ("2025-05-15", 3000), ("2025-08-15", 2000), ("2025-11-15", 1000)]
    organisations = [org(f"c{i}", f"Kunde {i}") for i in range(1, 7)]
    organisations += [org("p1", "Interessent 1"), org("p2", "Interessent 2"),
                      org("p3", "Interessent 3", potential=5000, potential_updated="2024-01-01")]
    organisations += [org(f"s{i}", f"Lieferant {i}") for i in range(1, 4)]
    for o in organisations:
        o["key_account_manager_id"] = "ag1" if o["id"] in ("c1", "p1", "s1") else "ag2"
    return {
        "agents": [{"id": a, "name": a, "team": team, "role": role} for a, team, role in (
            ("ag1", "Nord", "sales"), ("ag2", "Süd", "support"), ("ag3", "Nord", "accounting"),
            ("ag4", "Leitung", "management"), ("ag5", "Einkauf", "purchasing"))],
        "organisations": organisations,
        "contacts": [{"id": "x1", "organisation_id": "c1", "last_name": "Extern"}],
        "invoices": [invoice(f"i1-{n}", "c1", day, amount) for n, (day, amount) in enumerate(falling)]
        + [invoice(f"i{i}", f"c{i}", "2026-01-10", amount) for i, amount in ((2, 4000), (3, 3000), (4, 2000),
                                                                            (5, 1000))]
        + [invoice("i6", "c6", "2025-01-10", 9999)],
        "quotes": [quote("q1", "p1", "2026-03-01", 900), quote("q2", "p2", "2026-02-20", 100)],
        "opportunities": [opportunity("o3", "p3", "2026-02-01", 10_000)],
        "opportunity_status_changes": [change("o3", "2026-02-01T09:00:00", "New")],
        "supplier_ratings": [rating("s1", "2026-02-15", 5, 4, 3), rating("s3", "2026-03-01", 2, 2, 2)],
        # an incoming invoice makes each a supplier (a rating alone does not: "Relationships")
        "incoming_invoices": [incoming(f"e{i}", f"s{i}", "2025-06-10", 100) for i in (1, 2, 3)],
        "tickets": [
            {"id": "t1", "organisation_id": "c1", "subject": "Drucker", "status": "open",
             "opened_at": "2026-03-10T09:00:00"},
            {"id": "t2", "organisation_id": "c1", "subject": "Alt", "status": "closed",
             "opened_at": "2026-02-01T09:00:00", "closed_at": "2026-02-02T09:00:00"},
            {"id": "t3", "organisation_id": "c2", "subject": "Fremd", "status": "open",
             "opened_at": "2026-03-11T09:00:00"},
        ],
        "activities": [
            task("r1", "ag1", "2026-03-10T12:00:00", org_id="c1"),  # overdue at D
            task("r2", "ag1", "2026-03-20T12:00:00", org_id="c2", done=None),  # not ag1's account; done empty
            task("r3", "ag1", "2026-03-12T12:00:00", org_id="c1", done=True),  # done
            task("r4", "ag2", "2026-03-11T12:00:00", org_id="c1"),  # another agent's
            task("r5", "ag1", "2026-03-18T12:00:00"),  # landed nowhere: ag1's own
            task("r6", "ag1", "2026-03-19T12:00:00", org_id="c1", kind="note"),  # a note, not a task
            task("r7", "ag1", None, org_id="c1"),  # no due date
            task("r8", "ag1", "2026-04-10T12:00:00", org_id="c1", occurred="2026-04-01T09:00:00"),  # after D
        ],
    }


@pytest.fixture
def company(engine: Engine) -> Engine:
    CACHE.clear()
    seed(engine, world())
    return engine


def _letters(tiles: Any) -> dict[str | None, tuple[int, float, float | None, float | None]]:
    return {t.letter: (t.count, round(t.share, 4), t.value, None if t.mean is None else round(t.mean, 4))
            for t in tiles.letters}


def test_tiles_count_share_and_value_per_letter(company: Engine) -> None:
    """spec/analytics.md "ABC classification": 6000 | 4000 3000 2000 | 1000 are A | B B B | C; c6 without movement in
    the window has no letter and no metric. Count, share of the holders, metric sum per letter."""
    customers = abc_tiles(company, MANAGEMENT, Aspect.CUSTOMER, D)
    assert (customers.model, customers.total, customers.as_of) == (AbcModel.INVOICES, 6, D)
    assert _letters(customers) == {"A": (1, 0.1667, 6000.0, 6000.0), "B": (3, 0.5, 9000.0, 3000.0),
                                   "C": (1, 0.1667, 1000.0, 1000.0), None: (1, 0.1667, None, None)}
    assert [t.key for t in customers.letters] == ["A", "B", "C", "none"]

    prospects = abc_tiles(company, MANAGEMENT, Aspect.PROSPECT, D)
    assert prospects.model is AbcModel.QUOTES
    assert _letters(prospects) == {"A": (1, 0.3333, 900.0, 900.0), "B": (1, 0.3333, 100.0, 100.0),
                                   "C": (0, 0.0, None, None), None: (1, 0.3333, None, None)}

    suppliers = abc_tiles(company, MANAGEMENT, Aspect.SUPPLIER, D)
    assert suppliers.model is AbcModel.RATINGS
    assert _letters(suppliers) == {"A": (1, 0.3333, 4.0, 4.0), "B": (1, 0.3333, 2.0, 2.0),
                                   "C": (0, 0.0, None, None), None: (1, 0.3333, None, None)}


def test_tiles_follow_the_as_of_date(company: Engine) -> None:
    """spec/analytics.md: every figure as of D. At 01.06.2024 c1 alone has invoices in its window: one A customer."""
    early = abc_tiles(company, MANAGEMENT, Aspect.CUSTOMER, date(2024, 6, 1))
    assert early.as_of == date(2024, 6, 1)
    assert _letters(early)["A"] == (1, 1.0, 15000.0, 15000.0)
    assert early.total == 1


def test_scoped_user_counts_own_accounts_with_company_wide_letters(company: Engine) -> None:
    """spec/analytics.md: need to know restricts which rows are counted, never the ranking: ag1's own accounts
    c1 (A), p1 (A), s1 (A) keep their company-wide letters."""
    own = own_accounts_user(company, "ag1")
    customers = abc_tiles(company, own, Aspect.CUSTOMER, D)
    assert customers.total == 1 and _letters(customers)["A"] == (1, 1.0, 6000.0, 6000.0)
    assert _letters(customers)["B"] == (0, 0.0, None, None)
    assert _letters(abc_tiles(company, own, Aspect.PROSPECT, D))["A"] == (1, 1.0, 900.0, 900.0)


def _denials(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AuditLogEntry)
                                .where(AuditLogEntry.action == "denied")).scalar_one())


@pytest.mark.parametrize(("user", "readable"), [
    (MANAGEMENT, [Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER]),
    (SALES, [Aspect.CUSTOMER, Aspect.PROSPECT]),
    (ACCOUNTING, [Aspect.CUSTOMER, Aspect.SUPPLIER]),
    (PURCHASING, [Aspect.SUPPLIER]),
    (SUPPORT, []),
    (EXTERNAL, []),
])
def test_tiles_only_for_the_relationships_the_role_may_read(company: Engine, user: CurrentUser,
                                                            readable: list[Aspect]) -> None:
    """spec/analytics.md "Security": prospect ABC is pipeline, customer ABC billing, supplier ABC purchasing; the
    others are refused (Forbidden, audited) and return nothing."""
    assert tile_aspects(company, user) == readable
    for aspect in Aspect:
        if aspect in readable:
            assert abc_tiles(company, user, aspect, D).total == (6 if aspect is Aspect.CUSTOMER else 3)
            continue
        before = _denials(company)
        with pytest.raises(Forbidden):
            abc_tiles(company, user, aspect, D)
        assert _denials(company) == before + 1


def test_reminders_are_the_users_open_tasks_by_due_date(company: Engine) -> None:
    """interchange.md activities (kind task, due_at, done): ag1's tasks with a due date, not done (done empty is
    not done), created by D, soonest first; another agent's, a done one, a note, a task without due date and a
    task created after D are not reminders. r1 is overdue at D; r5 landed nowhere and is ag1's own."""
    found = reminders(company, SALES, D)
    assert [(r.activity_id, r.organisation_id, r.overdue) for r in found.items] == [
        (_id(company, "r1"), "c1", True), (_id(company, "r5"), None, False), (_id(company, "r2"), "c2", False)]
    assert found.total == 3 and found.items[0].organisation_name == "Kunde 1"
    assert found.items[0].due_at == datetime(2026, 3, 10, 12, 0)
    assert [r.subject for r in reminders(company, SUPPORT, D).items] == ["Aufgabe r4"]
    later = reminders(company, SALES, date(2026, 4, 2))
    assert "Aufgabe r8" in [r.subject for r in later.items]
    limited = reminders(company, SALES, D, limit=1)
    assert len(limited.items) == 1 and limited.total == 3


def _id(engine: Engine, source_id: str) -> int:
    from core.schema import Activity

    with engine.connect() as conn:
        return int(conn.execute(select(Activity.id).where(Activity.source_id == source_id)).scalar_one())


def test_reminders_respect_need_to_know(company: Engine) -> None:
    """spec/analytics.md "Security": an own-accounts user does not see a task at an organisation outside the
    scope (r2 at c2); an external user may not read activities (Forbidden, audited); no agent, no reminders."""
    own = reminders(company, own_accounts_user(company, "ag1"), D)
    assert [r.subject for r in own.items] == ["Aufgabe r1", "Aufgabe r5"] and own.total == 2
    before = _denials(company)
    with pytest.raises(Forbidden):
        reminders(company, EXTERNAL, D)
    assert _denials(company) == before + 1
    assert reminders(company, CurrentUser(id="boss", role=Role.MANAGEMENT), D).items == ()


def test_warnings_declining_a_customers_and_stale_potentials(company: Engine) -> None:
    """spec/analytics.md ABC warnings: c1, the A-customer, falls every quarter; p3's revenue potential was last
    updated more than 365 days before D. Each kind only with its relationship's area; own accounts only theirs."""
    found = attention_warnings(company, MANAGEMENT, D)
    assert [w.organisation_id for w in found.declining or ()] == ["c1"]
    assert (found.declining or ())[0].slope == pytest.approx(-1000.0)
    assert [w.organisation_id for w in found.stale or ()] == ["p3"]

    accounting = attention_warnings(company, ACCOUNTING, D)
    assert [w.organisation_id for w in accounting.declining or ()] == ["c1"] and accounting.stale is None
    purchasing = attention_warnings(company, PURCHASING, D)
    assert (purchasing.declining, purchasing.stale) == (None, None)
    own = attention_warnings(company, own_accounts_user(company, "ag1"), D)
    assert [w.organisation_id for w in own.declining or ()] == ["c1"] and own.stale == ()
    external = attention_warnings(company, EXTERNAL, D)
    assert (external.declining, external.stale) == (None, None)


def test_external_user_sees_own_organisation_and_its_tickets(company: Engine) -> None:
    """spec/analytics.md "Security": an external user reads master data and tickets of their own organisation:
    c1 with one open ticket (t1) of two, nothing of c2's ticket; internal users have no such page."""
    start = external_start(company, EXTERNAL, D, now=datetime(2026, 3, 15, 12, 0))
    assert (start.organisation_id, start.name, start.open_tickets, start.tickets) == ("c1", "Kunde 1", 1, 2)
    with pytest.raises(InvalidInput):
        external_start(company, SALES, D)
    with pytest.raises(NotFound):
        external_start(company, CurrentUser(id="nobody", role=Role.EXTERNAL, contact_id="zz"), D)


def test_figures_are_kept_until_the_next_import(company: Engine) -> None:
    """The classification is kept per (aspect, model, as-of date, configuration, last import): rows written
    without an import run leave the kept figures; a logged import run brings the new ones."""
    assert abc_tiles(company, MANAGEMENT, Aspect.CUSTOMER, D).total == 6
    seed(company, {"organisations": [org("c7", "Kunde 7")], "invoices": [invoice("i7", "c7", "2026-02-01", 50)]})
    assert abc_tiles(company, MANAGEMENT, Aspect.CUSTOMER, D).total == 6
    with company.begin() as conn:
        conn.execute(insert(ImportLogEntry).values(started_at=datetime.now(), finished_at=datetime.now(),
                                                   source="test", status="loaded", problems=0))
    after = abc_tiles(company, MANAGEMENT, Aspect.CUSTOMER, D)
    # six with movement now: A is the best two (rank <= ceil(0.2 * 6)), c7 with 50 the C
    assert after.total == 7 and after.tile("A").count == 2 and after.tile("C").value == 50.0


def test_stamp_follows_configuration_and_statuses(company: Engine) -> None:
    """The settings change the configuration and the statuses' probabilities (the opportunities model): either
    makes the kept figures stale."""
    from core.businessconfig import load_config
    from core.schema import OpportunityStatus
    from services.overview import data_stamp

    with company.connect() as conn:
        config = load_config(conn)
        before = data_stamp(conn, config)
        assert data_stamp(conn, config.model_copy(update={"stale_potential_days": 30})) != before
    with company.begin() as conn:
        conn.execute(update(OpportunityStatus).where(OpportunityStatus.status == "New").values(probability=7))
    with company.connect() as conn:
        assert data_stamp(conn, config) != before


def test_cache_keeps_the_most_recently_used(engine: Engine) -> None:
    """The kept figures are bounded: beyond `size` the least recently used go first."""
    cache = FigureCache(size=2)
    made: list[str] = []

    def make(name: str) -> str:
        made.append(name)
        return name

    for key in ("a", "b", "a", "c", "a", "b"):
        assert cache.get(engine, (key,), lambda k=key: make(k)) == key
    assert made == ["a", "b", "c", "b"]
