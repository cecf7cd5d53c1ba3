"""Every component id of the dashboard: constants with a page prefix, functions for dict ids.

One module per page (each page's ids where its page and callbacks are written); a typo is an
AttributeError at import time; tests/dashboard checks that all values are unique.
"""

from __future__ import annotations

from dashboard.ids.abc import Abc
from dashboard.ids.activity import Activity
from dashboard.ids.concentration import Concentration
from dashboard.ids.forecast import Forecast
from dashboard.ids.inbox import Inbox
from dashboard.ids.lists import AspectList
from dashboard.ids.orglist import OrgList
from dashboard.ids.overview import Overview
from dashboard.ids.ratings import Ratings
from dashboard.ids.record import Record
from dashboard.ids.retention import Retention
from dashboard.ids.settings import Settings
from dashboard.ids.shell import Shell

#: every id class, for the uniqueness test
ALL = (Shell, OrgList, Record, Abc, Concentration, Overview, AspectList, Ratings, Activity, Inbox, Forecast,
       Settings, Retention)


def all_ids() -> list[str]:
    """Every constant id (dict ids are built by their functions and carry a page-prefixed type)."""
    return [v for cls in ALL for k, v in vars(cls).items() if k.isupper() and isinstance(v, str)]


__all__ = [
    "ALL", "Abc", "Activity", "AspectList", "Concentration", "Forecast", "Inbox",
    "OrgList", "Overview", "Ratings", "Record", "Retention", "Settings", "Shell", "all_ids",
]
