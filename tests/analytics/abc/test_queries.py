"""The rating models and their windows (spec/analytics.md, "ABC classification", models table)."""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import Engine, select

from analytics.abc.queries import Rollup, model_query
from core.businessconfig import AbcConfig, BusinessConfig, RatingWeights, save_config
from core.schema import Organisation
from tests.analytics.abc.rows import (
    change,
    classified,
    days,
    entry,
    incoming,
    invoice,
    opportunity,
    org,
    project,
    quote,
    rating,
)
from tests.analytics.test_relationships import random_company
from tests.support import seed

D = date(2025, 6, 30)


def classes(engine: Engine, aspect: str, model: str | None = None, as_of: date = D) -> dict[str, tuple]:
    """organisation_id -> (class or '', metric or None) for every holder."""
    return classified(engine, aspect, as_of, model)


def test_invoices_window_edges_cancelled_and_credit_notes(engine: Engine) -> None:
    """ABC invoices: 365 days up to D (D-364 counts, D-365 not), cancelled ignored, a credit note reduces."""
    seed(engine, {
        "organisations": [org(x) for x in ("edge_in", "edge_out", "cancel", "credit", "only_credit", "after")],
        "invoices": [
            invoice("i1", "edge_in", days(D, -364), 100), invoice("i2", "edge_out", days(D, -365), 1000),
            invoice("i3", "cancel", D.isoformat(), 50), invoice("i4", "cancel", D.isoformat(), 900, "cancelled"),
            invoice("i5", "credit", days(D, -3), 300), invoice("i6", "credit", days(D, -2), -120, "open"),
            invoice("i7", "only_credit", days(D, -1), -10), invoice("i8", "after", days(D, 1), 10_000),
        ],
    })
    got = classes(engine, "customer")
    assert got == {"credit": ("A", 180.0), "edge_in": ("B", 100.0), "cancel": ("B", 50.0),
                   "only_credit": ("B", -10.0), "edge_out": ("", None)}


def test_project_hours_by_organisation_or_project(engine: Engine) -> None:
    """ABC project_hours: hours logged at the organisation (directly or on its project) in the 365 days."""
    seed(engine, {
        "organisations": [org("a"), org("b"), org("c")],
        "projects": [project("p1", "b", "customer", "2024-01-01"), project("p2", "a", "customer", "2024-01-01"),
                     project("p3", "c", "customer", "2024-01-01")],
        "time_entries": [entry("t1", D.isoformat(), 2.5, org_id="a"), entry("t2", days(D, -364), 4, project_id="b"),
                         entry("t3", days(D, -365), 40, org_id="c"), entry("t4", days(D, -1), 1, project_id="p1")],
    })
    # t2's project id "b" matches no project; p1 belongs to b
    got = classes(engine, "customer", "project_hours")
    assert got == {"a": ("A", 2.5), "b": ("B", 1.0), "c": ("", None)}


def test_revenue_potential_needs_a_positive_value(engine: Engine) -> None:
    """ABC revenue_potential: the organisation's revenue_potential; movement = value > 0."""
    seed(engine, {
        "organisations": [org("a", potential=5000), org("b", potential=0), org("c", potential=None),
                          org("d", potential=100)],
        "invoices": [invoice(f"i{x}", x, "2020-01-01", 1) for x in "abcd"],
    })
    assert classes(engine, "customer", "revenue_potential") == {
        "a": ("A", 5000.0), "b": ("", None), "c": ("", None), "d": ("B", 100.0)}


def test_quotes_window_and_rejections(engine: Engine) -> None:
    """ABC quotes: quotes dated in the 60 days up to D and not rejected on or before D."""
    seed(engine, {
        "organisations": [org(x) for x in ("edge", "outside", "rejected", "rejected_later", "accepted")],
        "quotes": [
            quote("q1", "edge", days(D, -59), 100),
            quote("q2", "outside", days(D, -60), 1000),
            quote("q2b", "outside", days(D, -30), 10, valid_until=days(D, -1)),
            quote("q3", "rejected", days(D, -5), 500, status="rejected", decided_at=D.isoformat()),
            quote("q3b", "rejected", days(D, -5), 20),
            quote("q4", "rejected_later", days(D, -5), 300, status="rejected", decided_at=days(D, 1)),
            quote("q5", "accepted", days(D, -5), 200, status="accepted", decided_at=days(D, 3)),
        ],
    })
    # "outside" is a prospect through q2 (undecided, no valid_until); only q2b lies in the window
    assert classes(engine, "prospect") == {"rejected_later": ("A", 300.0), "accepted": ("B", 200.0),
                                           "edge": ("B", 100.0), "rejected": ("B", 20.0), "outside": ("C", 10.0)}


def test_opportunities_value_uses_the_latest_status_probability(engine: Engine) -> None:
    """ABC opportunities: sum of target_value x probability of the latest status on or before D (own overrides)."""
    seed(engine, {
        "organisations": [org("a"), org("b"), org("c", potential=400)],
        "opportunities": [opportunity("o1", "a", "2025-01-01", 10_000), opportunity("o2", "a", "2025-02-01", 1000),
                          opportunity("o3", "b", "2025-01-01", 2000), opportunity("o4", "c", "2025-01-01", 100)],
        "opportunity_status_changes": [
            change("o1", "2025-01-01T08:00:00", "New"), change("o1", "2025-06-30T18:00:00", "Negotiation"),
            change("o1", "2025-07-01T00:00:00", "Won"),
            change("o2", "2025-02-01T08:00:00", "Standard quote", 30),
            change("o3", "2025-01-01T08:00:00", "Negotiation", 5), change("o4", "2025-01-01T08:00:00", "New"),
        ],
    })
    assert classes(engine, "prospect", "opportunities") == {"a": ("A", 5300.0), "b": ("B", 100.0), "c": ("B", 5.0)}
    assert classes(engine, "prospect", "potential_and_opportunities") == {
        "a": ("A", 5300.0), "c": ("B", 405.0), "b": ("B", 100.0)}
    assert classes(engine, "prospect", "revenue_potential") == {"a": ("", None), "b": ("", None), "c": ("A", 400.0)}


def test_ratings_weighted_mean_in_90_days(engine: Engine) -> None:
    """ABC ratings: weighted mean of the averages of time, quality, cost over ratings in the 90 days up to D."""
    seed(engine, {
        "organisations": [org("a"), org("b"), org("c")],
        "incoming_invoices": [incoming(f"n{x}", x, "2020-01-01", 1) for x in "abc"],
        "supplier_ratings": [rating("a", days(D, -89), 5, 1, 3), rating("a", D.isoformat(), 3, 3, 3),
                             rating("b", days(D, -10), 2, 5, 5), rating("c", days(D, -90), 5, 5, 5)],
    })
    got = classes(engine, "supplier")
    assert got["c"] == ("", None)
    assert got["a"][1] == 3.0 and got["b"][1] == 4.0
    with engine.begin() as conn:
        save_config(conn, BusinessConfig(abc=AbcConfig(rating_weights=RatingWeights(time=2, quality=1, cost=1))))
    got = classes(engine, "supplier")
    assert got["a"][1] == 3.25 and got["b"][1] == 3.5
    assert (got["b"][0], got["a"][0]) == ("A", "B")


def test_incoming_invoices_without_cancelled(engine: Engine) -> None:
    """ABC incoming_invoices: sum of non-cancelled incoming invoices in the 365 days (empty status counts)."""
    seed(engine, {
        "organisations": [org("a"), org("b")],
        "incoming_invoices": [incoming("n1", "a", D.isoformat(), 100, None), incoming("n2", "a", D.isoformat(), 900,
                                                                                      "cancelled"),
                              incoming("n3", "b", days(D, -364), 200)],
    })
    assert classes(engine, "supplier", "incoming_invoices") == {"b": ("A", 200.0), "a": ("B", 100.0)}


def test_only_holders_are_classified(engine: Engine) -> None:
    """ABC: only organisations holding the relationship at D are classified (a customer's quote counts nowhere)."""
    seed(engine, {
        "organisations": [org("cust"), org("pros"), org("sup", mode="fixed", fixed_roles="supplier")],
        "invoices": [invoice("i1", "cust", "2025-01-01", 10), invoice("i2", "sup", "2025-01-01", 99)],
        "quotes": [quote("q1", "cust", days(D, -1), 1000), quote("q2", "pros", days(D, -1), 10)],
    })
    assert set(classes(engine, "customer")) == {"cust"}
    assert classes(engine, "prospect") == {"pros": ("A", 10.0)}
    assert classes(engine, "supplier", "incoming_invoices") == {"sup": ("", None)}


def test_classification_is_reproducible_as_of_d(engine: Engine) -> None:
    """ABC: every figure is as of D, so facts dated after D do not change the classes at D."""
    base = {"organisations": [org(x) for x in "abcde"],
            "invoices": [invoice(f"i{x}", x, "2025-03-01", m) for x, m in zip("abcde", (5, 4, 3, 2, 1), strict=True)]}
    seed(engine, base)
    before = classes(engine, "customer")
    seed(engine, {"organisations": [org("f")],
                  "invoices": [invoice("late1", "e", "2025-07-01", 100), invoice("late2", "f", "2025-07-02", 50)]})
    assert classes(engine, "customer") == before
    assert classes(engine, "customer", as_of=date(2025, 7, 2))["e"] == ("A", 101.0)


def test_a_rollup_looked_up_per_organisation_equals_its_grouped_aggregate(engine: Engine) -> None:
    """ABC models that are one aggregate of one fact table (incoming invoices, quotes, ratings): the
    metric looked up organisation by organisation (`Rollup.of`, how the classification reads the incoming
    invoices) equals the grouped aggregate, and is NULL exactly for the organisations without movement."""
    tables = random_company(np.random.default_rng(7), 12, 40)
    rng = np.random.default_rng(8)
    tables["supplier_ratings"] = [rating(o["id"], days(D, -int(rng.integers(0, 120))), *rng.integers(1, 6, 3))
                                  for o in tables["organisations"][:8] for _ in range(2)]
    seed(engine, tables)
    config = AbcConfig()
    checked = 0
    for aspect, model in (("supplier", "incoming_invoices"), ("prospect", "quotes"), ("supplier", "ratings")):
        query = model_query(aspect, model, config)
        rollup = query.aggregate(D, config)
        assert isinstance(rollup, Rollup)
        with engine.connect() as conn:
            grouped = {o: (round(float(m), 6), bool(moved)) for o, m, moved in conn.execute(rollup.grouped()).all()}
            looked_up = {o: m for o, m in conn.execute(select(Organisation.id, rollup.of(Organisation.id))).all()}
        assert grouped, model  # the random company has rows in every window
        assert {o: round(float(m), 6) for o, m in looked_up.items() if m is not None} == {
            o: m for o, (m, _) in grouped.items()}, model
        assert all(moved for _, moved in grouped.values())
        checked += 1
    assert checked == 3
