"""Fixing a relationship by hand (spec/analytics.md, "Relationships": with `relationship_mode = fixed` the roles are
exactly `fixed_roles`, for good; account numbers once the relationship exists, never reused; interchange.md,
organisations.relationship_mode / fixed_roles): master data edit level, one transaction with its audit entry, what
depends on it recomputed, on both databases."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from analytics.relationships import relationships
from core.errors import Forbidden, InvalidInput, NotFound
from core.schema import AbcRankRun, AccountNumber, AuditLogEntry, Organisation
from core.vocabulary import Aspect, RelationshipMode, Role
from services.abc import abc_letters
from services.commands.account_numbers import assign_account_numbers
from services.commands.relationship_fix import ACTION, RelationshipSetting, fix_relationship, setting
from tests.access_world import ADMIN, AS_OF, MANAGEMENT, SALES_NORD, access_data
from tests.support import own_accounts_user, seed


@pytest.fixture
def world(engine: Engine) -> Engine:
    """The access world as after an import: o1..o3 customers, o2 and o4 suppliers, every number handed out."""
    seed(engine, access_data())
    with engine.begin() as conn:
        assign_account_numbers(conn, AS_OF)
    return engine


def held(engine: Engine, organisation_id: str) -> dict[str, object]:
    with engine.connect() as conn:
        frame = relationships(conn, AS_OF)
    row = frame.loc[frame["organisation_id"] == organisation_id].iloc[0]
    flags: dict[str, object] = {k: bool(row[k]) for k in ("prospect", "customer", "supplier")}
    return flags | {k: None if pd.isna(row[k]) else str(row[k]) for k in ("customer_number", "supplier_number")}


def stored(engine: Engine, organisation_id: str) -> tuple[str, str | None]:
    with engine.connect() as conn:
        row = conn.execute(select(Organisation.relationship_mode, Organisation.fixed_roles)
                           .where(Organisation.id == organisation_id)).one()
    return row.relationship_mode, row.fixed_roles


def entries(engine: Engine, action: str | None = None) -> list[tuple[str, str, str, str | None]]:
    a = AuditLogEntry
    query = select(a.who, a.action, a.subject, a.why).order_by(a.id)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query if action is None else query.where(a.action == action))]


def numbers(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        return {tuple(r) for r in conn.execute(select(AccountNumber.organisation_id, AccountNumber.role))}


def test_a_supplier_fixed_as_customer_is_exactly_that_and_gets_its_number(world: Engine) -> None:
    before = held(world, "o4")
    assert (before["customer"], before["supplier"], before["customer_number"]) == (False, True, None)
    done = fix_relationship(world, SALES_NORD, "o4", "fixed", ["customer"], today=AS_OF)
    assert done.changed and done.account_numbers == 1
    assert done.before == RelationshipSetting(RelationshipMode.AUTO)
    assert stored(world, "o4") == ("fixed", "customer")
    after = held(world, "o4")
    assert (after["prospect"], after["customer"], after["supplier"]) == (False, True, False)
    assert after["customer_number"] is not None and after["supplier_number"] is None
    # the supplier number stays in the books (never deleted, never reused)
    assert ("o4", "supplier") in numbers(world)
    assert entries(world, ACTION) == [(SALES_NORD.id, ACTION, "organisation o4", "auto -> fixed (customer)")]


def test_back_to_auto_the_documents_decide_again(world: Engine) -> None:
    fix_relationship(world, ADMIN, "o4", "fixed", ["supplier", "prospect"], today=AS_OF)
    assert stored(world, "o4") == ("fixed", "prospect;supplier")
    assert held(world, "o4")["prospect"] is True
    done = fix_relationship(world, ADMIN, "o4", "auto", today=AS_OF)
    assert done.changed and done.after.mode is RelationshipMode.AUTO
    assert stored(world, "o4") == ("auto", None)
    after = held(world, "o4")
    assert (after["prospect"], after["customer"], after["supplier"]) == (False, False, True)
    assert [why for *_, why in entries(world, ACTION)] == ["auto -> fixed (prospect;supplier)",
                                                           "fixed (prospect;supplier) -> auto"]


def test_the_same_setting_again_writes_nothing(world: Engine) -> None:
    fix_relationship(world, ADMIN, "o2", "fixed", ["customer", "supplier"], today=AS_OF)
    again = fix_relationship(world, ADMIN, "o2", "fixed", ["supplier", "customer"], today=AS_OF)
    assert not again.changed and len(entries(world, ACTION)) == 1


def test_no_role_at_all_is_a_fixed_setting_too(world: Engine) -> None:
    fix_relationship(world, ADMIN, "o2", "fixed", [], today=AS_OF)
    assert stored(world, "o2") == ("fixed", "")
    after = held(world, "o2")
    assert (after["prospect"], after["customer"], after["supplier"]) == (False, False, False)
    assert entries(world, ACTION)[-1][3] == "auto -> fixed (none)"


def test_the_cached_abc_ranking_follows_the_fix(world: Engine) -> None:
    """o1 leads the customers by its invoices. Fixed as a supplier only, it has no customer letter, and the
    customers' ranking cached then (o3's record fills it) lacks it; back in auto mode o1's record shows its A
    again, not the cached ranking without it."""
    fix_relationship(world, ADMIN, "o1", "fixed", ["supplier"], today=AS_OF)
    assert Aspect.CUSTOMER not in abc_letters(world, ADMIN, "o1", AS_OF)
    abc_letters(world, ADMIN, "o3", AS_OF)  # the customers' ranking without o1, cached
    with world.connect() as conn:
        assert conn.execute(select(AbcRankRun.aspect).where(AbcRankRun.aspect == "customer")).first() is not None
    fix_relationship(world, ADMIN, "o1", "auto", today=AS_OF)
    assert abc_letters(world, ADMIN, "o1", AS_OF)[Aspect.CUSTOMER] == "A"


def test_a_role_that_only_reads_master_data_is_refused_and_audited(world: Engine) -> None:
    with pytest.raises(Forbidden):
        fix_relationship(world, MANAGEMENT, "o4", "fixed", ["customer"], today=AS_OF)
    assert stored(world, "o4") == ("auto", None)
    assert entries(world)[-1][:3] == (MANAGEMENT.id, "denied", "edit master_data")
    assert entries(world, ACTION) == []


def test_an_organisation_outside_the_users_accounts_is_not_found(world: Engine) -> None:
    own = own_accounts_user(world, "ag1", Role.SALES, "Nord")
    with pytest.raises(NotFound):
        fix_relationship(world, own, "o2", "fixed", ["customer"], today=AS_OF)
    with pytest.raises(NotFound):
        fix_relationship(world, ADMIN, "nope", "auto", today=AS_OF)
    assert stored(world, "o2") == ("auto", None)
    assert [(who, subject) for who, action, subject, _ in entries(world) if action == "denied"] == [
        (own.id, "organisation 'o2'"), (ADMIN.id, "organisation 'nope'")]
    # its own account it may fix
    assert fix_relationship(world, own, "o1", "fixed", ["customer"], today=AS_OF).changed


@pytest.mark.parametrize(("mode", "roles", "message"), [
    ("manual", None, "mode"),
    (None, None, "mode"),
    ("fixed", None, "roles"),
    ("fixed", "customer", "roles"),
    ("fixed", ["partner"], "partner"),
    ("fixed", ["customer", 3], "3"),
    ("fixed", ["customer", "customer"], "at most once"),
    ("auto", ["customer"], "only with mode fixed"),
])
def test_a_wrong_setting_is_refused_with_its_reason(mode: object, roles: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        setting(mode, roles)


def test_the_policy_decides_before_the_setting_is_looked_at(world: Engine) -> None:
    """A user who may not edit master data learns nothing from a wrong setting either: refused, audited."""
    with pytest.raises(Forbidden):
        fix_relationship(world, MANAGEMENT, "o4", "manual", today=AS_OF)
    with pytest.raises(InvalidInput, match="mode"):
        fix_relationship(world, SALES_NORD, "o4", "manual", today=AS_OF)
    assert stored(world, "o4") == ("auto", None)
