"""Concentration risk of revenue (customers) or purchases (suppliers) (spec/analytics.md, "Concentration risk")."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import Engine

from analytics.concentration import PARETO_POINTS, ConcentrationReport, Figures, report
from core.errors import InvalidInput
from core.vocabulary import Area
from services import policy
from services.users import CurrentUser


def concentration(engine: Engine, user: CurrentUser, aspect: str, as_of: date | None = None,
                  window: int | None = None, by: str = "organisation") -> ConcentrationReport:
    """Figures at D over the window (default BusinessConfig.concentration_window), Pareto curve and 8-quarter trend.

    Concentration is a company-wide figure of the analytics area (spec/analytics.md, "Security").
    """
    policy.ensure(engine, user, Area.ANALYTICS)
    if aspect not in ("customer", "supplier"):
        raise InvalidInput(f"aspect must be customer or supplier, not {aspect!r}")
    if by not in ("organisation", "group"):
        raise InvalidInput(f"by must be organisation or group, not {by!r}")
    with engine.connect() as conn:
        return report(conn, aspect, as_of, window, by)  # type: ignore[arg-type]


def _figures(f: Figures) -> dict[str, Any]:
    return {"n": f.n, "total": f.total, "hhi": f.hhi, "band": f.band, "gini": f.gini, "top_shares": f.top_shares}


def flagged_rows(rep: ConcentrationReport) -> list[dict[str, Any]]:
    """The flagged organisations (group roots with `by=group`), highest first."""
    return [asdict(f) for f in rep.figures.flagged]


def report_document(rep: ConcentrationReport) -> dict[str, Any]:
    """The JSON object of `kundenakte concentration` (the contract's keys first, then the extras)."""
    return {
        **_figures(rep.figures),
        "flagged": flagged_rows(rep),
        "aspect": rep.aspect, "by": rep.by, "as_of": rep.as_of, "window": rep.window,
        "pareto": [list(p) for p in rep.pareto],
        "pareto_thinned": rep.pareto_thinned, "pareto_max_points": PARETO_POINTS,
        "trend": [{"quarter_end": t.quarter_end, **_figures(t.figures)} for t in rep.trend],
    }


__all__ = ["concentration", "flagged_rows", "report_document"]
