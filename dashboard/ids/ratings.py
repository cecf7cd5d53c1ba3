"""Component ids of supplier ratings (`/ratings`): time, quality, cost, the weighted score and a new rating."""

from __future__ import annotations


class Ratings:
    """Supplier ratings (`/ratings`): time, quality, cost, the weighted score and a new rating."""

    #: the page's state mirrored into the URL's query string
    QUERY = "ratings-query"
    #: the suppliers (infinite row model), how many, and how the score is made
    GRID = "ratings-grid"
    COUNT = "ratings-count"
    RULE = "ratings-rule"
    #: the chosen supplier (its id; the URL's `supplier`) and the grid's sort (the URL's `sort`)
    SELECTED = "ratings-selected"
    SORT = "ratings-sort"
    #: the chosen supplier's score over its rating dates and its ratings
    DETAIL = "ratings-detail"
    TREND = "ratings-trend"
    HISTORY = "ratings-history"
    #: the form of a new rating
    FORM = "ratings-form"
    SUPPLIER = "ratings-supplier"
    DATE = "ratings-date"
    NOTE = "ratings-note"
    SAVE = "ratings-save"
    MESSAGE = "ratings-message"
    #: bumped by every saved rating: the grid and the detail read again
    SAVED = "ratings-saved"

    @staticmethod
    def mark(criterion: str) -> dict[str, str]:
        """The 1-to-5 choice of one criterion (`time`, `quality`, `cost`)."""
        return {"type": "ratings-mark", "criterion": criterion}
