"""ABC services: classes are company-wide, need-to-know only restricts the rows (spec/analytics.md, "ABC")."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from core.errors import Forbidden, InvalidInput, NotFound
from core.vocabulary import Aspect, Role
from services.abc import (
    AbcParams,
    DatesReversed,
    MovementParams,
    abc_explain,
    abc_movements,
    abc_report,
    abc_warning_list,
)
from services.audit import entries
from services.relationships import relationship_report
from services.users import SYSTEM, CurrentUser
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


def test_movement_dates_in_the_wrong_order_are_refused(company: Engine) -> None:
    """Issue 20: a first date after the second is InvalidInput (DatesReversed, naming both dates), not a silent
    comparison the other way round; the same date twice compares nothing and is allowed."""
    with pytest.raises(InvalidInput) as refused:
        abc_movements(company, SYSTEM, MovementParams("customer", D, date(2025, 4, 1)))
    assert isinstance(refused.value, DatesReversed)
    assert (refused.value.before, refused.value.after) == (D, date(2025, 4, 1))
    assert "2025-06-30" in str(refused.value) and "2025-04-01" in str(refused.value)
    same = abc_movements(company, SYSTEM, MovementParams("customer", D, D))
    assert same.moved.empty


def test_warnings_of_one_aspect_need_its_area(engine: Engine) -> None:
    """Issue 20 and spec/analytics.md, "Security": the warnings of one relationship only, and only for a role that
    reads its area (purchasing: suppliers, not customers; refused and audited)."""
    seed(engine, {"organisations": [{"id": "c", "name": "C"}, {"id": "s", "name": "S"}],
                  "invoices": [{"id": "i", "organisation_id": "c", "invoice_date": "2025-06-01", "amount_net": 10,
                                "status": "paid"}],
                  "incoming_invoices": [{"id": "e", "organisation_id": "s", "invoice_date": "2025-06-01",
                                         "amount_net": 10, "status": "paid"}]})
    purchasing = CurrentUser(id="paul", role=Role.PURCHASING)
    assert {(w.kind, w.aspect, w.organisation_id) for w in abc_warning_list(engine, SYSTEM, D, Aspect.SUPPLIER)} == {
        ("high_share", Aspect.SUPPLIER, "s")}
    assert {w.aspect for w in abc_warning_list(engine, SYSTEM, D)} == {Aspect.CUSTOMER, Aspect.SUPPLIER}
    assert [w.organisation_id for w in abc_warning_list(engine, purchasing, D, Aspect.SUPPLIER)] == ["s"]
    with pytest.raises(Forbidden):
        abc_warning_list(engine, purchasing, D, Aspect.CUSTOMER)
    assert [e.subject for e in entries(engine, who="paul")] == ["read billing"]
