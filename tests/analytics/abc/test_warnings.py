"""ABC warnings: stale revenue potential of prospects, A-customers trending down, shares >= the configured 10 %."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from sqlalchemy import Engine

from analytics.abc import abc_warnings, quarterly_revenue
from tests.analytics.abc.rows import days, incoming, invoice, org, quote
from tests.support import seed

D = date(2025, 6, 30)
#: mid-quarter days of the last eight complete quarters before D, oldest first
QUARTERS = ["2023-08-15", "2023-11-15", "2024-02-15", "2024-05-15", "2024-08-15", "2024-11-15", "2025-02-15",
            "2025-05-15"]


@pytest.fixture
def warned(engine: Engine) -> Engine:
    """A customer trending down, a flat one, small ones, prospects with stale and fresh potentials, three
    suppliers (one just under a 10 % share), seeded."""
    seed(engine, scenario())
    return engine


def scenario() -> dict[str, list[dict]]:
    small = [f"s{i}" for i in range(8)]
    invoices = [invoice(f"down{i}", "down", day, 8000 - 1000 * i) for i, day in enumerate(QUARTERS)]
    invoices += [invoice(f"flat{i}", "flat", day, 5000 + (100 if i % 2 else -100)) for i, day in enumerate(QUARTERS)]
    invoices += [invoice(f"{s}-{i}", s, day, 80 - 10 * i if s == "s0" else 25) for s in small
                 for i, day in enumerate(QUARTERS)]
    return {
        "organisations": [org("down"), org("flat")] + [org(s) for s in small]
        + [org("stale", potential=1000, potential_updated=days(D, -366)),
           org("fresh", potential=1000, potential_updated=days(D, -10)),
           org("undated", potential=500), org("cust_pot", potential=9000, potential_updated="2020-01-01"),
           org("sup1"), org("sup2"), org("sup3")],
        "invoices": [*invoices, invoice("cp", "cust_pot", "2024-01-01", 1)],
        "quotes": [quote(f"q-{o}", o, days(D, -5), 10) for o in ("stale", "fresh", "undated")],
        "incoming_invoices": [incoming("n1", "sup1", days(D, -1), 800), incoming("n2", "sup2", days(D, -1), 100),
                              incoming("n3", "sup3", days(D, -1), 99.99)],
    }


def test_quarterly_revenue_is_one_grouped_query(warned: Engine) -> None:
    """Warnings: quarterly sums over the last eight complete quarters, bucketed in SQL on both databases."""
    with warned.connect() as conn:
        sums = quarterly_revenue(conn, D)
    down = sums.loc[sums["organisation_id"] == "down"].sort_values("quarter")
    assert list(down["quarter"]) == ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1",
                                     "2025-Q2"]
    assert list(down["revenue"]) == [8000.0, 7000.0, 6000.0, 5000.0, 4000.0, 3000.0, 2000.0, 1000.0]


def test_warnings(warned: Engine) -> None:
    """Warnings: stale potentials of prospects, downward trend of A-customers only (linregress p < 0.05), shares."""
    with warned.connect() as conn:
        found = abc_warnings(conn, D)
    by_kind: dict[str, dict[str, object]] = {}
    for w in found:
        by_kind.setdefault(w.kind, {})[w.organisation_id] = w
    assert set(by_kind["stale_potential"]) == {"stale", "undated"}
    assert set(by_kind["downward_trend"]) == {"down"}
    trend = by_kind["downward_trend"]["down"]
    assert abs(trend.slope + 1000.0) < 1e-6 and trend.p_value < 1e-6  # type: ignore[attr-defined]
    assert set(by_kind["high_share"]) == {"flat", "down", "sup1", "sup2"}
    assert abs(by_kind["high_share"]["sup2"].value - 100 / 999.99) < 1e-9  # type: ignore[attr-defined]


def test_the_vectorised_trend_is_scipys_linregress_row_by_row() -> None:
    """The downward trend of many organisations in one numpy pass gives linregress's slope and p-value for each
    (random series, a perfect fall, a constant one), and falls exactly where slope < 0 and p < 0.05."""
    from scipy.stats import linregress

    from analytics.abc.warnings import falling

    rng = np.random.default_rng(3)
    series = np.vstack([rng.normal(1000, 300, (200, 8)) + np.arange(8) * rng.normal(0, 60, (200, 1)),
                        [8000 - 1000 * np.arange(8)], [np.full(8, 5.0)]])
    slope, p, falls = falling(series)
    for i, y in enumerate(series):
        if np.ptp(y) == 0:
            assert not falls[i]
            continue
        fit = linregress(np.arange(8, dtype=float), y)
        assert slope[i] == pytest.approx(fit.slope, rel=1e-9, abs=1e-9)
        assert p[i] == pytest.approx(fit.pvalue, rel=1e-6, abs=1e-12)
        assert falls[i] == (fit.slope < 0 and fit.pvalue < 0.05)
    assert falls[200] and 0 < falls.sum() < 200
