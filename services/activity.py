"""Activity analysis per agent, organisation, contact or kind and period (spec/analytics.md, "Activity analysis")."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from analytics.activity import GROUP_COLUMNS, activity_frame
from core.vocabulary import ActivityGrouping, Area, Period, Scope
from services import policy
from services.users import CurrentUser


@dataclass(frozen=True)
class ActivityReport:
    """One row per group and period: `period`, the group column, `activities`, `minutes`, `hours`."""

    by: ActivityGrouping
    period: Period
    date_from: date | None
    date_until: date | None
    columns: tuple[str, ...]
    #: the rows as the analytics made them (for writers that take a whole frame)
    frame: pd.DataFrame = field(compare=False, repr=False)

    @property
    def rows(self) -> tuple[dict[str, Any], ...]:
        """The rows as records (empty values None)."""
        return tuple({k: _plain(v) for k, v in r.items()} for r in self.frame[list(self.columns)].to_dict("records"))


def _plain(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def activity(engine: Engine, user: CurrentUser, by: ActivityGrouping = ActivityGrouping.AGENT,
             period: Period = Period.MONTH, date_from: date | None = None,
             date_until: date | None = None) -> ActivityReport:
    """The activity analysis (the analytics area); a user scoped to own accounts gets only their own agent's.

    By kind the hours stay empty: time entries carry no activity kind.
    """
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ANALYTICS)
        own = None if g.scope is Scope.ALL else (user.agent_id or "")
        frame = activity_frame(conn, by, period, date_from, date_until, agent_id=own)
    columns = ("period", GROUP_COLUMNS[by], "activities", "minutes", "hours")
    return ActivityReport(by=by, period=period, date_from=date_from, date_until=date_until, columns=columns,
                          frame=frame)


__all__ = ["ActivityReport", "activity"]
