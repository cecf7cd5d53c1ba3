"""The supplier ratings list (spec/analytics.md, "ABC classification": the `ratings` model is the weighted mean
of the averages of time, quality and cost over the ratings in the window; "Security": purchasing is read by
management, accounting and purchasing), on both databases. The world: tests/services/ratings_world.py."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select

from core.businessconfig import BusinessConfig, RatingWeights, save_config
from core.errors import Forbidden, InvalidInput, NotFound
from core.schema import AuditLogEntry
from core.vocabulary import Aspect, Role
from services.abc import AbcParams, abc_report
from services.grid import GridRequest, SortKey
from services.ratings import ratings_page, supplier_choices, supplier_detail
from services.users import SYSTEM, CurrentUser
from tests.services.ratings_world import AS_OF, ratings_data
from tests.support import own_accounts_user, seed

PURCHASING = CurrentUser("einkauf", Role.PURCHASING, agent_id="ag5")
ACCOUNTING = CurrentUser("buchhaltung", Role.ACCOUNTING)
SALES = CurrentUser("verkauf", Role.SALES)


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed(engine, ratings_data())
    return engine


def block(sort: tuple[SortKey, ...] = (), filters: dict[str, object] | None = None, start: int = 0,
          end: int = 100) -> GridRequest:
    return GridRequest(start, end, sort, filters or {}, AS_OF)


def test_each_supplier_with_averages_score_trend_and_letter(world: Engine) -> None:
    """Averages and score over the 90 days up to D, the change since the previous rating date, the letter of
    the company-wide classification; a customer with a rating is no supplier and not listed."""
    page = ratings_page(world, PURCHASING, block((SortKey("name"),)))
    assert page.row_count == 3
    rows = {r.id: r for r in page.rows}
    assert [r.name for r in page.rows] == ["Draht KG", "Muttern GmbH", "Schrauben AG"]
    s1 = rows["s1"]
    assert (s1.time, s1.quality, s1.cost, s1.ratings) == (3.0, 3.5, 4.0, 2)
    assert s1.score == pytest.approx(3.5)
    assert (s1.score_prev, s1.score_last, s1.change) == (pytest.approx(4.0), pytest.approx(3.5), pytest.approx(-0.5))
    assert (s1.last_rated, s1.letter) == (date(2026, 3, 1), "B")
    s2 = rows["s2"]
    assert (s2.score, s2.ratings, s2.letter, s2.change, s2.last_rated) == (None, 0, None, None, date(2025, 10, 1))
    assert (rows["s3"].score, rows["s3"].letter, rows["s3"].change) == (pytest.approx(4.0), "A", None)
    assert page.weights.window_days == 90 and (page.weights.time, page.weights.quality) == (1.0, 1.0)


def test_the_letters_are_the_abc_pages(world: Engine) -> None:
    """The list's letters equal the ABC classification of suppliers (one rule, one place)."""
    abc = {r["organisation_id"]: r["class"] for r in abc_report(world, SYSTEM, AbcParams(Aspect.SUPPLIER,
                                                                                          as_of=AS_OF)).records()}
    listed = {r.id: r.letter for r in ratings_page(world, SYSTEM, block()).rows}
    assert listed == abc == {"s1": "B", "s2": None, "s3": "A"}


def test_the_weights_come_from_the_business_configuration(world: Engine) -> None:
    """Weights 2:1:1 make s1's score (2*3 + 3.5 + 4) / 4 = 3.375."""
    config = BusinessConfig()
    config.abc.rating_weights = RatingWeights(time=2, quality=1, cost=1)
    with world.begin() as conn:
        save_config(conn, config)
    page = ratings_page(world, PURCHASING, block())
    s1 = next(r for r in page.rows if r.id == "s1")
    assert s1.score == pytest.approx(3.375) and page.weights.time == 2.0


@pytest.mark.parametrize(("sort", "expected"), [
    ((SortKey("class"),), ["s3", "s1", "s2"]),
    ((SortKey("class", True),), ["s1", "s3", "s2"]),
    ((SortKey("score", True),), ["s3", "s1", "s2"]),
    ((SortKey("score"),), ["s1", "s3", "s2"]),
    ((SortKey("change"),), ["s1", "s2", "s3"]),
    ((SortKey("last_rated", True),), ["s1", "s3", "s2"]),
    ((SortKey("name", True),), ["s1", "s2", "s3"]),
])
def test_sorted_in_sql_with_empty_values_last(world: Engine, sort: tuple[SortKey, ...], expected: list[str]) -> None:
    """The block is chosen by the sort in SQL; A first is the highest metric first; no letter/score last."""
    assert [r.id for r in ratings_page(world, PURCHASING, block(sort)).rows] == expected


def test_blocks_and_the_name_filter(world: Engine) -> None:
    """A second block continues the first; the name filter (contains, equals) counts what it keeps."""
    first = ratings_page(world, PURCHASING, block((SortKey("name"),), end=2))
    second = ratings_page(world, PURCHASING, block((SortKey("name"),), start=2, end=4))
    assert [r.id for r in first.rows + second.rows] == ["s3", "s2", "s1"] and second.row_count == 3
    found = ratings_page(world, PURCHASING, block(filters={"name": {"type": "contains", "filter": "DRAHT"}}))
    assert ([r.id for r in found.rows], found.row_count) == (["s3"], 1)
    wild = ratings_page(world, PURCHASING, block(filters={"name": {"type": "contains", "filter": "%"}}))
    assert wild.row_count == 0  # a LIKE wildcard is a character, not a pattern
    past = ratings_page(world, PURCHASING, block(start=100, end=200))
    assert (past.rows, past.row_count) == ([], 3)


@pytest.mark.parametrize("request_", [
    block((SortKey("note"),)), block(filters={"score": {"type": "greaterThan", "filter": 3}}),
    block(filters={"name": {"type": "startsWith", "filter": "D"}}), block(filters={"name": "x"}),
    GridRequest(0, 5000), GridRequest(-1, 10),
])
def test_anything_off_the_allow_list_is_invalid_input(world: Engine, request_: GridRequest) -> None:
    with pytest.raises(InvalidInput):
        ratings_page(world, PURCHASING, request_)


def test_who_may_read_purchasing_and_which_suppliers(world: Engine) -> None:
    """Accounting and management read the list; sales may not (Forbidden, audited); a purchaser scoped to own
    accounts sees the suppliers they are key account manager of only."""
    assert ratings_page(world, ACCOUNTING, block()).row_count == 3
    assert ratings_page(world, CurrentUser("leitung", Role.MANAGEMENT), block()).row_count == 3
    with pytest.raises(Forbidden):
        ratings_page(world, SALES, block())
    with world.connect() as conn:
        assert conn.execute(select(AuditLogEntry.who).where(AuditLogEntry.action == "denied")).scalars().all() == [
            "verkauf"]
    own = own_accounts_user(world, "ag5", Role.PURCHASING)
    page = ratings_page(world, own, block())
    assert ([r.id for r in page.rows], page.row_count) == (["s3"], 1)


def test_one_suppliers_score_over_its_rating_dates(world: Engine) -> None:
    """The score at each rating date (the window up to it), oldest first; the ratings newest first with agent."""
    detail = supplier_detail(world, PURCHASING, "s1", AS_OF)
    assert [(p.day, p.score) for p in detail.points] == [(date(2026, 1, 10), pytest.approx(4.0)),
                                                         (date(2026, 3, 1), pytest.approx(3.5))]
    assert [(e.rated_at, e.time, e.agent, e.note) for e in detail.ratings] == [
        (date(2026, 3, 1), 2.0, "Petra Einkauf", "Lieferung verspätet"), (date(2026, 1, 10), 4.0, "Paul Einkauf", None)]
    assert detail.score.letter == "B"
    before = supplier_detail(world, PURCHASING, "s1", date(2026, 2, 1))  # the as-of date hides the later rating
    assert [p.day for p in before.points] == [date(2026, 1, 10)] and len(before.ratings) == 1


@pytest.mark.parametrize("organisation_id", ["c1", "nobody"])
def test_no_detail_of_a_non_supplier(world: Engine, organisation_id: str) -> None:
    with pytest.raises(NotFound):
        supplier_detail(world, PURCHASING, organisation_id, AS_OF)


def test_the_form_offers_suppliers_by_name(world: Engine) -> None:
    """The search finds suppliers only (not the customer), by a part of the name; the current choice stays."""
    assert supplier_choices(world, PURCHASING, "", AS_OF) == [("s3", "Draht KG"), ("s2", "Muttern GmbH"),
                                                              ("s1", "Schrauben AG")]
    assert supplier_choices(world, PURCHASING, "mutt", AS_OF) == [("s2", "Muttern GmbH")]
    assert supplier_choices(world, PURCHASING, "kunde", AS_OF) == []
    assert supplier_choices(world, PURCHASING, "mutt", AS_OF, include="s3") == [("s3", "Draht KG"),
                                                                                ("s2", "Muttern GmbH")]
    with pytest.raises(Forbidden):
        supplier_choices(world, SALES, "m", AS_OF)
