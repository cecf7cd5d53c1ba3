"""Component ids: concentration risk (`/concentration`)."""

from __future__ import annotations


class Concentration:
    """Concentration risk (`/concentration`)."""

    ASPECT = "concentration-aspect"
    BY = "concentration-by"
    FIGURES = "concentration-figures"
    PARETO = "concentration-pareto"
    TREND = "concentration-trend"
    FLAGGED = "concentration-flagged"

    @staticmethod
    def kpi(metric: str) -> dict[str, str]:
        return {"type": "concentration-kpi", "metric": metric}
