"""The concentration service (spec/analytics.md, "Concentration risk"): company-wide, as one document."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from core.errors import Forbidden, InvalidInput
from core.vocabulary import Role
from services.concentration import concentration, report_document
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
