"""Component ids of administration (`/settings`): models, windows, weights, probabilities, matrix, users."""

from __future__ import annotations


class Settings:
    """Administration (`/settings`): models, windows, weights, probabilities, matrix, users."""

    #: the page's state mirrored into the URL's query string
    QUERY = "settings-query"
