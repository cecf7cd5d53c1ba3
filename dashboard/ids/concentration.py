"""Component ids: concentration risk (`/concentration`)."""

from __future__ import annotations


class Concentration:
    """Concentration risk (`/concentration`)."""

    ASPECT = "concentration-aspect"
    BY = "concentration-by"
    TAB = "concentration-tab"
    FIGURES = "concentration-figures"
    PARETO = "concentration-pareto"
    LORENZ = "concentration-lorenz"
    TREND = "concentration-trend"
    FLAGGED = "concentration-flagged"
    #: the link to the workbook of what the page shows (its href follows aspect, grouping and as-of date)
    DOWNLOAD = "concentration-download"
    #: the page state mirrored into the URL's query string (clientside)
    QUERY = "concentration-query"

    @staticmethod
    def kpi(metric: str) -> dict[str, str]:
        return {"type": "concentration-kpi", "metric": metric}
