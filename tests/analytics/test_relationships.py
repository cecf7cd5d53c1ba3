"""Relationships at a date D (spec/analytics.md, "Relationships")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, select

from analytics.relationships import ROLES, holders, relationships
from core.schema import metadata
from core.schema.admin import OpportunityLatestStatus
from tests.analytics.abc.rows import change, days, incoming, invoice, opportunity, order, org, project, quote
from tests.support import seed

D = date(2025, 6, 30)


def roles_at(engine: Engine, as_of: date) -> dict[str, set[str]]:
    with engine.connect() as conn:
        frame = relationships(conn, as_of)
    assert frame["organisation_id"].is_unique
    return {oid: {r for r in ("prospect", "customer", "supplier") if row[r]}
            for oid, row in frame.set_index("organisation_id").iterrows()}


def test_customer_from_invoice_or_customer_project(engine: Engine) -> None:
    """Relationships: customer = non-cancelled outgoing invoice dated <= D or `customer` project started <= D."""
    seed(engine, {
        "organisations": [org(x) for x in ("on_d", "after_d", "cancelled", "proj", "proj_later", "internal", "old")],
        "invoices": [invoice("i1", "on_d", D.isoformat(), 10), invoice("i2", "after_d", days(D, 1), 10),
                     invoice("i3", "cancelled", days(D, -10), 10, status="cancelled"),
                     invoice("i4", "old", "2015-01-02", 10)],
        "projects": [project("p1", "proj", "customer", D.isoformat()),
                     project("p2", "proj_later", "customer", days(D, 1), status="planned"),
                     project("p3", "internal", "internal", "2020-01-01")],
    })
    roles = roles_at(engine, D)
    assert {o for o, r in roles.items() if "customer" in r} == {"on_d", "proj", "old"}
    assert "customer" in roles_at(engine, date(2025, 7, 1))["after_d"]


def test_supplier_from_incoming_invoice_order_or_contractor_project(engine: Engine) -> None:
    """Relationships: supplier = non-cancelled incoming invoice / purchase order (null status counts) or contractor."""
    seed(engine, {
        "organisations": [org(x) for x in ("inc", "inc_null", "inc_cancelled", "po_null", "po_cancelled", "contr",
                                           "customer_proj")],
        "incoming_invoices": [incoming("n1", "inc", D.isoformat(), 5),
                              incoming("n2", "inc_null", "2024-01-01", 5, None),
                              incoming("n3", "inc_cancelled", "2024-01-01", 5, "cancelled")],
        "purchase_orders": [order("po1", "po_null", "2024-01-01", None),
                            order("po2", "po_cancelled", "2024-01-01", "cancelled")],
        "projects": [project("p1", "contr", "contractor", "2024-01-01"),
                     project("p2", "customer_proj", "customer", "2024-01-01")],
    })
    roles = roles_at(engine, D)
    assert {o for o, r in roles.items() if "supplier" in r} == {"inc", "inc_null", "po_null", "contr"}
    assert roles["customer_proj"] == {"customer"}


def test_prospect_needs_an_open_quote_at_d(engine: Engine) -> None:
    """Relationships: an open quote at D makes a prospect; an old, expired, decided or future quote does not."""
    seed(engine, {
        "organisations": [org(x) for x in ("open", "valid_on_d", "expired", "decided", "decided_later", "future",
                                           "old")],
        "quotes": [
            quote("q1", "open", days(D, -100), 10),
            quote("q2", "valid_on_d", days(D, -10), 10, valid_until=D.isoformat()),
            quote("q3", "expired", days(D, -10), 10, valid_until=days(D, -1)),
            quote("q4", "decided", days(D, -10), 10, status="rejected", decided_at=D.isoformat()),
            quote("q5", "decided_later", days(D, -10), 10, status="accepted", decided_at=days(D, 1)),
            quote("q6", "future", days(D, 1), 10),
            quote("q7", "old", "2019-01-01", 10, status="open", valid_until="2019-02-01"),
        ],
    })
    roles = roles_at(engine, D)
    assert {o for o, r in roles.items() if "prospect" in r} == {"open", "valid_on_d", "decided_later"}
    assert roles["old"] == set()


def test_customer_with_open_quote_is_not_a_prospect(engine: Engine) -> None:
    """Relationships: a prospect is not a customer at D; once a customer, always a customer."""
    seed(engine, {
        "organisations": [org("c")],
        "invoices": [invoice("i1", "c", "2020-05-05", 100)],
        "quotes": [quote("q1", "c", days(D, -5), 10)],
    })
    assert roles_at(engine, D)["c"] == {"customer"}
    assert roles_at(engine, date(2020, 5, 4))["c"] == set()


def test_prospect_from_open_opportunity_by_latest_status(engine: Engine) -> None:
    """Relationships: an opportunity created <= D, not closed by D, latest status on or before D not won/rejected."""
    seed(engine, {
        "organisations": [org(x) for x in ("new", "won", "rejected_on_d", "closed", "future", "no_status")],
        "opportunities": [opportunity("o1", "new", "2025-01-01", 1000), opportunity("o2", "won", "2025-01-01", 1000),
                          opportunity("o3", "rejected_on_d", "2025-01-01", 1000),
                          opportunity("o4", "closed", "2025-01-01", 1000, closed=D.isoformat()),
                          opportunity("o5", "future", days(D, 1), 1000),
                          opportunity("o6", "no_status", "2025-01-01", 1000)],
        "opportunity_status_changes": [
            change("o1", "2025-01-01T09:00:00", "New"), change("o1", f"{days(D, 1)}T00:00:00", "Won"),
            change("o2", "2025-01-01T09:00:00", "New"), change("o2", "2025-03-01T09:00:00", "Won"),
            change("o3", "2025-01-01T09:00:00", "New"), change("o3", f"{D.isoformat()}T23:59:59", "Rejected"),
            change("o4", "2025-01-01T09:00:00", "Negotiation"),
            change("o5", "2025-01-01T09:00:00", "New"),
        ],
    })
    roles = roles_at(engine, D)
    assert {o for o, r in roles.items() if "prospect" in r} == {"new", "no_status"}
    assert "prospect" in roles_at(engine, date(2025, 6, 29))["rejected_on_d"]
    assert "prospect" in roles_at(engine, date(2025, 6, 29))["closed"]


def test_latest_status_is_maintained_and_the_history_answers_without_it(engine: Engine) -> None:
    """Relationships: the maintained latest status per opportunity (refreshed by every import) gives the same
    prospects as reading the status history, at D after the last change and at D before it."""
    seed(engine, {
        "organisations": [org(x) for x in ("open", "rejected")],
        "opportunities": [opportunity("o1", "open", "2025-01-01", 1000),
                          opportunity("o2", "rejected", "2025-01-01", 1000)],
        "opportunity_status_changes": [
            change("o1", "2025-01-01T09:00:00", "New"), change("o1", "2025-05-01T09:00:00", "Negotiation"),
            change("o2", "2025-01-01T09:00:00", "New"), change("o2", "2025-05-01T09:00:00", "Rejected"),
        ],
    })
    with engine.connect() as conn:
        rows = conn.execute(select(OpportunityLatestStatus.opportunity_id, OpportunityLatestStatus.status)).all()
    maintained = {opportunity_id: status for opportunity_id, status in rows}
    assert maintained == {"o1": "Negotiation", "o2": "Rejected"}

    def prospects(as_of: date) -> set[str]:
        return {o for o, r in roles_at(engine, as_of).items() if "prospect" in r}

    expected = {D: {"open"}, date(2025, 4, 30): {"open", "rejected"}}
    assert {d: prospects(d) for d in expected} == expected
    with engine.begin() as conn:  # without the maintained rows every opportunity reads its history
        conn.execute(delete(OpportunityLatestStatus))
    assert {d: prospects(d) for d in expected} == expected


def test_fixed_mode_roles_are_exactly_fixed_roles(engine: Engine) -> None:
    """Relationships: with relationship_mode = fixed the roles are exactly fixed_roles, for good."""
    seed(engine, {
        "organisations": [org("f1", mode="fixed", fixed_roles="supplier"),
                          org("f2", mode="fixed", fixed_roles="Prospect; customer"),
                          org("f3", mode="fixed", fixed_roles=None)],
        "invoices": [invoice("i1", "f1", "2024-01-01", 10)],
        "quotes": [quote("q1", "f3", days(D, -1), 10)],
    })
    for as_of in (date(2000, 1, 1), D):
        roles = roles_at(engine, as_of)
        assert roles == {"f1": {"supplier"}, "f2": {"prospect", "customer"}, "f3": set()}


STATUSES = ("New", "Negotiation", "Won", "Rejected", "Unknown status")
OUTCOME = {"Won": "won", "Rejected": "rejected"}


def random_company(rng: np.random.Generator, n_orgs: int, n_rows: int) -> dict[str, list[dict]]:
    """Organisations (some fixed) with random documents around D: every kind that decides a role."""
    ids = [f"o{i:02d}" for i in range(n_orgs)]

    def pick() -> str:
        return ids[int(rng.integers(0, n_orgs))]

    def day() -> str:
        return days(D, int(rng.integers(-40, 15)))

    def maybe(value: str) -> str | None:
        return value if rng.random() < 0.5 else None

    fixed = ("customer", "Supplier; prospect", "", None)
    orgs = [org(o, mode="fixed", fixed_roles=fixed[int(rng.integers(0, 4))]) if rng.random() < 0.15 else org(o)
            for o in ids]
    status = ("paid", "open", "cancelled")
    opps = [opportunity(f"op{i}", pick(), day(), 100, closed=maybe(day())) for i in range(n_rows)]
    return {
        "organisations": orgs,
        "invoices": [invoice(f"i{i}", pick(), day(), 10, status=status[int(rng.integers(0, 3))])
                     for i in range(n_rows)],
        "incoming_invoices": [incoming(f"n{i}", pick(), day(), 5, (*status, None)[int(rng.integers(0, 4))])
                              for i in range(n_rows)],
        "purchase_orders": [order(f"po{i}", pick(), day(), (*status, None)[int(rng.integers(0, 4))])
                            for i in range(n_rows)],
        "projects": [project(f"p{i}", pick(), ("customer", "contractor", "internal")[int(rng.integers(0, 3))],
                             maybe(day())) for i in range(n_rows)],
        "quotes": [quote(f"q{i}", pick(), day(), 10, status=("open", "rejected", "accepted")[int(rng.integers(0, 3))],
                         valid_until=maybe(day()), decided_at=maybe(day())) for i in range(n_rows)],
        "opportunities": opps,
        "opportunity_status_changes": list({  # (opportunity, changed_at, status) is the key: no duplicates
            (c["opportunity_id"], c["changed_at"], c["status"]): c for c in (
                change(o["id"], f"{day()}T{int(rng.integers(0, 24)):02d}:00:00", STATUSES[int(rng.integers(0, 5))])
                for o in opps for _ in range(int(rng.integers(0, 3))))
        }.values()),
    }


def probed_roles(tables: dict[str, list[dict]], as_of: date) -> dict[str, set[str]]:
    """The spec's rules, organisation by organisation, probing the raw rows (the reference)."""
    d = as_of.isoformat()

    def has(table: str, day: str, ok: Callable[[dict], bool], oid: str) -> bool:
        return any(r["organisation_id"] == oid and r[day] is not None and r[day] <= d and ok(r)
                   for r in tables[table])

    def latest_outcome(opp_id: str) -> str:
        changes = sorted((c["changed_at"], c["status"]) for c in tables["opportunity_status_changes"]
                         if c["opportunity_id"] == opp_id and c["changed_at"][:10] <= d)
        return OUTCOME.get(changes[-1][1], "open") if changes else "open"

    out: dict[str, set[str]] = {}
    for o in tables["organisations"]:
        oid = o["id"]
        if o["relationship_mode"] == "fixed":
            out[oid] = {r.strip().lower() for r in (o["fixed_roles"] or "").split(";")} & set(ROLES)
            continue
        customer = (has("invoices", "invoice_date", lambda r: r["status"] != "cancelled", oid)
                    or has("projects", "start_date", lambda r: r["kind"] == "customer", oid))
        supplier = (has("incoming_invoices", "invoice_date", lambda r: r["status"] != "cancelled", oid)
                    or has("purchase_orders", "order_date", lambda r: r["status"] != "cancelled", oid)
                    or has("projects", "start_date", lambda r: r["kind"] == "contractor", oid))
        open_quote = has("quotes", "quote_date", lambda r: (r["decided_at"] is None or r["decided_at"] > d)
                         and (r["valid_until"] is None or r["valid_until"] >= d), oid)
        open_opp = has("opportunities", "created_at", lambda r: (r["closed_at"] is None or r["closed_at"] > d)
                       and latest_outcome(r["id"]) == "open", oid)
        held = {"customer": customer, "supplier": supplier, "prospect": not customer and (open_quote or open_opp)}
        out[oid] = {role for role, yes in held.items() if yes}
    return out


def test_relationships_agree_with_a_probing_reference_on_random_data(engine: Engine) -> None:
    """Relationships: the set-based roles (starts table, prospect spans) and the holders of each role equal
    the rules probed row by row, on every day around the documents' dates (where cases open and close)."""
    tables_in_order = [t for t in reversed(metadata.sorted_tables) if t.name not in ("opportunity_statuses",
                                                                                      "alembic_version")]

    @settings(max_examples=12, deadline=None)
    @given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(1, 12), st.integers(0, 25),
           st.integers(-20, 10))
    def check(seed_value: int, n_orgs: int, n_rows: int, shift: int) -> None:
        with engine.begin() as conn:
            for table in tables_in_order:
                conn.execute(delete(table))
        tables = random_company(np.random.default_rng(seed_value), n_orgs, n_rows)
        seed(engine, tables)
        # the documents fall on D-40 ... D+14: every day from before the first to after the last
        for offset in range(-42, 17):
            as_of = D + timedelta(days=offset)
            expected = probed_roles(tables, as_of)
            if offset % 7 == shift % 7:
                assert roles_at(engine, as_of) == expected, as_of
            with engine.connect() as conn:  # the holders the ABC classification ranks: their own query
                for role in ROLES:
                    held = conn.execute(holders(role, as_of)).scalars().all()
                    assert sorted(held) == sorted(o for o, roles in expected.items() if role in roles), (role, as_of)

    check()
