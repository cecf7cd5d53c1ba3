"""Component ids of agent activity (`/activity`): agents x activity type, over time, drill-down."""

from __future__ import annotations


class Activity:
    """Agent activity (`/activity`): agents x activity type, over time, drill-down."""

    #: the page's state mirrored into the URL's query string
    QUERY = "activity-query"
