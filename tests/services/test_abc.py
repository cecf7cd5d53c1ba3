"""ABC services: classes are company-wide, need-to-know only restricts the rows (spec/analytics.md, "ABC")."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from core.errors import NotFound
from services.abc import AbcParams, MovementParams, abc_explain, abc_movements, abc_report
from services.relationships import relationship_report
from services.users import SYSTEM
from tests.analytics.abc.rows import worked_example
from tests.support import own_accounts_user, seed

D = date(2025, 6, 30)


@pytest.fixture
def company(engine: Engine) -> Engine:
    """The help's worked example, ag1 the key account manager of b and e."""
    seed(engine, worked_example("be"))
    return engine


def test_restricted_user_sees_fewer_rows_with_the_same_letters(company: Engine) -> None:
    """ABC: two users never see different letters; need-to-know restricts which rows, never the ranking."""
    everything = abc_report(company, SYSTEM, AbcParams("customer", as_of=D))
    own = abc_report(company, own_accounts_user(company, "ag1"), AbcParams("customer", as_of=D))
    assert len(everything.rows) == 5
    assert [(r["organisation_id"], r["class"], r["rank"], r["n"]) for r in own.records()] == [
        ("b", "B", 2, 5), ("e", "C", 5, 5)]
    assert list(relationship_report(company, own_accounts_user(company, "ag1"), D)["organisation_id"]) == ["b", "e"]


def test_explain_and_movements_respect_need_to_know(company: Engine) -> None:
    """ABC: explaining a hidden organisation is NotFound; movements list only visible organisations."""
    agent = own_accounts_user(company, "ag1")
    with pytest.raises(NotFound):
        abc_explain(company, agent, "a", AbcParams("customer", as_of=D))
    assert abc_explain(company, agent, "b", AbcParams("customer", as_of=D)).threshold_a == 500.0
    moved = abc_movements(company, agent, MovementParams("customer", date(2025, 4, 1), D))
    assert set(moved.moved["organisation_id"]) == {"b", "e"}
    assert int(moved.matrix.loc["-", "B"]) == 1 and int(moved.matrix.to_numpy().sum()) == 2
