"""services.controllers: the sheets a user may have, the open items per list row, the concentration without trend
(spec/analytics.md, "Security: need-to-know"; "Relationships" for who holds what at D)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from core.errors import Forbidden
from core.schema import AuditLogEntry
from core.vocabulary import Aspect, Role
from services.concentration import concentration
from services.controllers import sheet_rows, workbook_concentration, workbook_scope
from services.lists import ListParams
from services.users import SYSTEM, CurrentUser
from tests.kundenakte.export.controllers_data import OPEN_AT_D, D, controllers_world
from tests.support import seed

NORTH = CurrentUser(id="nora", role=Role.MANAGEMENT, agent_id="ag1", teams=frozenset({"Nord"}))
SOUTH = CurrentUser(id="sven", role=Role.MANAGEMENT, agent_id="ag2", teams=frozenset({"Süd"}))


@pytest.fixture
def company(engine: Engine) -> Engine:
    data = controllers_world()
    # an open invoice of a project only team Nord may see (spec, "Security": restricted engagements)
    data["projects"] = [{"id": "pr1", "organisation_id": "c1", "name": "Geheim", "kind": "customer",
                         "status": "running", "restricted_team": "Nord"}]
    data["invoices"].append({"id": "io4", "organisation_id": "c1", "project_id": "pr1", "invoice_date": "2026-03-01",
                             "amount_net": 1000.0, "status": "open", "dunning_level": 0})
    seed(engine, data)
    return engine


def open_amounts(engine: Engine, user: CurrentUser, aspect: Aspect) -> dict[str, float | None]:
    return {r.id: r.open_amount for r in sheet_rows(engine, user, ListParams(aspect, as_of=D))}


def test_open_items_at_d_per_relationship(company: Engine) -> None:
    """Customers: outgoing invoices unpaid at D (open, or paid after D; not those dated after D); suppliers:
    incoming invoices open and dated up to D; prospects: none."""
    customers = open_amounts(company, SYSTEM, Aspect.CUSTOMER)
    assert customers["c1"] == pytest.approx(OPEN_AT_D["c1"] + 1000) and customers["c2"] == OPEN_AT_D["c2"]
    assert customers["c4"] == 0.0
    assert open_amounts(company, SYSTEM, Aspect.SUPPLIER) == {"s1": OPEN_AT_D["s1"], "s2": 0.0}
    assert set(open_amounts(company, SYSTEM, Aspect.PROSPECT).values()) == {None}


def test_open_items_leave_out_a_hidden_projects_invoices(company: Engine) -> None:
    """The same row for two users: the team of the restricted project sees its open invoice, the other does not."""
    assert open_amounts(company, NORTH, Aspect.CUSTOMER)["c1"] == pytest.approx(OPEN_AT_D["c1"] + 1000)
    assert open_amounts(company, SOUTH, Aspect.CUSTOMER)["c1"] == pytest.approx(OPEN_AT_D["c1"])


def test_rows_carry_the_postcode_as_text(company: Engine) -> None:
    rows = {r.id: r for r in sheet_rows(company, SYSTEM, ListParams(Aspect.CUSTOMER, as_of=D))}
    assert rows["c1"].postcode == "01067" and rows["c2"].postcode is None


@pytest.mark.parametrize(("role", "lists", "figures"), [
    (Role.MANAGEMENT, (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER), (Aspect.CUSTOMER, Aspect.SUPPLIER)),
    (Role.SALES, (Aspect.CUSTOMER, Aspect.PROSPECT), ()),
    (Role.ACCOUNTING, (Aspect.CUSTOMER, Aspect.SUPPLIER), (Aspect.CUSTOMER, Aspect.SUPPLIER)),
    (Role.PURCHASING, (Aspect.SUPPLIER,), (Aspect.SUPPLIER,)),
    (Role.EXTERNAL, (), ()),
])
def test_the_sheets_per_role(company: Engine, role: Role, lists: tuple[Aspect, ...],
                             figures: tuple[Aspect, ...]) -> None:
    scope = workbook_scope(company, CurrentUser(id="u", role=role, contact_id="x1", organisation_id="c1"))
    assert (scope.lists, scope.concentration) == (lists, figures)


def test_concentration_without_trend_has_the_services_figures_and_refusal(company: Engine) -> None:
    """The figures are those of services.concentration (the trend aside); sales may not read analytics: an audited
    Forbidden."""
    mine, theirs = workbook_concentration(company, SYSTEM, Aspect.CUSTOMER, D), concentration(
        company, SYSTEM, Aspect.CUSTOMER, D)
    assert mine.figures == theirs.figures and mine.pareto == theirs.pareto and len(mine.trend) <= 1
    with pytest.raises(Forbidden):
        workbook_concentration(company, CurrentUser(id="vera", role=Role.SALES), Aspect.CUSTOMER, D)
    with company.connect() as conn:
        assert conn.execute(select(AuditLogEntry.action).where(AuditLogEntry.who == "vera")).scalars().all() == [
            "denied"]
