"""Component ids of retention (`/retention`): contacts due for deletion, erased on request."""

from __future__ import annotations


class Retention:
    """Retention (`/retention`): contacts due for deletion, erased on request."""

    SUMMARY = "retention-summary"
    GRID = "retention-grid"
    WHY = "retention-why"
    ERASE = "retention-erase"
    CONFIRM = "retention-confirm"
    MESSAGE = "retention-message"
    #: bumped after an erasure: the list is read again
    ERASED = "retention-erased"
    #: the page state mirrored into the URL's query string
    QUERY = "retention-query"
