"""Explain one organisation's letter: metric, rank, n, thresholds of A and B, and the documents behind the metric."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import Engine

from analytics.abc import explain
from tests.analytics.abc.rows import days, incoming, invoice, org, rating
from tests.support import seed

D = date(2025, 6, 30)


def test_explain_invoices_with_thresholds_and_documents(engine: Engine) -> None:
    """ABC explain: metric, rank, n, the lowest metric still A / B at D, and the invoices making up the metric."""
    seed(engine, {
        "organisations": [org(x) for x in "abcdeq"],
        "invoices": [invoice("a1", "a", days(D, -1), 500), invoice("c1", "c", days(D, -1), 300),
                     invoice("d1", "d", days(D, -1), 200), invoice("e1", "e", days(D, -1), 100),
                     invoice("b1", "b", days(D, -364), 450), invoice("b2", "b", days(D, -5), -50),
                     invoice("b3", "b", days(D, -4), 999, "cancelled"), invoice("b0", "b", days(D, -365), 7),
                     invoice("q1", "q", "2020-01-01", 1)],
    })
    with engine.connect() as conn:
        got = explain(conn, "b", "customer", D)
        quiet = explain(conn, "q", "customer", D)
    assert (got.model, got.metric, got.rank, got.n, got.letter) == ("invoices", 400.0, 2, 5, "B")
    assert (got.threshold_a, got.threshold_b) == (500.0, 200.0)
    assert [(d.id, d.date, d.amount) for d in got.documents] == [("b1", days_date(-364), 450.0),
                                                                   ("b2", days_date(-5), -50.0)]
    assert got.window is not None and got.window.first == days_date(-364)
    assert quiet.holds and not quiet.movement and quiet.letter is None and quiet.documents == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.metric = 1.0  # type: ignore[misc]


def days_date(n: int) -> date:
    return date.fromisoformat(days(D, n))


def test_explain_ratings_lists_each_rating_score(engine: Engine) -> None:
    """ABC explain: for the ratings model the documents are the ratings in the window with their weighted score."""
    seed(engine, {
        "organisations": [org("s")],
        "incoming_invoices": [incoming("n1", "s", "2024-01-01", 1)],
        "supplier_ratings": [rating("s", days(D, -3), 5, 4, 3), rating("s", days(D, -200), 1, 1, 1)],
    })
    with engine.connect() as conn:
        got = explain(conn, "s", "supplier", D)
    assert (got.metric, got.letter, got.threshold_a, got.threshold_b) == (4.0, "A", 4.0, None)
    assert [(d.kind, d.amount) for d in got.documents] == [("rating", 4.0)]
