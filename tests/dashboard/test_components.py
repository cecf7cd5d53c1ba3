"""Dashboard pieces without a database: formats, the ABC page state from the URL, movement counts."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.vocabulary import MODELS, Aspect
from dashboard.components.abc import PageState, metric_text, model_labels, offered_aspects, valid_model
from dashboard.components.abc_movements import transition_counts
from dashboard.components.format import fixed, money, record_href
from dashboard.context import previous_quarter_end


def test_money_and_scores_have_two_decimals() -> None:
    """ABC page (task brief): money as de-DE euros with two decimals, ratings with two decimals, hours in h."""
    assert money(641328.6) == "641.328,60\xa0€"
    assert metric_text("invoices", 641328.6) == "641.328,60\xa0€"
    assert metric_text("ratings", 3.5) == "3,50" and fixed(1234.567) == "1.234,57"
    assert metric_text("project_hours", 12.5) == "12,50\xa0h"
    assert metric_text("ratings", None) == "–"


def test_every_model_has_a_label_and_belongs_to_its_aspect() -> None:
    """ABC models (spec/analytics.md table): every configured model is offered, each only for its relationship."""
    assert set(model_labels()) == {m for models in MODELS.values() for m in models}
    assert valid_model("prospect", "quotes") == "quotes" and valid_model("customer", "quotes") is None


@pytest.mark.parametrize(("query", "expected"), [
    ({}, PageState()),
    ({"aspect": "supplier", "model": "ratings", "view": "movements", "before": "2026-03-31", "after": "2026-09-30"},
     PageState("supplier", "ratings", "movements", "2026-03-31", "2026-09-30")),
    ({"aspect": "nobody", "model": "ratings", "view": "x", "before": "31.03.2026"}, PageState()),
    ({"aspect": "customer", "model": "ratings"}, PageState("customer", None)),
])
def test_page_state_comes_from_the_query_string(query: dict[str, str], expected: PageState) -> None:
    """ABC page state in the URL (task brief): known values are kept, anything else falls back to the default."""
    assert PageState.from_query(query) == expected


def test_the_page_offers_only_the_relationships_the_user_may_read() -> None:
    """ABC page (spec/analytics.md, "Security": prospects are pipeline, customers billing, suppliers purchasing):
    the relationships offered keep the page's order; one not offered in the URL falls back to the first offered."""
    assert offered_aspects([Aspect.SUPPLIER, Aspect.PROSPECT, Aspect.CUSTOMER]) == (
        Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER)
    purchasing = offered_aspects([Aspect.SUPPLIER])
    assert PageState.from_query({}, purchasing).aspect == Aspect.SUPPLIER
    assert PageState.from_query({"aspect": "customer", "model": "invoices"}, purchasing) == PageState(Aspect.SUPPLIER)
    sales = offered_aspects([Aspect.PROSPECT, Aspect.CUSTOMER])
    assert sales == (Aspect.CUSTOMER, Aspect.PROSPECT)
    assert PageState.from_query({"aspect": "prospect"}, sales).aspect == Aspect.PROSPECT
    assert PageState.from_query({"aspect": "supplier"}, ()).aspect == PageState().aspect


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 24), date(2026, 9, 30)), (date(2026, 9, 30), date(2026, 6, 30)),
    (date(2026, 1, 1), date(2025, 12, 31)), (date(2026, 4, 1), date(2026, 3, 31)),
])
def test_movements_default_to_the_end_of_the_last_quarter(day: date, expected: date) -> None:
    """ABC movements (task brief): the first date defaults to the end of the quarter before the as-of date."""
    assert previous_quarter_end(day) == expected


def test_transition_counts_read_the_matrix() -> None:
    """ABC movements (spec/analytics.md): off the diagonal, up and down between letters, new and lost to none."""
    labels = ["A", "B", "C", "-"]
    matrix = pd.DataFrame([[5, 2, 0, 1], [1, 7, 3, 0], [0, 4, 6, 2], [3, 0, 1, 9]], index=labels, columns=labels)
    assert transition_counts(matrix) == {"up": 5, "down": 5, "new": 4, "lost": 3}


def test_record_links_encode_the_id() -> None:
    """Record links: ids are URL-encoded, so an id with & or # still opens its record."""
    assert record_href("A&B #1") == "/organisation/A%26B%20%231" and record_href("a/b") == "/organisation/a%2Fb"
    assert record_href("..") == "/organisation?id=.."
