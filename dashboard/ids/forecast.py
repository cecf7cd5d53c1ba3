"""Component ids of the sales forecast (`/forecast`): the weighted pipeline against invoiced revenue."""

from __future__ import annotations


class Forecast:
    """The sales forecast (`/forecast`): the weighted pipeline against invoiced revenue."""

    #: the page's state mirrored into the URL's query string
    QUERY = "forecast-query"
