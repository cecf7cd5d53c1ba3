"""The concentration service (spec/analytics.md, "Concentration risk"): company-wide, as one document."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import Engine

from analytics.concentration import PARETO_POINTS
from core.errors import Forbidden, InvalidInput
from core.vocabulary import Role
from services.concentration import concentration, readable_aspects, report_document
from services.users import SYSTEM, CurrentUser
from tests.support import seed


def test_document_has_the_contract_keys(engine: Engine) -> None:
    """The object carries n, total, hhi, band, gini, top_shares, flagged plus pareto and an 8-quarter trend."""
    seed(engine, {"organisations": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}], "invoices": [
        {"id": "1", "organisation_id": "a", "invoice_date": "2026-05-01", "amount_net": 75, "status": "paid"},
        {"id": "2", "organisation_id": "b", "invoice_date": "2026-05-01", "amount_net": 25, "status": "open"}]})
    doc = report_document(concentration(engine, SYSTEM, "customer", date(2026, 6, 30)))
    assert {k: doc[k] for k in ("n", "total", "hhi", "band", "window", "aspect", "by")} == {
        "n": 2, "total": 100.0, "hhi": 6250.0, "band": "high", "window": 365, "aspect": "customer",
        "by": "organisation"}
    assert doc["gini"] == pytest.approx(0.25)
    assert doc["flagged"] == [{"organisation_id": "a", "metric": 75.0, "share": 0.75},
                              {"organisation_id": "b", "metric": 25.0, "share": 0.25}]
    assert len(doc["trend"]) == 8 and doc["trend"][-1]["quarter_end"] == date(2026, 6, 30)
    assert doc["pareto"] == [[0.5, 0.75], [1.0, 1.0]]


def test_only_roles_that_read_analytics(engine: Engine) -> None:
    """Concentration is in the analytics area (spec/analytics.md, "Security"): sales and support are refused."""
    for role in (Role.SALES, Role.SUPPORT, Role.EXTERNAL):
        with pytest.raises(Forbidden):
            concentration(engine, CurrentUser(id="ann", role=role), "customer")
    assert concentration(engine, CurrentUser(id="mia", role=Role.ACCOUNTING), "customer").figures.n == 0


def test_wrong_parameters(engine: Engine) -> None:
    """An unknown aspect or grouping, or a window under one day, is wrong usage."""
    with pytest.raises(InvalidInput):
        concentration(engine, SYSTEM, "prospect")
    with pytest.raises(InvalidInput):
        concentration(engine, SYSTEM, "customer", by="team")
    with pytest.raises(InvalidInput):
        concentration(engine, SYSTEM, "customer", window=0)


def test_lorenz_points_lowest_first(engine: Engine) -> None:
    """Spec/analytics.md, "Concentration risk": the Lorenz counterpart of the Pareto curve sorts lowest first, so
    point k is (k / n, the k smallest metrics / T); in the document beside the Pareto points. The area between it
    and the diagonal, doubled, is the spec's Gini: the trapezoids under the points give it back."""
    seed(engine, {"organisations": [{"id": o, "name": o.upper()} for o in "abcd"], "invoices": [
        {"id": f"i{o}", "organisation_id": o, "invoice_date": "2026-05-01", "amount_net": m, "status": "paid"}
        for o, m in (("a", 10), ("b", 20), ("c", 30), ("d", 40))]})
    rep = concentration(engine, SYSTEM, "customer", date(2026, 6, 30))
    assert rep.lorenz == ((0.25, 0.1), (0.5, 0.3), (0.75, 0.6), (1.0, 1.0))
    assert rep.pareto == ((0.25, 0.4), (0.5, 0.7), (0.75, 0.9), (1.0, 1.0))
    area = sum((x1 - x0) * (y0 + y1) / 2 for (x0, y0), (x1, y1) in pairwise([(0.0, 0.0), *rep.lorenz]))
    assert 1 - 2 * area == pytest.approx(rep.figures.gini) == 0.25
    assert report_document(rep)["lorenz"] == [[0.25, 0.1], [0.5, 0.3], [0.75, 0.6], [1.0, 1.0]]


def test_lorenz_is_thinned_like_the_pareto_curve(engine: Engine) -> None:
    """More organisations than PARETO_POINTS: both curves keep the same evenly spaced positions, the last one
    (1, 1) included, and the thinning is reported."""
    seed(engine, {"organisations": [{"id": f"o{i:04d}", "name": f"O{i}"} for i in range(PARETO_POINTS + 100)],
                  "invoices": [{"id": f"i{i:04d}", "organisation_id": f"o{i:04d}", "invoice_date": "2026-05-01",
                                "amount_net": i + 1, "status": "paid"} for i in range(PARETO_POINTS + 100)]})
    rep = concentration(engine, SYSTEM, "customer", date(2026, 6, 30))
    assert rep.pareto_thinned and len(rep.lorenz) == len(rep.pareto) == PARETO_POINTS
    assert [x for x, _ in rep.lorenz] == [x for x, _ in rep.pareto]
    assert rep.lorenz[-1] == (1.0, pytest.approx(1.0)) and rep.lorenz[0][1] < rep.pareto[0][1]


def test_readable_aspects_need_analytics_and_the_aspects_area(engine: Engine) -> None:
    """Spec/analytics.md, "Security": the page offers revenue to whoever reads analytics and billing, purchases to
    analytics and purchasing; nothing to sales, support or an external user (no analytics)."""
    offered = {role: readable_aspects(engine, CurrentUser(id="u", role=role)) for role in Role
               if role is not Role.SYSTEM}
    assert offered[Role.MANAGEMENT] == offered[Role.ACCOUNTING] == offered[Role.ADMIN] == ["customer", "supplier"]
    assert offered[Role.PURCHASING] == ["supplier"]
    assert offered[Role.SALES] == offered[Role.SUPPORT] == offered[Role.EXTERNAL] == []
