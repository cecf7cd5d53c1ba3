"""Component ids of the sales forecast (`/forecast`): the weighted pipeline against invoiced revenue."""

from __future__ import annotations


class Forecast:
    """The sales forecast (`/forecast`): the weighted pipeline against invoiced revenue."""

    #: the page's state mirrored into the URL's query string
    QUERY = "forecast-query"
    OWNER = "forecast-owner"
    OWNER_LABEL = "forecast-owner-label"
    NOTE = "forecast-note"
    FIGURES = "forecast-figures"
    CHART = "forecast-chart"
    TABLE = "forecast-table"

    @staticmethod
    def kpi(metric: str) -> dict[str, str]:
        return {"type": "forecast-kpi", "metric": metric}
