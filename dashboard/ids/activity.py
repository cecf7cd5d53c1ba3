"""Component ids of agent activity (`/activity`): agents x activity type, over time, drill-down."""

from __future__ import annotations


class Activity:
    """Agent activity (`/activity`): agents x activity type, over time, drill-down."""

    #: the page's state mirrored into the URL's query string
    QUERY = "activity-query"
    #: week or month (the URL's `period`), the agent drilled into (the URL's `agent`)
    PERIOD = "activity-period"
    AGENT = "activity-agent"
    RANGE = "activity-range"
    #: agents x activity kind (the number in every cell), and the course over time
    HEATMAP = "activity-heatmap"
    OVER_TIME = "activity-over-time"
    #: one agent: the organisations and contacts touched
    DRILL = "activity-drill"
