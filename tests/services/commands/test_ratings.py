"""Entering a supplier rating (interchange.md, supplier_ratings: time, quality, cost from 1 = poor to 5 = excellent;
spec/analytics.md, "Security": purchasing edits purchasing, accounting and management only read it, a refusal
writes nothing but an audit entry), on both databases."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from core.errors import Forbidden, InvalidInput, NotFound
from core.schema import AuditLogEntry, SupplierRating
from core.vocabulary import Aspect, Role
from services.abc import AbcParams, abc_report
from services.commands.ratings import ID_PREFIX, NewRating, add_rating
from services.grid import GridRequest
from services.ratings import ratings_page, supplier_detail
from services.users import CurrentUser
from tests.services.ratings_world import AS_OF, ratings_data
from tests.support import own_accounts_user, seed

PURCHASING = CurrentUser("einkauf", Role.PURCHASING, agent_id="ag5")
ADMIN = CurrentUser("admin", Role.ADMIN)


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed(engine, ratings_data())
    return engine


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SupplierRating)).scalar_one())


def _audit(engine: Engine) -> list[tuple[str, str, str, str | None]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(AuditLogEntry.who, AuditLogEntry.action, AuditLogEntry.subject,
                                                      AuditLogEntry.why).order_by(AuditLogEntry.id))]


def rating(**changes: Any) -> NewRating:
    values: dict[str, Any] = {"organisation_id": "s2", "rated_at": AS_OF, "time": 3, "quality": 3, "cost": 3,
                              "note": "  Neuer Lieferschein-Prozess  "}
    values.update(changes)
    return NewRating(**values)


def test_purchasing_enters_a_rating_and_the_score_moves(world: Engine) -> None:
    """s2 had no rating in the window (no score, no letter); after a 3/3/3 rating on D its score is 3, it is
    ranked (third of three: q = 2/3 < 0.8, so B) and its trend compares with its previous rating (5.0 -> 3.0)."""
    added = add_rating(world, PURCHASING, rating(), today=AS_OF)
    assert added.id.startswith(ID_PREFIX) and added.organisation_id == "s2"
    with world.connect() as conn:
        stored = conn.execute(select(SupplierRating).where(SupplierRating.id == added.id)).one()
    assert (stored.rated_at, stored.time, stored.quality, stored.cost, stored.agent_id, stored.note) == (
        AS_OF, 3.0, 3.0, 3.0, "ag5", "Neuer Lieferschein-Prozess")
    s2 = next(r for r in ratings_page(world, PURCHASING, GridRequest(0, 10, as_of=AS_OF)).rows if r.id == "s2")
    assert (s2.score, s2.letter, s2.score_prev, s2.score_last) == (3.0, "B", 5.0, 3.0)
    assert s2.change == pytest.approx(-2.0)
    letters = {r["organisation_id"]: r["class"] for r in abc_report(world, PURCHASING, AbcParams(
        Aspect.SUPPLIER, as_of=AS_OF)).records()}
    assert letters == {"s3": "A", "s1": "B", "s2": "B"}
    assert [p.score for p in supplier_detail(world, PURCHASING, "s2", AS_OF).points] == [5.0, 3.0]
    assert _audit(world) == [("einkauf", "rating_added", "supplier s2",
                              f"rating {added.id} of 2026-03-15: time 3, quality 3, cost 3")]


def test_each_new_rating_has_its_own_id(world: Engine) -> None:
    """Two ratings of the same supplier, day and person (the importer's derived id would be the same) are two."""
    first = add_rating(world, PURCHASING, rating(), today=AS_OF)
    second = add_rating(world, PURCHASING, rating(note=None), today=AS_OF)
    assert first.id != second.id and _count(world) == 7


def test_an_admin_may_and_an_account_without_agent_rates_without_one(world: Engine) -> None:
    added = add_rating(world, ADMIN, rating(time=4.5), today=AS_OF)
    with world.connect() as conn:
        assert conn.execute(select(SupplierRating.agent_id, SupplierRating.time)
                            .where(SupplierRating.id == added.id)).one() == (None, 4.5)


@pytest.mark.parametrize("role", [Role.ACCOUNTING, Role.MANAGEMENT, Role.SALES, Role.SUPPORT, Role.EXTERNAL])
def test_a_role_without_edit_level_writes_nothing_and_is_audited(world: Engine, role: Role) -> None:
    """Accounting and management read purchasing but may not edit it; the others may not even read it."""
    user = CurrentUser(f"user-{role.value}", role, agent_id="ag5", organisation_id="s2")
    with pytest.raises(Forbidden):
        add_rating(world, user, rating(), today=AS_OF)
    assert _count(world) == 5
    assert _audit(world) == [(f"user-{role.value}", "denied", "edit purchasing", None)]


def test_a_supplier_outside_the_scope_is_not_found_and_audited(world: Engine) -> None:
    """A purchaser scoped to own accounts (ag5: s3) may not rate s2; its existence is not revealed either."""
    own = own_accounts_user(world, "ag5", Role.PURCHASING)
    with pytest.raises(NotFound):
        add_rating(world, own, rating(), today=AS_OF)
    assert _count(world) == 5 and _audit(world)[-1][1:3] == ("denied", "organisation 's2'")
    add_rating(world, own, rating(organisation_id="s3"), today=AS_OF)
    assert _count(world) == 6


@pytest.mark.parametrize(("changes", "message"), [
    ({"time": 0}, "time: 0 is outside 1 to 5"),
    ({"quality": 6}, "quality: 6 is outside 1 to 5"),
    ({"cost": 5.01}, "cost: 5.01 is outside 1 to 5"),
    ({"time": math.nan}, "time: a number from 1 to 5"),
    ({"time": math.inf}, "time: a number from 1 to 5"),
    ({"quality": True}, "quality: a number from 1 to 5"),
    ({"cost": "4"}, "cost: a number from 1 to 5"),
    ({"cost": None}, "cost: a number from 1 to 5"),
    ({"rated_at": date(2026, 3, 16)}, "rated_at: 2026-03-16 lies in the future"),
    ({"rated_at": "2026-03-01"}, "rated_at: a date"),
    ({"note": "x" * 2001}, "note: at most 2000 characters"),
    ({"note": "a\x00b"}, "note: a text"),
    ({"organisation_id": "c1"}, "organisation 'c1' is no supplier"),
    ({"organisation_id": ""}, "not a valid organisation id"),
    ({"organisation_id": ["s2"]}, "not a valid organisation id"),
])
def test_wrong_values_are_refused_with_a_clear_message(world: Engine, changes: dict[str, Any],
                                                       message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_rating(world, PURCHASING, rating(**changes), today=AS_OF)
    assert str(refused.value) == message
    assert _count(world) == 5 and not [a for a in _audit(world) if a[1] == "rating_added"]


def test_an_unknown_organisation_is_not_found(world: Engine) -> None:
    with pytest.raises(NotFound):
        add_rating(world, PURCHASING, rating(organisation_id="nobody"), today=AS_OF)
    assert _count(world) == 5


def test_the_rating_and_its_audit_entry_are_one_transaction(world: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """An audit entry that cannot be written takes the rating with it."""
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("services.commands.ratings.audit.record", broken)
    with pytest.raises(RuntimeError):
        add_rating(world, PURCHASING, rating(), today=AS_OF)
    assert _count(world) == 5
