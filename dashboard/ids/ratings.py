"""Component ids of supplier ratings (`/ratings`): time, quality, cost, the weighted score and a new rating."""

from __future__ import annotations


class Ratings:
    """Supplier ratings (`/ratings`): time, quality, cost, the weighted score and a new rating."""

    #: the page's state mirrored into the URL's query string
    QUERY = "ratings-query"
