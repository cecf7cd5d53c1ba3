"""Concentration risk of revenue (customers) or purchases (suppliers) (spec/analytics.md, "Concentration risk")."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import Engine

from analytics.concentration import PARETO_POINTS, ConcentrationReport, Figures, report
from core.errors import InvalidInput
from core.vocabulary import ACCOUNT_ASPECTS, ASPECT_AREAS, Area, Aspect, Grouping
from services import policy
from services.users import CurrentUser

#: the longest window anyone asks for (a hundred years); beyond it dates overflow
MAX_WINDOW = 36_500


def concentration(engine: Engine, user: CurrentUser, aspect: Aspect, as_of: date | None = None,
                  window: int | None = None, by: Grouping = Grouping.ORGANISATION) -> ConcentrationReport:
    """Figures at D over the window (default BusinessConfig.concentration_window), Pareto and Lorenz curves and the
    8-quarter trend.

    Concentration is a company-wide figure of the analytics area (spec/analytics.md, "Security"). An aspect
    other than customer or supplier, or a window under one day, is InvalidInput (from `report`).
    """
    policy.ensure(engine, user, Area.ANALYTICS)
    # revenue is billing, purchases are purchasing: the figures of an area the user may not read stay closed
    policy.ensure(engine, user, ASPECT_AREAS[Aspect(aspect)] if aspect in set(Aspect) else Area.BILLING)
    if window is not None and not 1 <= window <= MAX_WINDOW:
        raise InvalidInput(f"window must be 1 to {MAX_WINDOW} days")
    with engine.connect() as conn:
        return report(conn, aspect, as_of, window, by)


def readable_aspects(engine: Engine, user: CurrentUser) -> list[Aspect]:
    """The aspects whose concentration `user` may read: analytics and the aspect's own area (revenue: billing,
    purchases: purchasing); none for a role without analytics, an external user among them."""
    with engine.connect() as conn:
        g = policy.grants(conn, user)
    if not g.reads(Area.ANALYTICS):
        return []
    return [a for a in ACCOUNT_ASPECTS if g.reads(ASPECT_AREAS[a])]


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
        "lorenz": [list(p) for p in rep.lorenz],
        "trend": [{"quarter_end": t.quarter_end, **_figures(t.figures)} for t in rep.trend],
    }


__all__ = ["MAX_WINDOW", "ConcentrationReport", "concentration", "flagged_rows", "readable_aspects", "report_document"]
