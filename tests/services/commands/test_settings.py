"""The admin's saves (services/commands/settings.py) on both databases: each validates, writes, audits (old -> new)
and recomputes what depends on it; every other role is refused and audited (spec/analytics.md, "ABC
classification", "Retention (GDPR)", "Security: need-to-know": administration is the admin's)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, insert, select

from core.businessconfig import load_config
from core.errors import Forbidden
from core.schema import (
    AuditLogEntry,
    ConfigEntry,
    InvoiceWindow,
    InvoiceWindowSum,
    OpportunityStatus,
    Permission,
    RoleScope,
    User,
)
from core.schema.admin import ProspectSpan
from core.vocabulary import AbcModel, Area, Aspect, Level, Role, Scope
from services.abc import AbcParams, abc_report
from services.commands.settings import (
    add_account,
    save_abc,
    save_permissions,
    save_probabilities,
    save_rating_weights,
    save_retention,
    set_user_active,
    set_user_role,
)
from services.retention import due_overview
from services.settings import Problem, SettingsRejected, business_settings, permission_settings, user_settings
from services.users import CurrentUser
from tests.access_world import ADMIN
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.kundenakte.signin.helpers import add_account as add_test_account
from tests.support import seed

SHARES = {"A": 20, "B": 60, "C": 20}
MODELS = {"customer": "invoices", "prospect": "quotes", "supplier": "ratings"}
OTHERS = [Role.MANAGEMENT, Role.SALES, Role.SUPPORT, Role.ACCOUNTING, Role.PURCHASING, Role.EXTERNAL]


def letters(engine: Engine, aspect: Aspect = Aspect.CUSTOMER, model: AbcModel | None = None) -> dict[str, Any]:
    report = abc_report(engine, ADMIN, AbcParams(aspect, model, AS_OF))
    return {r["organisation_id"]: r["class"] for r in report.records()}


def audit_rows(engine: Engine, action: str) -> list[tuple[str, str, str | None]]:
    a = AuditLogEntry
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(a.who, a.subject, a.why).where(a.action == action)
                                               .order_by(a.id))]  # type: ignore[misc]


def config_rows(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(ConfigEntry.key, ConfigEntry.value).order_by(ConfigEntry.key))]


# --- ABC: windows, shares, models --------------------------------------------------------------------------


def test_a_new_customer_window_changes_the_letters_as_the_spec_ranks_them(engine: Engine) -> None:
    """ABC classification (spec): 365 days up to 15.03.2026 rank o01 6234.56 A, o02 and o03 3000 B (tie, the
    better letter), o04 800 B, o05 none (its invoice lies one day before). With a 60-day window only o01's March
    invoice (1234.56) and o03's February one (3000) count: o03 becomes A, o01 B, o02 and o04 lose their letter."""
    seed(engine, org_list_data())
    assert letters(engine) == {"o01": "A", "o02": "B", "o03": "B", "o04": "B", "o05": None}
    result = save_abc(engine, ADMIN, MODELS, {"invoices": 60}, SHARES)
    assert [(c.key, c.old, c.new) for c in result.changes] == [("abc.windows.invoices", 365, 60)]
    assert letters(engine) == {"o01": "B", "o02": None, "o03": "A", "o04": None, "o05": None}
    assert audit_rows(engine, "setting") == [(ADMIN.id, "abc.windows.invoices", "365 -> 60")]
    # 400 days take in o05's 999 (15.03.2025) and o04: five ranked, o04 last is C
    save_abc(engine, ADMIN, MODELS, {"invoices": 400}, SHARES)
    assert letters(engine) == {"o01": "A", "o02": "B", "o03": "B", "o04": "C", "o05": "B"}


def test_new_shares_and_a_new_model_hold_at_once(engine: Engine) -> None:
    """Shares 50/30/20: q = 0.25 < 0.5 makes o02 and o03 A; a new customer model is the configured one."""
    seed(engine, org_list_data())
    result = save_abc(engine, ADMIN, {**MODELS, "customer": "project_hours"}, {}, {"A": 50, "B": 30, "C": 20})
    assert {c.key for c in result.changes} == {"abc.a_share", "abc.b_share", "abc.customer_model"}
    with engine.connect() as conn:
        abc = load_config(conn).abc
    assert (abc.a_share, abc.b_share, abc.customer_model) == (0.5, 0.3, AbcModel.PROJECT_HOURS)
    assert letters(engine, model=AbcModel.INVOICES) == {"o01": "A", "o02": "A", "o03": "A", "o04": "B",
                                                        "o05": None}
    assert abc_report(engine, ADMIN, AbcParams(Aspect.CUSTOMER, None, AS_OF)).model is AbcModel.PROJECT_HOURS
    assert ("abc.customer_model", '"invoices" -> "project_hours"') in [(s, w) for _w, s, w in
                                                                        audit_rows(engine, "setting")]


def test_a_new_window_empties_the_window_sum_cache_in_the_same_save(engine: Engine) -> None:
    """The cached window sums (invoice_windows / invoice_window_sums) go with the save; a save that changes no
    window leaves them."""
    seed(engine, org_list_data())
    with engine.begin() as conn:
        conn.execute(insert(InvoiceWindow).values(first=date(2025, 3, 16), last=AS_OF, filled_at=datetime.now()))
        conn.execute(insert(InvoiceWindowSum).values(first=date(2025, 3, 16), last=AS_OF, organisation_id="o01",
                                                     revenue=1.0, invoices=1))

    def cached() -> int:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(InvoiceWindow)).scalar_one()
                       + conn.execute(select(func.count()).select_from(InvoiceWindowSum)).scalar_one())

    save_abc(engine, ADMIN, MODELS, {}, {"A": 25, "B": 55, "C": 20})
    assert cached() == 2
    save_abc(engine, ADMIN, MODELS, {"quotes": 90}, {"A": 25, "B": 55, "C": 20})
    assert cached() == 0


def test_an_unchanged_save_writes_nothing(engine: Engine) -> None:
    seed(engine, org_list_data())
    assert save_abc(engine, ADMIN, MODELS, {"invoices": 365}, SHARES).changes == ()
    assert config_rows(engine) == [] and audit_rows(engine, "setting") == []


@pytest.mark.parametrize(("windows", "shares", "problems"), [
    ({"invoices": 0}, SHARES, [Problem.WINDOW_NOT_POSITIVE]),
    ({"invoices": -30, "quotes": 4000}, SHARES, [Problem.WINDOW_NOT_POSITIVE, Problem.WINDOW_TOO_LONG]),
    ({"invoices": 30.5}, SHARES, [Problem.NOT_WHOLE]),
    ({"invoices": "365"}, SHARES, [Problem.NOT_A_NUMBER]),
    ({"revenue_potential": 10}, SHARES, [Problem.UNKNOWN_MODEL]),
    ({}, {"A": 20, "B": 60, "C": 30}, [Problem.SHARES_NOT_100]),
    ({}, {"A": 0, "B": 80, "C": 20}, [Problem.A_SHARE_ZERO]),
    ({}, {"A": 120, "B": -20, "C": 0}, [Problem.SHARE_OUT_OF_RANGE, Problem.SHARE_OUT_OF_RANGE]),
    ({}, {"A": None, "B": True, "C": 20}, [Problem.NOT_A_NUMBER, Problem.NOT_A_NUMBER]),
])
def test_abc_refusals_name_every_problem_and_write_nothing(engine: Engine, windows: dict[str, Any],
                                                            shares: dict[str, Any], problems: list[Problem]) -> None:
    """Windows of 0 days or less, too long or not whole, shares that do not add up to 100: refused as a whole."""
    with pytest.raises(SettingsRejected) as refused:
        save_abc(engine, ADMIN, MODELS, windows, shares)
    assert [r.problem for r in refused.value.rejections] == problems
    assert str(refused.value)  # the English for the command line and the logs
    assert config_rows(engine) == [] and audit_rows(engine, "setting") == []


def test_a_model_of_another_relationship_is_refused(engine: Engine) -> None:
    with pytest.raises(SettingsRejected) as refused:
        save_abc(engine, ADMIN, {"customer": "ratings", "nobody": "x"}, {}, SHARES)
    assert [(r.problem, r.field) for r in refused.value.rejections] == [
        (Problem.UNKNOWN_MODEL, "customer"), (Problem.UNKNOWN_MODEL, "nobody")]


# --- rating weights ---------------------------------------------------------------------------------------------


def test_rating_weights_change_the_supplier_metric(engine: Engine) -> None:
    """Supplier ratings (spec: weighted mean of the averages of time, quality and cost): Delta rated 4/5/3 is 4.0
    at the default 1:1:1 and 5.0 with the weights 0:1:0 (quality alone)."""
    from tests.access_world import access_data

    seed(engine, access_data())
    report = abc_report(engine, ADMIN, AbcParams(Aspect.SUPPLIER, AbcModel.RATINGS, AS_OF))
    assert {r["organisation_id"]: r["metric"] for r in report.records()}["o4"] == pytest.approx(4.0)
    result = save_rating_weights(engine, ADMIN, {"time": 0, "quality": 1, "cost": 0})
    assert {c.key for c in result.changes} == {"abc.rating_weights.time", "abc.rating_weights.cost"}
    report = abc_report(engine, ADMIN, AbcParams(Aspect.SUPPLIER, AbcModel.RATINGS, AS_OF))
    assert {r["organisation_id"]: r["metric"] for r in report.records()}["o4"] == pytest.approx(5.0)
    assert ("abc.rating_weights.time", "1.0 -> 0.0") in [(s, w) for _w, s, w in audit_rows(engine, "setting")]


@pytest.mark.parametrize(("weights", "problems"), [
    ({"time": 0, "quality": 0, "cost": 0}, [Problem.WEIGHTS_ZERO]),
    ({"time": -1, "quality": 1, "cost": 1}, [Problem.WEIGHT_OUT_OF_RANGE]),
    ({"time": 1, "quality": "viel", "cost": 5000}, [Problem.NOT_A_NUMBER, Problem.WEIGHT_OUT_OF_RANGE]),
])
def test_weights_refusals(engine: Engine, weights: dict[str, Any], problems: list[Problem]) -> None:
    with pytest.raises(SettingsRejected) as refused:
        save_rating_weights(engine, ADMIN, weights)
    assert [r.problem for r in refused.value.rejections] == problems
    assert config_rows(engine) == []


# --- opportunity probabilities ----------------------------------------------------------------------------------

PIPELINE: dict[str, list[dict[str, Any]]] = {
    "organisations": [{"id": "ingo", "name": "Ingo Prospect"}, {"id": "nina", "name": "Nina Neu"}],
    "opportunities": [
        {"id": "op1", "organisation_id": "ingo", "target_value": 11000, "created_at": "2026-01-10"},
        {"id": "op2", "organisation_id": "nina", "target_value": 2000, "created_at": "2026-01-10"},
    ],
    "opportunity_status_changes": [
        {"opportunity_id": "op1", "changed_at": "2026-01-10T09:00:00", "status": "New"},
        {"opportunity_id": "op2", "changed_at": "2026-01-10T09:00:00", "status": "Negotiation"},
    ],
}


def test_a_new_default_probability_moves_the_prospect_and_recomputes_the_spans(engine: Engine) -> None:
    """The help's worked example (spec, "ABC classification"): Ingo's 11,000.00 in `New` at 5 % is 550.00, behind
    Nina's 2,000.00 at 50 % (1,000.00); `New` at 20 % makes it 2,200.00 and Ingo A. The prospect spans are
    recomputed in the save's transaction (emptied here first: they are back afterwards)."""
    seed(engine, PIPELINE)

    def ranked() -> dict[str, tuple[Any, float]]:
        report = abc_report(engine, ADMIN, AbcParams(Aspect.PROSPECT, AbcModel.OPPORTUNITIES, AS_OF))
        return {r["organisation_id"]: (r["class"], round(r["metric"], 2)) for r in report.records()}

    assert ranked() == {"ingo": ("B", 550.0), "nina": ("A", 1000.0)}
    with engine.begin() as conn:
        spans = conn.execute(select(ProspectSpan.organisation_id, ProspectSpan.since)).all()
        conn.execute(delete(ProspectSpan))
    result = save_probabilities(engine, ADMIN, {"New": 20, "Negotiation": 50})
    assert [(c.key, c.old, c.new) for c in result.changes] == [("opportunity_statuses.New.probability", 5.0, 20)]
    assert ranked() == {"ingo": ("A", 2200.0), "nina": ("B", 1000.0)}
    with engine.connect() as conn:
        assert sorted(conn.execute(select(ProspectSpan.organisation_id, ProspectSpan.since)).all()) == sorted(spans)
        assert conn.execute(select(OpportunityStatus.probability).where(OpportunityStatus.status == "New")
                            ).scalar_one() == 20
    assert audit_rows(engine, "setting") == [(ADMIN.id, "opportunity_statuses.New.probability", "5.0 -> 20.0")]
    assert [s.probability for s in business_settings(engine, ADMIN).statuses][:1] == [20.0]


@pytest.mark.parametrize(("given", "problems"), [
    ({"New": 101}, [Problem.PROBABILITY_OUT_OF_RANGE]),
    ({"New": -0.5, "Won": 100}, [Problem.PROBABILITY_OUT_OF_RANGE]),
    ({"Vielleicht": 30}, [Problem.UNKNOWN_STATUS]),
    ({"New": [5]}, [Problem.NOT_A_NUMBER]),
])
def test_probabilities_outside_0_to_100_are_refused(engine: Engine, given: dict[str, Any],
                                                     problems: list[Problem]) -> None:
    with pytest.raises(SettingsRejected) as refused:
        save_probabilities(engine, ADMIN, given)
    assert [r.problem for r in refused.value.rejections] == problems
    with engine.connect() as conn:
        assert conn.execute(select(OpportunityStatus.probability).where(OpportunityStatus.status == "New")
                            ).scalar_one() == 5
    assert audit_rows(engine, "setting") == []


# --- retention period -------------------------------------------------------------------------------------------


def test_the_retention_period_decides_who_is_due(engine: Engine) -> None:
    """Retention (spec): a contact whose last trace lies before D minus the period is due; 24 months keep a contact
    created 20 months ago, 12 months make it due."""
    from datetime import timedelta

    created = date.today() - timedelta(days=540)  # about 18 months ago
    seed(engine, {"organisations": [{"id": "o1", "name": "Org"}],
                  "contacts": [{"id": "c1", "organisation_id": "o1", "first_name": "Ria", "last_name": "Alt",
                                "created_at": f"{created.isoformat()}T09:00:00"}]})
    assert [p.contact_id for p in due_overview(engine, ADMIN).people] == []
    result = save_retention(engine, ADMIN, 12)
    assert [(c.key, c.old, c.new) for c in result.changes] == [("retention_months", 24, 12)]
    overview = due_overview(engine, ADMIN)
    assert [(p.contact_id, p.name, p.organisation_name) for p in overview.people] == [("c1", "Ria Alt", "Org")]
    assert audit_rows(engine, "setting") == [(ADMIN.id, "retention_months", "24 -> 12")]


@pytest.mark.parametrize("months", [0, -3, 1201, 6.5, "24", None])
def test_retention_periods_out_of_range_are_refused(engine: Engine, months: object) -> None:
    with pytest.raises(SettingsRejected):
        save_retention(engine, ADMIN, months)
    assert config_rows(engine) == []


# --- permissions ------------------------------------------------------------------------------------------------


def test_the_matrix_and_scopes_in_one_save_audited_with_old_and_new(engine: Engine) -> None:
    """Security (spec): an admin changes the matrix; sales gets billing edit, support loses activities edit, sales
    sees its own accounts only; the audit names each cell old -> new."""
    try:
        result = save_permissions(engine, ADMIN, {"sales billing": "edit", "support activities": "read",
                                                  "admin master_data": "edit"}, {"sales": "own_accounts"})
        assert {(c.key, c.old, c.new) for c in result.changes} == {
            ("sales billing", "read", "edit"), ("support activities", "edit", "read"),
            ("sales", "all", "own_accounts")}
        found = permission_settings(engine, ADMIN)
        assert found.levels[(Role.SALES, Area.BILLING)] is Level.EDIT
        assert found.scopes[Role.SALES] is Scope.OWN_ACCOUNTS
        assert audit_rows(engine, "permission") == [(ADMIN.id, "sales billing", "read -> edit"),
                                                    (ADMIN.id, "support activities", "edit -> read")]
        assert audit_rows(engine, "scope") == [(ADMIN.id, "sales", "all -> own_accounts")]
    finally:  # PostgreSQL keeps the matrix between tests
        save_permissions(engine, ADMIN, {"sales billing": "read", "support activities": "edit"}, {"sales": "all"})


@pytest.mark.parametrize(("levels", "scopes", "problem"), [
    ({"admin administration": "read"}, {}, Problem.ADMIN_KEEPS_ADMINISTRATION),
    ({"system billing": "edit"}, {}, Problem.UNKNOWN_CELL),
    ({"sales pizza": "edit"}, {}, Problem.UNKNOWN_CELL),
    ({"sales billing": "write"}, {}, Problem.UNKNOWN_CELL),
    ({}, {"external": "all"}, Problem.FIXED_SCOPE),
    ({}, {"sales": "some"}, Problem.UNKNOWN_CELL),
])
def test_matrix_refusals(engine: Engine, levels: dict[str, Any], scopes: dict[str, Any], problem: Problem) -> None:
    with engine.connect() as conn:
        before = sorted(tuple(r) for r in conn.execute(select(Permission.role, Permission.area, Permission.level)))
    with pytest.raises(SettingsRejected) as refused:
        save_permissions(engine, ADMIN, levels, scopes)
    assert [r.problem for r in refused.value.rejections] == [problem]
    with engine.connect() as conn:
        after = sorted(tuple(r) for r in conn.execute(select(Permission.role, Permission.area, Permission.level)))
        assert conn.execute(select(func.count()).select_from(RoleScope).where(RoleScope.scope != "all")
                            ).scalar_one() == 0
    assert after == before


# --- users ------------------------------------------------------------------------------------------------------


def _admin_user(engine: Engine, name: str = "ada") -> CurrentUser:
    add_test_account(engine, name, Role.ADMIN)
    return CurrentUser(id=name, role=Role.ADMIN)


def test_roles_and_sign_in_of_other_accounts(engine: Engine) -> None:
    """Users (issue 20): an admin changes another account's role and disables and enables it (audited); not their
    own account, not the last active admin, and an internal account does not become external."""
    seed(engine, {"agents": [{"id": "ag1", "name": "Anna Agent"}]})
    ada = _admin_user(engine)
    add_test_account(engine, "anna", Role.SALES, agent_id="ag1")
    assert set_user_role(engine, ada, "anna", "accounting").changes[0].new == "accounting"
    assert set_user_role(engine, ada, "anna", "accounting").changes == ()
    assert set_user_active(engine, ada, "anna", False).changes[0].new is False
    with engine.connect() as conn:
        assert conn.execute(select(User.role, User.active).where(User.name == "anna")).one() == ("accounting", False)
    set_user_active(engine, ada, "anna", True)
    assert audit_rows(engine, "user_role") == [("ada", "anna", "sales -> accounting")]
    assert [s for _w, s, _y in audit_rows(engine, "user_disabled")] == ["anna"]

    for call, problem in [
        (lambda: set_user_active(engine, ada, "ada", False), Problem.OWN_ACCOUNT),
        (lambda: set_user_role(engine, ada, "ada", "sales"), Problem.OWN_ACCOUNT),
        (lambda: set_user_role(engine, ada, "anna", "external"), Problem.ROLE_LINK),
        (lambda: set_user_role(engine, ada, "nobody", "sales"), Problem.UNKNOWN_USER),
        (lambda: set_user_role(engine, CurrentUser("cli-admin", Role.ADMIN), "ada", "sales"), Problem.LAST_ADMIN),
    ]:
        with pytest.raises(SettingsRejected) as refused:
            call()
        assert [r.problem for r in refused.value.rejections] == [problem]


def test_adding_an_account_names_every_problem_first(engine: Engine, fast_hashing: None) -> None:
    seed(engine, {"agents": [{"id": "ag1", "name": "Anna Agent"}]})
    ada = _admin_user(engine)
    with pytest.raises(SettingsRejected) as refused:
        add_account(engine, ada, " ", "external", "kurz", agent_id="ag1", contact_id=None)
    assert [r.problem for r in refused.value.rejections] == [Problem.NAME_INVALID, Problem.PASSWORD_LENGTH,
                                                             Problem.ROLE_LINK]
    with pytest.raises(SettingsRejected) as refused:
        add_account(engine, ada, "ada", "sales", "x" * 12, agent_id="ag9")
    assert [r.problem for r in refused.value.rejections] == [Problem.USER_EXISTS, Problem.UNKNOWN_AGENT]
    info = add_account(engine, ada, "bert", "sales", "ein-langes-passwort", agent_id="ag1", locale="en")
    assert (info.name, info.role, info.agent_id, info.locale) == ("bert", Role.SALES, "ag1", "en")
    assert [u.name for u in user_settings(engine, ada).users] == ["ada", "bert"]
    assert audit_rows(engine, "user_added") == [("ada", "bert", "role sales")]


# --- refusals for every other role ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHERS)
def test_every_other_role_is_refused_and_audited(engine: Engine, role: Role) -> None:
    """Security (spec): administration is the admin's alone: each save and each read of the settings is refused for
    every other role, leaves an audit entry naming the user, and changes nothing."""
    seed(engine, org_list_data())
    who = CurrentUser(id=f"someone-{role.value}", role=role, contact_id="c1" if role is Role.EXTERNAL else None,
                      organisation_id="o01" if role is Role.EXTERNAL else None)
    saves = [
        lambda: save_abc(engine, who, MODELS, {"invoices": 60}, SHARES),
        lambda: save_rating_weights(engine, who, {"time": 1, "quality": 1, "cost": 2}),
        lambda: save_probabilities(engine, who, {"New": 50}),
        lambda: save_retention(engine, who, 1),
        lambda: save_permissions(engine, who, {f"{role.value} administration": "edit"}, {}),
        lambda: set_user_role(engine, who, "test", "admin"),
        lambda: set_user_active(engine, who, "test", False),
        lambda: add_account(engine, who, "mallory", "admin", "x" * 20, agent_id=None),
        lambda: business_settings(engine, who),
        lambda: permission_settings(engine, who),
        lambda: user_settings(engine, who),
    ]
    for call in saves:
        with pytest.raises(Forbidden):
            call()
    denied = [w for w, _s, _y in audit_rows(engine, "denied")]
    assert denied == [who.id] * len(saves)
    assert config_rows(engine) == [] and audit_rows(engine, "setting") == []
    with engine.connect() as conn:
        assert conn.execute(select(Permission.level).where(Permission.role == role.value,
                                                           Permission.area == "administration")).scalar() == "none"
        assert conn.execute(select(func.count()).select_from(User)).scalar_one() == 0
