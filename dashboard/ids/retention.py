"""Component ids of retention (`/retention`): contacts due for deletion, erased on request."""

from __future__ import annotations


class Retention:
    """Retention (`/retention`): contacts due for deletion, erased on request."""

    #: the page's state mirrored into the URL's query string
    QUERY = "retention-query"
