"""Concentration risk figures (spec/analytics.md, "Concentration risk") on hand-computed examples."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from analytics import concentration as conc
from core.businessconfig import BusinessConfig
from core.vocabulary import Aspect, Grouping
from tests.support import seed

D = date(2026, 6, 30)


def _s(values: dict[str, float]) -> pd.Series:
    return pd.Series(list(values.values()), index=list(values), dtype=float)


def test_fifty_thirty_twenty() -> None:
    """50/30/20: HHI 2500+900+400 = 3800 (high), Gini (-40+0+100)/300 = 0.2, k = 1 for every p with n = 3."""
    f = conc.figures(_s({"a": 50, "b": 30, "c": 20}))
    assert (f.n, f.total, f.hhi, f.band) == (3, 100.0, 3800.0, "high")
    assert f.gini == pytest.approx(0.2)
    assert f.top_shares == {"1": 0.5, "5": 0.5, "10": 0.5, "20": 0.5}
    assert [(x.organisation_id, x.share) for x in f.flagged] == [("a", 0.5), ("b", 0.3), ("c", 0.2)]


def test_equal_metrics_have_gini_zero() -> None:
    """Gini is 0 when all metrics are equal; HHI of n equal shares is 10,000 / n (spec, Gini and HHI)."""
    f = conc.figures(_s({str(i): 7.0 for i in range(10)}))
    assert f.gini == 0.0
    assert f.hhi == 1000.0 and f.band == "moderate"


def test_single_organisation() -> None:
    """n = 1: Gini 0, HHI 10,000, top shares all 1, flagged with share 1 (spec, Concentration risk)."""
    f = conc.figures(_s({"solo": 123.45}))
    assert (f.gini, f.hhi, f.band) == (0.0, 10_000.0, "high")
    assert set(f.top_shares.values()) == {1.0}
    assert f.flagged == (conc.Flag("solo", 123.45, 1.0),)


def test_gini_reaches_its_maximum_with_one_holder() -> None:
    """Gini is at most (n - 1) / n: one organisation holding almost everything comes close."""
    metrics = _s({"big": 1e9, **{f"s{i}": 1e-3 for i in range(4)}})
    assert conc.gini(metrics) == pytest.approx(4 / 5, abs=1e-9)


def test_top_shares_use_ceil_of_n_p() -> None:
    """k = max(1, ceil(n p / 100)): with n = 30, p = 5 takes 2, p = 10 takes 3 and p = 20 takes 6 (spec, Top shares)."""
    metrics = _s({f"o{i:02d}": float(i) for i in range(1, 31)})  # 1..30, total 465
    shares = conc.top_shares(metrics)
    assert shares["1"] == pytest.approx(30 / 465)
    assert shares["5"] == pytest.approx((30 + 29) / 465)
    assert shares["10"] == pytest.approx((30 + 29 + 28) / 465)
    assert shares["20"] == pytest.approx(sum(range(25, 31)) / 465)


@pytest.mark.parametrize(("index", "expected"), [
    (999.99, "unconcentrated"), (1000.0, "moderate"), (1800.0, "moderate"), (1800.01, "high"), (0.0, "unconcentrated"),
])
def test_band_boundaries(index: float, expected: str) -> None:
    """Below 1,000 unconcentrated, 1,000 to 1,800 moderate, above 1,800 high (spec, HHI)."""
    assert conc.band(index) == expected


def test_hhi_of_exactly_1800_is_moderate() -> None:
    """One share of 40 % and 18 of 3 1/3 %: HHI 1600 + 200 = 1800, still moderate (spec, HHI bands)."""
    f = conc.figures(_s({"big": 120, **{f"s{i}": 10 for i in range(18)}}))
    assert f.hhi == 1800.0 and f.band == "moderate"


def test_bands_follow_the_configuration() -> None:
    """The band limits are configurable (BusinessConfig.hhi_moderate_from / hhi_high_above)."""
    cfg = BusinessConfig(hhi_moderate_from=500, hhi_high_above=950)
    assert conc.figures(_s({str(i): 1.0 for i in range(11)}), cfg).band == "moderate"  # 909
    assert conc.figures(_s({str(i): 1.0 for i in range(11)})).band == "unconcentrated"


def test_flag_threshold_is_inclusive() -> None:
    """An organisation with exactly 10 % of T is flagged, one just below is not (spec, Flagged)."""
    flagged = conc.flagged(_s({"ten": 10, "big": 80.01, "below": 9.99}))
    assert [x.organisation_id for x in flagged] == ["big", "ten"]
    assert flagged[1].share == pytest.approx(0.10)
    thirds = conc.flagged(_s({"a": 1, "b": 1, "c": 1, **{f"x{i}": 1 for i in range(7)}}))
    assert len(thirds) == 10


def test_pareto_and_lorenz_points() -> None:
    """Pareto: highest first, point k = (k/n, cum/T); Lorenz sorts lowest first (spec, Pareto curve)."""
    metrics = _s({"c": 20, "a": 50, "b": 30})
    pareto, lorenz = conc.pareto(metrics), conc.lorenz(metrics)
    assert list(pareto["x"]) == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert list(pareto["y"]) == pytest.approx([0.5, 0.8, 1.0])
    assert list(lorenz["x"]) == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert list(lorenz["y"]) == pytest.approx([0.2, 0.5, 1.0])


def test_thinning_keeps_the_last_point() -> None:
    """Large Pareto curves are thinned evenly to at most the point limit, ending at (1, 1)."""
    curve = conc.pareto(_s({f"o{i}": float(i + 1) for i in range(2000)}))
    thinned = conc.thin(curve, 100)
    assert len(thinned) == 100 and tuple(thinned.iloc[-1]) == (1.0, 1.0)
    assert thinned["x"].is_monotonic_increasing


def test_no_organisations() -> None:
    """Without any positive metric every figure is 0 and nothing is flagged."""
    f = conc.figures(pd.Series([], dtype=float))
    assert (f.n, f.total, f.hhi, f.gini, f.flagged) == (0, 0.0, 0.0, 0.0, ())


# --- database: the metric per organisation ---------------------------------------------------

ORGS = [
    {"id": "holding", "name": "Holding"},
    {"id": "sub1", "name": "Sub 1", "parent_id": "holding"},
    {"id": "subsub", "name": "Sub sub", "parent_id": "sub1"},
    {"id": "solo", "name": "Solo"},
    {"id": "credit", "name": "Credit"},
]


def _inv(i: str, org: str, day: str, amount: float, status: str = "paid") -> dict[str, object]:
    return {"id": i, "organisation_id": org, "invoice_date": day, "amount_net": amount, "status": status}


INVOICES = [
    _inv("i1", "holding", "2026-06-30", 100),        # last day of the window
    _inv("i2", "sub1", "2025-07-01", 50),            # first day of the 365-day window
    _inv("i3", "subsub", "2026-01-15", 50),
    _inv("i4", "solo", "2026-03-01", 300),
    _inv("i5", "solo", "2026-04-01", -100),          # credit note reduces
    _inv("i6", "solo", "2026-05-01", 1000, "cancelled"),
    _inv("i7", "solo", "2025-06-30", 1000),          # one day before the window
    _inv("i8", "solo", "2026-07-01", 1000),          # after D
    _inv("i9", "credit", "2026-02-01", 40),
    _inv("i10", "credit", "2026-02-02", -60),        # negative total: excluded
]


def test_metric_per_organisation_in_the_window(engine: Engine) -> None:
    """Non-cancelled invoices dated D-N+1..D summed per organisation; credit notes reduce; totals <= 0 drop out."""
    seed(engine, {"organisations": ORGS, "invoices": INVOICES})
    with engine.connect() as conn:
        got = conc.metrics(conn, "customer", D, 365).to_dict()
    assert got == {"holding": 100.0, "sub1": 50.0, "subsub": 50.0, "solo": 200.0}


def test_window_option_shortens_the_window(engine: Engine) -> None:
    """`--window DAYS`: with 1 day only invoices dated D count (spec, the N days up to D)."""
    seed(engine, {"organisations": ORGS, "invoices": INVOICES})
    with engine.connect() as conn:
        assert conc.metrics(conn, "customer", D, 1).to_dict() == {"holding": 100.0}


def test_suppliers_use_incoming_invoices(engine: Engine) -> None:
    """Suppliers: incoming invoices, non-cancelled (an empty status counts), outgoing ones ignored."""
    seed(engine, {"organisations": ORGS, "invoices": INVOICES, "incoming_invoices": [
        {"id": "e1", "organisation_id": "solo", "invoice_date": "2026-06-01", "amount_net": 70},
        {"id": "e2", "organisation_id": "sub1", "invoice_date": "2026-06-01", "amount_net": 30, "status": "open"},
        {"id": "e3", "organisation_id": "sub1", "invoice_date": "2026-06-01", "amount_net": 99,
         "status": "cancelled"},
    ]})
    with engine.connect() as conn:
        assert conc.metrics(conn, "supplier", D, 365).to_dict() == {"solo": 70.0, "sub1": 30.0}


def test_by_group_adds_children_to_the_root_and_flags_it(engine: Engine) -> None:
    """`--by group`: every organisation's metric goes to the root of its parent tree; the root is flagged."""
    seed(engine, {"organisations": ORGS, "invoices": [*INVOICES, _inv("i11", "ghost", "2026-06-01", 10)]})
    with engine.connect() as conn:
        got = conc.metrics(conn, "customer", D, 365, by="group")
        rep = conc.report(conn, "customer", D, by="group")
    assert got.to_dict() == {"holding": 200.0, "solo": 200.0, "ghost": 10.0}
    assert [f.organisation_id for f in rep.figures.flagged] == ["holding", "solo"]
    assert rep.figures.total == 410.0


def test_group_of_negative_children_and_positive_root(engine: Engine) -> None:
    """By group, a child's credit notes reduce its root before the positive-metric rule applies."""
    seed(engine, {"organisations": ORGS, "invoices": [
        _inv("a", "holding", "2026-06-01", 100), _inv("b", "subsub", "2026-06-01", -100),
        _inv("c", "solo", "2026-06-01", 10)]})
    with engine.connect() as conn:
        assert conc.metrics(conn, "customer", D, 365, by="group").to_dict() == {"solo": 10.0}


def test_report_has_eight_quarter_ends(engine: Engine) -> None:
    """Trend: the same figures at the end of each of the last eight quarters (spec, Trend)."""
    seed(engine, {"organisations": ORGS, "invoices": INVOICES})
    with engine.connect() as conn:
        rep = conc.report(conn, "customer", D, config=BusinessConfig())
    assert [t.quarter_end for t in rep.trend] == [
        date(2024, 9, 30), date(2024, 12, 31), date(2025, 3, 31), date(2025, 6, 30),
        date(2025, 9, 30), date(2025, 12, 31), date(2026, 3, 31), date(2026, 6, 30)]
    assert rep.trend[-1].figures == rep.figures
    # at 2025-09-30 the window holds i2 (sub1 50) and i7 (solo 1000)
    assert (rep.trend[4].figures.n, rep.trend[4].figures.total) == (2, 1050.0)
    assert rep.window == 365 and rep.figures.n == 4 and rep.pareto[-1] == (1.0, 1.0)
    assert not rep.pareto_thinned


def test_report_window_comes_from_the_configuration(engine: Engine) -> None:
    """The default window is BusinessConfig.concentration_window (365 days by default)."""
    seed(engine, {"organisations": ORGS, "invoices": INVOICES})
    with engine.connect() as conn:
        rep = conc.report(conn, "customer", D, config=BusinessConfig(concentration_window=1))
    assert rep.window == 1 and rep.figures.n == 1


@pytest.mark.parametrize("by", list(Grouping))
def test_trend_in_one_query_equals_each_date_on_its_own(engine: Engine, by: Grouping) -> None:
    """The trend's one-pass query (a conditional sum per window) gives the same metrics as computing each
    quarter end on its own, by organisation and by group root."""
    seed(engine, {"organisations": ORGS, "invoices": INVOICES})
    ends = [date(2025, 6, 30), date(2025, 9, 30), date(2026, 3, 31), date(2026, 6, 30), date(2030, 1, 1)]
    with engine.connect() as conn:
        trend = conc.trend_metrics(conn, Aspect.CUSTOMER, ends, 200, by)
        for end in ends:
            assert trend[end].to_dict() == conc.metrics(conn, Aspect.CUSTOMER, end, 200, by).to_dict()
    assert trend[date(2030, 1, 1)].empty and not trend[date(2026, 6, 30)].empty
