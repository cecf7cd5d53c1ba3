"""Agent activity analysis: activities, minutes and logged hours per agent, organisation, contact or kind."""

from analytics.activity.matrix import (
    agent_kind_period_counts,
    contacts_touched,
    hours_per_period,
    organisations_touched,
)
from analytics.activity.queries import (
    GROUP_COLUMNS,
    activities_per_group,
    activity_frame,
    activity_query,
    hours_per_group,
)

__all__ = [
    "GROUP_COLUMNS",
    "activities_per_group",
    "activity_frame",
    "activity_query",
    "agent_kind_period_counts",
    "contacts_touched",
    "hours_per_group",
    "hours_per_period",
    "organisations_touched",
]
