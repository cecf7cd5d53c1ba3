"""The lists of customers, prospects and suppliers (issue 20): views, letters, search, sort, blocks, refusals.

spec/analytics.md, "Relationships" (who is a prospect, customer, supplier at D), "ABC classification"
(letters company-wide, the models' windows: quotes 60 days, invoices 365, ratings 90) and "Security:
need-to-know" (prospects: pipeline, customers: billing, suppliers: purchasing; refusals audited).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from core.errors import Forbidden, InvalidInput
from core.schema import AbcRank, AuditLogEntry
from core.vocabulary import Aspect, Role
from services.abc import AbcParams, abc_report
from services.commands.account_numbers import assign_account_numbers
from services.grid import SortKey
from services.lists import ListParams, ListView, list_block, list_rows
from services.users import SYSTEM, CurrentUser
from tests.support import own_accounts_user, seed

D = date(2026, 3, 15)
MANAGEMENT = CurrentUser(id="leitung", role=Role.MANAGEMENT)
SALES = CurrentUser(id="verkauf", role=Role.SALES, agent_id="ag1")


def day(offset: int) -> str:
    """D moved by `offset` days, ISO."""
    return (D + timedelta(days=offset)).isoformat()


def world() -> dict[str, list[dict[str, Any]]]:
    """Prospects at the quotes' window boundaries, customers at the invoices', suppliers with and without rating."""
    orgs = [("p1", "Pia Prospekt GmbH", "ag1", "Köln"), ("p2", "Paul Interessent AG", "ag2", "Bonn"),
            ("p3", "Peter Plan KG", None, "Köln"), ("p4", "Quirin Quote GmbH", None, None),
            ("p5", "Rita Später OHG", None, None), ("p6", "Eva Abgelaufen GmbH", None, None),
            ("p7", "Olga Chance SE", None, None),
            ("c1", "Alpha Kunde GmbH", "ag1", "Darmstadt"), ("c2", "Beta Kunde AG", "ag2", "Darmstadt"),
            ("c3", "Gamma Alt KG", None, "Wien"), ("c4", "=HYPERLINK(\"x\") Delta", None, "+49 Stadt"),
            ("s1", "Sigma Lieferant GmbH", None, "Graz"), ("s2", "Tau Teile AG", None, "Linz")]
    quote = {"status": "open", "amount_net": 0.0}
    return {
        "agents": [{"id": "ag1", "name": "Anna Agent", "team": "Nord", "role": "sales"},
                   {"id": "ag2", "name": "Bert Berater", "team": "Süd", "role": "sales"}],
        "organisations": [{"id": i, "name": n, "key_account_manager_id": k, "city": c} for i, n, k, c in orgs],
        "quotes": [
            {**quote, "id": "q1", "organisation_id": "p1", "quote_date": day(-59), "amount_net": 1000},  # first day
            {**quote, "id": "q2", "organisation_id": "p2", "quote_date": day(-60), "amount_net": 5000},  # day before
            {**quote, "id": "q3", "organisation_id": "p3", "quote_date": day(0), "amount_net": 300},  # D itself
            # rejected on or before D: no metric; the old quote still valid keeps p4 a prospect
            {**quote, "id": "q4", "organisation_id": "p4", "quote_date": day(-10), "amount_net": 2000,
             "status": "rejected", "decided_at": day(-2)},
            {**quote, "id": "q4b", "organisation_id": "p4", "quote_date": day(-100), "valid_until": day(30),
             "amount_net": 50},
            # rejected only after D: counts and is open at D
            {**quote, "id": "q5", "organisation_id": "p5", "quote_date": day(-5), "amount_net": 800,
             "status": "rejected", "decided_at": day(3)},
            # expired the day before D: in the window, but no open sales case, so no prospect at all
            {**quote, "id": "q6", "organisation_id": "p6", "quote_date": day(-30), "valid_until": day(-1),
             "amount_net": 600},
            {**quote, "id": "q7", "organisation_id": "c1", "quote_date": day(-3), "amount_net": 99},  # a customer
        ],
        "opportunities": [{"id": "op7", "organisation_id": "p7", "name": "Chance", "target_value": 1000,
                           "created_at": day(-20)}],
        "invoices": [
            {"id": f"i{o}", "organisation_id": o, "invoice_date": day(d), "amount_net": a, "status": "paid",
             "dunning_level": 0}
            for o, d, a in (("c1", -10, 5000), ("c2", -364, 1000), ("c3", -365, 900), ("c4", -1, 100))],
        "supplier_ratings": [{"organisation_id": "s1", "rated_at": day(-5), "time": 4, "quality": 4, "cost": 4}],
        "incoming_invoices": [{"id": f"e{o}", "organisation_id": o, "invoice_date": day(-200), "amount_net": 70,
                               "status": "paid"} for o in ("s1", "s2")],
    }


@pytest.fixture
def lists(engine: Engine) -> Engine:
    seed(engine, world())
    with engine.begin() as conn:
        assign_account_numbers(conn, D)
    return engine


def rows(engine: Engine, aspect: Aspect, user: CurrentUser = MANAGEMENT, **params: Any) -> list[tuple[Any, ...]]:
    page = list_block(engine, user, ListParams(aspect, as_of=D, **params), 0, 100)
    assert page.row_count == len(page.rows)
    return [(r.id, r.letter) for r in page.rows]


def test_prospects_top_view_is_the_quotes_window(lists: Engine) -> None:
    """Top prospects of the last 60 days (spec: quotes dated D-59 ... D, not rejected on or before D), by metric:
    D-59 counts and D-60 does not; a quote rejected after D counts; an expired quote makes no prospect."""
    assert rows(lists, Aspect.PROSPECT, view=ListView.TOP) == [("p1", "A"), ("p5", "B"), ("p3", "B")]
    page = list_block(lists, MANAGEMENT, ListParams(Aspect.PROSPECT, ListView.TOP, as_of=D), 0, 100)
    assert [r.metric for r in page.rows] == [1000.0, 800.0, 300.0]
    assert page.model.window_days == 60


def test_prospects_abc_view_letters_and_valid_quotes(lists: Engine) -> None:
    """ABC prospects: every prospect at D, A first, those without movement last (no letter, no metric); the green
    mark for an open quote still valid at D (spec, "Relationships": not decided on or before D, not expired)."""
    page = list_block(lists, MANAGEMENT, ListParams(Aspect.PROSPECT, as_of=D), 0, 100)
    assert [(r.id, r.letter) for r in page.rows] == [("p1", "A"), ("p5", "B"), ("p3", "B"), ("p2", None),
                                                     ("p4", None), ("p7", None)]
    marks = {r.id: r.valid_quote for r in page.rows}
    assert marks == {"p1": True, "p5": True, "p3": True, "p2": True, "p4": True, "p7": False}
    p2 = next(r for r in page.rows if r.id == "p2")
    assert p2.metric is None and p2.rank is None and p2.number is None  # nothing, not 0,00 €


@pytest.mark.parametrize("aspect", list(Aspect))
def test_letters_are_those_of_the_abc_service(lists: Engine, aspect: Aspect) -> None:
    """The list's letters, ranks and metrics are the ABC classification's (spec: company-wide, 20/60/20)."""
    listed = {r.id: (r.letter, r.rank, r.metric) for r in list_rows(lists, MANAGEMENT, ListParams(aspect, as_of=D))}
    report = abc_report(lists, MANAGEMENT, AbcParams(aspect, as_of=D)).records()
    assert listed == {r["organisation_id"]: (r["class"], r["rank"], r["metric"]) for r in report}
    assert listed


def test_each_sidebar_filter_gives_its_rows(lists: Engine) -> None:
    """Customers (invoices of the 365 days up to D: D-364 counts, D-365 does not): each letter, none, all."""
    assert rows(lists, Aspect.CUSTOMER) == [("c1", "A"), ("c2", "B"), ("c4", "B"), ("c3", None)]
    assert rows(lists, Aspect.CUSTOMER, letter="A") == [("c1", "A")]
    assert rows(lists, Aspect.CUSTOMER, letter="B") == [("c2", "B"), ("c4", "B")]
    assert rows(lists, Aspect.CUSTOMER, letter="C") == []
    assert rows(lists, Aspect.CUSTOMER, letter="none") == [("c3", None)]
    assert rows(lists, Aspect.CUSTOMER, view=ListView.TOP) == [("c1", "A"), ("c2", "B"), ("c4", "B")]
    assert [i for i, _ in rows(lists, Aspect.CUSTOMER, view=ListView.ALL)] == ["c4", "c1", "c2", "c3"]  # by name
    assert rows(lists, Aspect.SUPPLIER) == [("s1", "A"), ("s2", None)]


def test_search_name_number_and_city(lists: Engine) -> None:
    """The search box: every word in the name, the city or (a word with a digit) the customer number."""
    assert [i for i, _ in rows(lists, Aspect.CUSTOMER, q="kunde")] == ["c1", "c2"]
    assert [i for i, _ in rows(lists, Aspect.CUSTOMER, q="darmstadt beta")] == ["c2"]
    numbers = {r.id: r.number for r in list_rows(lists, MANAGEMENT, ListParams(Aspect.CUSTOMER, as_of=D))}
    assert all(numbers.values())
    assert [i for i, _ in rows(lists, Aspect.CUSTOMER, q=numbers["c3"])] == ["c3"]
    assert rows(lists, Aspect.CUSTOMER, q="100%") == []  # LIKE's wildcards are text
    assert [i for i, _ in rows(lists, Aspect.PROSPECT, q="köln")] == ["p1", "p3"]


def test_sort_and_blocks_do_not_overlap(lists: Engine) -> None:
    """Blocks (style guide §5): the sort plus the id, so consecutive blocks give the whole list once."""
    params = ListParams(Aspect.PROSPECT, sort=(SortKey("city"),), as_of=D)
    whole = [r.id for r in list_block(lists, MANAGEMENT, params, 0, 100).rows]
    assert whole[:3] == ["p2", "p1", "p3"] and set(whole[3:]) == {"p4", "p5", "p7"}  # Bonn, Köln, Köln, empty
    assert [r.id for s in (0, 2, 4) for r in list_block(lists, MANAGEMENT, params, s, s + 2).rows] == whole
    by_metric = ListParams(Aspect.PROSPECT, sort=(SortKey("metric"),), as_of=D)
    assert [r.id for r in list_block(lists, MANAGEMENT, by_metric, 0, 3).rows] == ["p3", "p5", "p1"]
    with pytest.raises(InvalidInput):
        ListParams(Aspect.PROSPECT, sort=(SortKey("vat_id"),))
    with pytest.raises(InvalidInput):
        list_block(lists, MANAGEMENT, ListParams(Aspect.PROSPECT), 0, 5000)


def test_the_address_parameters(lists: Engine) -> None:
    """The page's query (`/customers?abc=A&view=top60&q=...&sort=name:desc`) and back; strict for a download."""
    params = ListParams.from_query(Aspect.CUSTOMER, {"abc": "a", "view": "top60", "q": " kunde ",
                                                     "sort": "name:desc", "as_of": "2026-03-15"})
    assert (params.letter, params.view, params.q, params.sort, params.as_of) == (
        "A", ListView.TOP, "kunde", (SortKey("name", True),), D)
    assert params.as_query() == {"view": "top", "abc": "A", "q": "kunde", "sort": "name:desc", "as_of": "2026-03-15"}
    assert ListParams.from_query(Aspect.CUSTOMER, {"abc": "X", "view": "nope"}) == ListParams(Aspect.CUSTOMER)
    with pytest.raises(InvalidInput):
        ListParams.from_query(Aspect.CUSTOMER, {"abc": "X"}, strict=True)


def test_cache_is_filled_once_and_follows_a_new_configuration(lists: Engine) -> None:
    """The cached classification (abc_ranks): one run per relationship and date; another A share ranks anew."""
    rows(lists, Aspect.CUSTOMER)
    rows(lists, Aspect.CUSTOMER, letter="B")
    with lists.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AbcRank)).scalar_one() == 4
    from core.businessconfig import load_config, save_config

    with lists.begin() as conn:
        config = load_config(conn)
        save_config(conn, config.model_copy(update={"abc": config.abc.model_copy(update={"a_share": 0.5})}))
    assert rows(lists, Aspect.CUSTOMER) == [("c1", "A"), ("c2", "A"), ("c4", "B"), ("c3", None)]


def test_need_to_know_rows_and_refusals(lists: Engine) -> None:
    """Spec, "Security": sales reads prospects and customers, not suppliers; purchasing no customers; support no
    list; an external user none; refusals audited. Own accounts: the same letters, fewer rows."""
    assert rows(lists, Aspect.PROSPECT, SALES)
    for user, aspect in ((SALES, Aspect.SUPPLIER), (CurrentUser(id="einkauf", role=Role.PURCHASING), Aspect.CUSTOMER),
                         (CurrentUser(id="service", role=Role.SUPPORT), Aspect.PROSPECT),
                         (CurrentUser(id="eva", role=Role.EXTERNAL, contact_id="x", organisation_id="c1"),
                          Aspect.CUSTOMER)):
        with pytest.raises(Forbidden):
            list_block(lists, user, ListParams(aspect, as_of=D), 0, 100)
        with pytest.raises(Forbidden):
            next(list_rows(lists, user, ListParams(aspect, as_of=D)))
        with lists.connect() as conn:
            denied = conn.execute(select(func.count()).select_from(AuditLogEntry).where(
                AuditLogEntry.who == user.id, AuditLogEntry.action == "denied")).scalar_one()
        assert denied >= 2, user.id
    own = own_accounts_user(lists, "ag2")
    assert rows(lists, Aspect.CUSTOMER, own) == [("c2", "B")]  # still B: ranked company-wide
    assert rows(lists, Aspect.PROSPECT, own) == [("p2", None)]
    assert rows(lists, Aspect.CUSTOMER, SYSTEM, letter="B") == [("c2", "B"), ("c4", "B")]


def test_restricted_projects_stay_out_of_the_figure_not_the_letter(engine: Engine) -> None:
    """Spec, "Security": a restricted project's invoices are not in an outsider's figures; "ABC classification":
    the letter is company-wide. o1 is A for both, its revenue 12,754.08 for team Nord and 9,642.97 for others."""
    from tests.access_world import ADMIN, AS_OF, SALES_NORD, access_data

    seed(engine, access_data())

    def o1(user: CurrentUser) -> tuple[str | None, float | None]:
        found = [r for r in list_block(engine, user, ListParams(Aspect.CUSTOMER, as_of=AS_OF), 0, 10).rows
                 if r.id == "o1"]
        return found[0].letter, found[0].metric

    assert o1(SALES_NORD) == ("A", 12754.08)
    assert o1(ADMIN) == ("A", 9642.97)
    exported = {r.id: r.metric for r in list_rows(engine, ADMIN, ListParams(Aspect.CUSTOMER, as_of=AS_OF))}
    assert exported["o1"] == 9642.97
