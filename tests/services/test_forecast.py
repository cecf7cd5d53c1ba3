"""The sales forecast against hand-computed sums (spec/analytics.md: the `opportunities` model's "target_value x
probability of the latest status on or before D", revenue as the net sum of non-cancelled outgoing invoices with
credit notes negative; "Security: need-to-know": pipeline for sales and management, billing for accounting too).

The company, as of D = 2026-03-15 (default probabilities: New 5 %, Standard quote 10 %, Negotiation 50 %):

    op1  o1 (KAM ag1)  agent ag1  10,000  created 2026-03-01  New; Negotiation on 2026-03-20 (after D)
         -> 500 at D (5,000 from 03-20 on), expected 2026-05-30: May
    op2  o2 (KAM ag2)  no agent   20,000  created 2025-10-01  Standard quote with its own 25 %
         -> 5,000, expected 2025-12-30 < D: due, so D's month (March)
    op3  o1            agent ag2   8,000  created 2026-02-01  Negotiation -> 4,000, expected 2026-05-02: May
    op4  o2            agent ag2   6,000  created 2026-02-15  New; Won on 2026-03-10 -> closed at D (300 before)
    op5  o1            agent ag1   9,000  created 2026-04-01  after D: not yet there
    op6  o2            agent ag2   7,000  created 2025-12-01  Rejected on 2026-01-10: closed

Invoices (D's month up to D, the 11 months before it whole): o1 250 (2025-04-01), 400 (2025-03-31, before the
first month), 1,000 and a credit note of -200 (January), 3,000 cancelled (February); o2 1,500 (February),
800 at the project restricted to team Nord (February), 700 (2026-03-05), 999 (2026-03-20, after D).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select, update

from core.errors import Forbidden, InvalidInput
from core.schema import AuditLogEntry, OpportunityStatus
from core.vocabulary import Role
from services.forecast import ForecastParams, forecast, forecast_owners
from services.users import SYSTEM, CurrentUser
from tests.support import own_accounts_user, seed

D = date(2026, 3, 15)
MANAGEMENT = CurrentUser(id="mgmt", role=Role.MANAGEMENT)
NORD_MANAGER = CurrentUser(id="mgmt-nord", role=Role.MANAGEMENT, teams=frozenset({"Nord"}))
ACCOUNTING = CurrentUser(id="acc", role=Role.ACCOUNTING)
SALES = CurrentUser(id="sales", role=Role.SALES, agent_id="ag1", teams=frozenset({"Nord"}))
SUPPORT = CurrentUser(id="sup", role=Role.SUPPORT)
PURCHASING = CurrentUser(id="pur", role=Role.PURCHASING)
EXTERNAL = CurrentUser(id="ext", role=Role.EXTERNAL, contact_id="c1", organisation_id="o1")


def _opportunity(oid: str, org: str, target: float, created: str, agent: str | None, *changes: tuple) -> tuple:
    opp = {"id": oid, "organisation_id": org, "target_value": target, "created_at": created, "agent_id": agent}
    rows = [{"opportunity_id": oid, "changed_at": at, "status": status, **({"probability": p} if p else {})}
            for at, status, p in changes]
    return opp, rows


def world() -> dict[str, list[dict[str, object]]]:
    opps = [
        _opportunity("op1", "o1", 10000, "2026-03-01", "ag1", ("2026-03-01T09:00:00", "New", None),
                     ("2026-03-20T09:00:00", "Negotiation", None)),
        _opportunity("op2", "o2", 20000, "2025-10-01", None, ("2025-10-01T09:00:00", "Standard quote", 25)),
        _opportunity("op3", "o1", 8000, "2026-02-01", "ag2", ("2026-02-01T09:00:00", "Negotiation", None)),
        _opportunity("op4", "o2", 6000, "2026-02-15", "ag2", ("2026-02-15T09:00:00", "New", None),
                     ("2026-03-10T09:00:00", "Won", None)),
        _opportunity("op5", "o1", 9000, "2026-04-01", "ag1", ("2026-04-01T09:00:00", "New", None)),
        _opportunity("op6", "o2", 7000, "2025-12-01", "ag2", ("2025-12-01T09:00:00", "New", None),
                     ("2026-01-10T09:00:00", "Rejected", None)),
    ]
    opportunities = [o for o, _ in opps]
    for o in opportunities:
        if o["id"] == "op4":
            o["closed_at"] = "2026-03-10"
        if o["id"] == "op6":
            o["closed_at"] = "2026-01-10"

    def invoice(iid: str, org: str, day: str, amount: float, status: str = "open", **extra: object) -> dict:
        return {"id": iid, "organisation_id": org, "invoice_date": day, "amount_net": amount, "status": status,
                "dunning_level": 0, **extra}

    return {
        "agents": [{"id": "ag1", "name": "Anna Nord", "team": "Nord", "role": "sales"},
                   {"id": "ag2", "name": "Bernd Süd", "team": "Süd", "role": "sales"}],
        "organisations": [{"id": "o1", "name": "Alpha", "key_account_manager_id": "ag1"},
                          {"id": "o2", "name": "Beta", "key_account_manager_id": "ag2"}],
        "contacts": [{"id": "c1", "organisation_id": "o1", "last_name": "Extern"}],
        "projects": [{"id": "p1", "organisation_id": "o2", "name": "Geheim", "kind": "customer", "status": "running",
                      "start_date": "2026-01-01", "restricted_team": "Nord"}],
        "opportunities": opportunities,
        "opportunity_status_changes": [c for _, changes in opps for c in changes],
        "invoices": [
            invoice("i1", "o1", "2025-04-01", 250), invoice("i2", "o1", "2025-03-31", 400),
            invoice("i3", "o1", "2026-01-10", 1000), invoice("i4", "o1", "2026-01-20", -200, "paid"),
            invoice("i5", "o1", "2026-02-05", 3000, "cancelled"), invoice("i6", "o2", "2026-02-10", 1500),
            invoice("i7", "o2", "2026-02-12", 800, project_id="p1"), invoice("i8", "o2", "2026-03-05", 700),
            invoice("i9", "o2", "2026-03-20", 999),
        ],
    }


@pytest.fixture
def company(engine: Engine) -> Engine:
    seed(engine, world())
    return engine


def _months(report: object, part: str) -> dict[str, float | int | None]:
    """Non-zero values of one part by `YYYY-MM`."""
    return {m.month.isoformat()[:7]: getattr(m, part) for m in report.months  # type: ignore[attr-defined]
            if getattr(m, part)}


def test_the_weighted_pipeline_by_expected_closing_month(company: Engine) -> None:
    """Open at D: op1 500 and op3 4,000 expected in May, the overdue op2 5,000 in D's month; op4 (won), op5
    (created after D) and op6 (rejected) do not count."""
    report = forecast(company, SYSTEM, ForecastParams(as_of=D))
    assert _months(report, "pipeline") == {"2026-03": 5000.0, "2026-05": 4500.0}
    assert _months(report, "opportunities") == {"2026-03": 1, "2026-05": 2}
    assert report.pipeline_total == 9500.0 and report.opportunities_total == 3
    months = [m.month for m in report.months]
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 6, 1) and len(months) == 15
    before = [m for m in report.months if m.month < date(2026, 3, 1)]
    assert all(m.pipeline is None for m in before)  # no pipeline in the past


def test_the_invoiced_revenue_nets_credit_notes_and_leaves_out_cancelled_and_later_invoices(company: Engine) -> None:
    """Revenue per month: January 1,000 - 200; February 1,500 + 800 (3,000 cancelled); March up to D 700 (the 999
    of 03-20 comes later); April 2025 the first month (the 400 of 2025-03-31 is before it); nothing after D's month."""
    report = forecast(company, SYSTEM, ForecastParams(as_of=D))
    assert _months(report, "revenue") == {"2025-04": 250.0, "2026-01": 800.0, "2026-02": 2300.0, "2026-03": 700.0}
    assert all(m.revenue is None for m in report.months if m.month > date(2026, 3, 1))
    assert report.average_revenue == pytest.approx((250 + 800 + 2300) / 11)


def test_the_status_as_of_the_date(company: Engine) -> None:
    """Spec: the probability of the latest status on or before D. On 03-05 op4 is still open (New: 300, May) and
    op1 is New; on 03-25 op1 is in Negotiation (5,000) and op4 won; March's revenue grows with the 999."""
    early = forecast(company, SYSTEM, ForecastParams(as_of=date(2026, 3, 5)))
    assert _months(early, "pipeline") == {"2026-03": 5000.0, "2026-05": 4800.0}
    assert _months(early, "revenue")["2026-03"] == 700.0
    late = forecast(company, SYSTEM, ForecastParams(as_of=date(2026, 3, 25)))
    assert _months(late, "pipeline") == {"2026-03": 5000.0, "2026-05": 9000.0}
    assert _months(late, "revenue")["2026-03"] == 1699.0


def test_a_month_end_reads_the_whole_month(company: Engine) -> None:
    """D on a month's last day: that month comes whole (from the month aggregate), February 2,300."""
    report = forecast(company, SYSTEM, ForecastParams(as_of=date(2026, 2, 28), months_back=2))
    assert [(m.month.isoformat()[:7], m.revenue) for m in report.months[:2]] == [("2026-01", 800.0),
                                                                                ("2026-02", 2300.0)]


def test_the_probabilities_are_business_configuration(company: Engine) -> None:
    """A status's default probability is the opportunity_statuses table's: New at 20 % makes op1 2,000."""
    with company.begin() as conn:
        conn.execute(update(OpportunityStatus).where(OpportunityStatus.status == "New").values(probability=20))
    try:
        report = forecast(company, SYSTEM, ForecastParams(as_of=D))
        assert _months(report, "pipeline") == {"2026-03": 5000.0, "2026-05": 6000.0}
    finally:  # PostgreSQL keeps the statuses between tests
        with company.begin() as conn:
            conn.execute(update(OpportunityStatus).where(OpportunityStatus.status == "New").values(probability=5))


def test_per_team_and_per_agent(company: Engine) -> None:
    """An opportunity is its agent's (else its organisation's KAM's), revenue the KAM's: team Nord (ag1) has op1 and
    o1's revenue; ag2 has op2 (KAM) and op3 (its agent, at o1) and o2's revenue."""
    nord = forecast(company, SYSTEM, ForecastParams(as_of=D, team="Nord"))
    assert _months(nord, "pipeline") == {"2026-05": 500.0}
    assert _months(nord, "revenue") == {"2025-04": 250.0, "2026-01": 800.0}
    bernd = forecast(company, SYSTEM, ForecastParams(as_of=D, agent_id="ag2"))
    assert _months(bernd, "pipeline") == {"2026-03": 5000.0, "2026-05": 4000.0}
    assert _months(bernd, "revenue") == {"2026-02": 2300.0, "2026-03": 700.0}
    nobody = forecast(company, SYSTEM, ForecastParams(as_of=D, team="Niemand"))
    assert nobody.is_empty and nobody.pipeline_total == 0
    owners = forecast_owners(company, SALES)
    assert owners.teams == ("Nord", "Süd") and [a[0] for a in owners.agents] == ["ag1", "ag2"]


def test_the_restricted_project_and_the_scope(company: Engine) -> None:
    """Need-to-know: the 800 at the project restricted to team Nord count for its members only; an own-accounts
    scope counts only those organisations (ag1: o1, with op1 and op3)."""
    assert _months(forecast(company, MANAGEMENT, ForecastParams(as_of=D)), "revenue")["2026-02"] == 1500.0
    assert _months(forecast(company, NORD_MANAGER, ForecastParams(as_of=D)), "revenue")["2026-02"] == 2300.0
    own = forecast(company, own_accounts_user(company, "ag1", Role.SALES, "Nord"), ForecastParams(as_of=D))
    assert _months(own, "pipeline") == {"2026-05": 4500.0}
    assert _months(own, "revenue") == {"2025-04": 250.0, "2026-01": 800.0}


def test_each_role_sees_its_parts(company: Engine) -> None:
    """Sales and management see both parts; accounting (billing, no pipeline) only revenue; support, purchasing and
    externals (neither) are refused, and the refusal is audited."""
    for user in (SALES, MANAGEMENT):
        report = forecast(company, user, ForecastParams(as_of=D))
        assert report.shows_pipeline and report.shows_revenue
    billing_only = forecast(company, ACCOUNTING, ForecastParams(as_of=D))
    assert billing_only.shows_revenue and not billing_only.shows_pipeline
    assert billing_only.pipeline_total is None and all(m.pipeline is None for m in billing_only.months)
    assert _months(billing_only, "revenue")["2026-03"] == 700.0
    for user in (SUPPORT, PURCHASING, EXTERNAL):
        with pytest.raises(Forbidden):
            forecast(company, user, ForecastParams(as_of=D))
        with pytest.raises(Forbidden):
            forecast_owners(company, user)
    with company.connect() as conn:
        denied = set(conn.execute(select(AuditLogEntry.who).where(AuditLogEntry.action == "denied")).scalars())
    assert denied == {"sup", "pur", "ext"}


@pytest.mark.parametrize("params", [
    ForecastParams(team="Nord", agent_id="ag1"), ForecastParams(team=""), ForecastParams(team="x" * 101),
    ForecastParams(agent_id="a" * 65), ForecastParams(months_back=0), ForecastParams(months_back=37),
    ForecastParams(months_back=True), ForecastParams(as_of="2026-03-15"),  # type: ignore[arg-type]
])
def test_bad_parameters_are_refused(company: Engine, params: ForecastParams) -> None:
    with pytest.raises(InvalidInput):
        forecast(company, SYSTEM, params)
