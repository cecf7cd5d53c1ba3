"""Need-to-know (spec/analytics.md, "Security: need-to-know"): the matrix, scopes, restricted teams, externals."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from core.errors import Forbidden, InvalidInput, NotFound
from core.schema import AuditLogEntry, Organisation
from core.vocabulary import Area, Level, Role, Scope
from services import policy
from services.record import organisation_record
from services.users import SYSTEM
from tests.access_world import (
    ACCOUNTING_NORD,
    ADMIN,
    AS_OF,
    EXTERNAL_EVA,
    SALES_NORD,
    SUPPORT_SUED,
    access_data,
    user,
)
from tests.support import seed

#: the spec's default matrix, area by area: admin, management, sales, support, accounting, purchasing, external
SPEC_MATRIX = {
    Area.MASTER_DATA: "ERERRRR", Area.PIPELINE: "ERE----", Area.BILLING: "ERR-E--", Area.PURCHASING: "ER--RE-",
    Area.SERVICE: "ERRE--R", Area.PROJECTS: "ERRRRRR", Area.ACTIVITIES: "EREERR-", Area.DOCUMENTS: "ERRRRRR",
    Area.ANALYTICS: "ER--RR-", Area.ADMINISTRATION: "E------",
}
ROLES = (Role.ADMIN, Role.MANAGEMENT, Role.SALES, Role.SUPPORT, Role.ACCOUNTING, Role.PURCHASING, Role.EXTERNAL)
LETTER = {Level.EDIT: "E", Level.READ: "R", Level.NONE: "-"}


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed(engine, access_data())
    return engine


def _visible_ids(engine: Engine, who: object) -> list[str]:
    with engine.connect() as conn:
        g = policy.grants(conn, who)  # type: ignore[arg-type]
        return list(conn.execute(select(Organisation.id).where(policy.organisation_clause(g, Organisation.id))
                                 .order_by(Organisation.id)).scalars())


def _denials(engine: Engine) -> list[tuple[str, str]]:
    a = AuditLogEntry
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(a.who, a.subject).where(a.action == "denied").order_by(a.id))]


def test_the_migrated_matrix_is_the_specs_table(engine: Engine) -> None:
    """Every cell of the defaults as the spec's table states it; the system user may everything."""
    with engine.connect() as conn:
        for area, letters in SPEC_MATRIX.items():
            got = "".join(LETTER[policy.grants(conn, user(role)).level(area)] for role in ROLES)
            assert got == letters, area
        assert all(policy.grants(conn, SYSTEM).edits(a) for a in Area)
        assert [c.level for c in policy.matrix(conn) if c.role is Role.SUPPORT and c.area is Area.BILLING] == [
            Level.NONE]


def test_every_internal_role_sees_all_organisations_until_narrowed_to_own_accounts(world: Engine) -> None:
    """Scope (spec): all organisations by default; own accounts = key account manager, deputy, their team."""
    assert _visible_ids(world, SALES_NORD) == ["o1", "o2", "o3", "o4"]
    policy.set_scope(world, ADMIN, Role.SALES, Scope.OWN_ACCOUNTS)
    assert _visible_ids(world, SALES_NORD) == ["o1", "o3"]  # KAM of o1; o3's deputy is in team Nord
    assert _visible_ids(world, SUPPORT_SUED) == ["o1", "o2", "o3", "o4"]  # another role keeps its scope
    assert _visible_ids(world, user(Role.SALES)) == []  # own accounts without an agent: none


def test_an_external_user_sees_only_its_own_organisation(world: Engine) -> None:
    """External users (spec): their own organisation, whatever the scopes say."""
    assert _visible_ids(world, EXTERNAL_EVA) == ["o1"]
    with pytest.raises(NotFound):
        organisation_record(world, EXTERNAL_EVA, "o2", AS_OF)
    assert ("eva", "organisation 'o2'") in _denials(world)


def test_external_record_holds_own_contact_tickets_project_hours_and_external_documents(world: Engine) -> None:
    """Never invoices, ABC, notes or other contacts' data; documents only where `external` (spec)."""
    rec = organisation_record(world, EXTERNAL_EVA, "o1", AS_OF)
    assert [c.id for c in rec.contacts] == ["c1"]
    assert rec.tiles.invoices is None and rec.tiles.last_touch is None and rec.tiles.engagements is None
    assert rec.summary.revenue_12m is None and rec.summary.open_amount is None
    assert rec.tiles.tickets is not None and rec.tiles.tickets.open_count == 1
    assert rec.tiles.documents is not None and rec.tiles.documents.documents == 1  # d1; d2 internal, d3 restricted
    assert rec.tiles.hours is not None and rec.tiles.hours.hours == 2  # p1 only; p2 is restricted to Nord
    assert {e.kind for e in rec.timeline} == {"ticket", "document"}
    assert [e.ref for e in rec.timeline if e.kind == "document"] == ["d1"]


def test_a_restricted_project_and_what_hangs_at_it_only_for_its_team(world: Engine) -> None:
    """Restricted engagements (spec): hours, documents, invoices and margin of p2 only for team Nord, any role."""
    outsider = organisation_record(world, user(Role.MANAGEMENT), "o1", AS_OF)
    assert outsider.tiles.hours is not None and outsider.tiles.hours.hours == 2
    assert outsider.tiles.engagements is not None and outsider.tiles.engagements.running_projects == 1
    assert outsider.tiles.engagements.margin == pytest.approx(0.4)  # p1 alone: (1000 - 600) / 1000
    assert outsider.tiles.invoices is not None and outsider.tiles.invoices.open_amount == 1000
    assert "d3" not in {e.ref for e in outsider.timeline} and "i2" not in {e.ref for e in outsider.timeline}
    member = organisation_record(world, SALES_NORD, "o1", AS_OF)
    assert member.tiles.hours is not None and member.tiles.hours.hours == 7
    assert member.tiles.engagements is not None and member.tiles.engagements.running_projects == 2
    admin = organisation_record(world, ADMIN, "o1", AS_OF)  # the admin is not in Nord: whatever the role
    assert admin.tiles.hours is not None and admin.tiles.hours.hours == 2


def test_areas_the_role_may_not_read_are_left_out_not_zero(world: Engine) -> None:
    """Support: no billing (no invoices tile, no revenue), no pipeline (no quotes) in the record (spec matrix)."""
    rec = organisation_record(world, SUPPORT_SUED, "o1", AS_OF)
    assert rec.tiles.invoices is None and rec.summary.revenue_12m is None
    assert rec.tiles.tickets is not None and rec.tiles.last_touch is not None
    assert "invoice" not in {e.kind for e in rec.timeline}
    assert Area.BILLING not in rec.areas and Area.SERVICE in rec.areas


def test_a_permission_change_holds_from_the_next_call_on(world: Engine) -> None:
    """An admin's change of the matrix (spec: 'a change holds from the next request on')."""
    assert organisation_record(world, SUPPORT_SUED, "o1", AS_OF).tiles.invoices is None
    policy.set_level(world, ADMIN, Role.SUPPORT, Area.BILLING, Level.READ)
    assert organisation_record(world, SUPPORT_SUED, "o1", AS_OF).tiles.invoices is not None
    policy.set_level(world, ADMIN, Role.SUPPORT, Area.MASTER_DATA, Level.NONE)
    with pytest.raises(Forbidden):
        organisation_record(world, SUPPORT_SUED, "o1", AS_OF)
    a = AuditLogEntry
    with world.connect() as conn:
        changes = conn.execute(select(a.subject, a.why).where(a.action == "permission").order_by(a.id)).all()
    assert [tuple(c) for c in changes] == [("support billing", "set to read"), ("support master_data", "set to none")]


def test_only_an_admin_changes_the_matrix_and_keeps_the_right_to(world: Engine) -> None:
    """A refused change writes nothing but its audit entry; the admins' administration right stays."""
    with pytest.raises(Forbidden):
        policy.set_level(world, ACCOUNTING_NORD, Role.ACCOUNTING, Area.ADMINISTRATION, Level.EDIT)
    with world.connect() as conn:
        assert not policy.grants(conn, ACCOUNTING_NORD).reads(Area.ADMINISTRATION)
    assert _denials(world) == [(ACCOUNTING_NORD.id, "edit administration (permissions)")]
    with pytest.raises(InvalidInput):
        policy.set_level(world, ADMIN, Role.ADMIN, Area.ADMINISTRATION, Level.READ)
    with pytest.raises(InvalidInput):
        policy.set_scope(world, ADMIN, Role.EXTERNAL, Scope.ALL)


def test_require_refuses_an_area_with_an_audit_entry(world: Engine) -> None:
    """A refused request returns nothing and writes an audit entry (spec)."""
    with world.connect() as conn, pytest.raises(Forbidden):
        policy.require(world, conn, SUPPORT_SUED, Area.ANALYTICS)
    assert _denials(world) == [(SUPPORT_SUED.id, "read analytics")]
    with world.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AuditLogEntry)).scalar_one() == 1
