"""The periods in which an organisation is a prospect by its documents: the content of `prospect_spans`.

spec/analytics.md, "Relationships": a prospect at D has an open sales case at D and
is no customer at D. A quote is open from its quote_date until it is decided or has
expired; an opportunity from its creation until it is closed, except on the days its
latest status is won or rejected. Each case becomes date periods [since, until),
cut off where the organisation became a customer (for good: `relationship_starts`),
and the periods of one organisation are merged into maximal spans (gaps and islands
with window functions: the same SQL on SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, Date, Select, case, func, literal, or_, select, union_all

from analytics.relationships import CLOSED_OUTCOMES
from analytics.sqlfuncs import as_date, earliest, latest, plus_days
from core.schema import Opportunity, OpportunityStatus, OpportunityStatusChange, Quote
from core.schema.admin import FOREVER, RelationshipStart

COLUMNS = ["organisation_id", "since", "until"]


def _forever() -> ColumnElement[object]:
    return literal(FOREVER, Date())


def quote_periods() -> Select:
    """Per quote, the days it is open: from quote_date until the day it is decided or the day after valid_until."""
    decided = func.coalesce(Quote.decided_at, _forever())
    # valid_until + 1 day, where that is still a date before FOREVER
    expires = case((or_(Quote.valid_until.is_(None), Quote.valid_until >= FOREVER - timedelta(days=1)), _forever()),
                   else_=plus_days(Quote.valid_until, 1))
    return select(Quote.organisation_id, Quote.quote_date.label("since"), earliest(decided, expires).label("until"))


def opportunity_periods() -> Select:
    """Per opportunity, the periods it is open within [created_at, closed_at): before its first status change
    (or without any), and from each day whose last change has an open (or unknown) status until the next
    day with a change.

    One pass over the history in the order of its (opportunity_id, changed_at) index: a change's status
    holds from its day until the day of the next change (an empty period unless it is the last of its
    day); the first change also ends the period before the history, which therefore needs no row of its own.
    """
    change = OpportunityStatusChange
    day = as_date(change.changed_at)
    history = {"partition_by": change.opportunity_id, "order_by": (change.changed_at, change.id)}
    steps = select(change.opportunity_id, day.label("day"), change.status,
                   func.lead(day).over(**history).label("next_day"),
                   func.lag(day).over(**history).label("previous_day")).subquery("status_steps")
    opp = Opportunity
    status = OpportunityStatus
    first = or_(steps.c.day.is_(None), steps.c.previous_day.is_(None))
    open_status = or_(status.outcome.is_(None), status.outcome.not_in(CLOSED_OUTCOMES))
    since = case((first, opp.created_at), else_=latest(steps.c.day, opp.created_at))
    until = case((steps.c.day.is_(None), _forever()),
                 (open_status, func.coalesce(steps.c.next_day, _forever())),
                 else_=steps.c.day)
    return (
        select(opp.organisation_id, since.label("since"),
               earliest(until, func.coalesce(opp.closed_at, _forever())).label("until"))
        # an opportunity without history is one row with no day: open from created_at to closed_at
        .select_from(opp.__table__.outerjoin(steps, steps.c.opportunity_id == opp.id)
                     .outerjoin(status, status.status == steps.c.status))
    )


def prospect_spans_select() -> Select:
    """The content of `prospect_spans`: per organisation the maximal spans in which it has an open case and
    is no customer yet (by `relationship_starts`, which must be current)."""
    cases = union_all(quote_periods(), opportunity_periods()).subquery("case_periods")
    starts = RelationshipStart.__table__
    customer = func.coalesce(starts.c.customer_since, _forever())
    periods = (
        select(cases.c.organisation_id, cases.c.since, earliest(cases.c.until, customer).label("until"))
        .select_from(cases.outerjoin(starts, starts.c.organisation_id == cases.c.organisation_id))
        .where(cases.c.since < cases.c.until, cases.c.since < customer)
        .subquery("periods")
    )
    order = (periods.c.since, periods.c.until)
    # a period begins a new span when it starts after every earlier period of the organisation has ended
    reach = func.max(periods.c.until).over(partition_by=periods.c.organisation_id, order_by=order, rows=(None, -1))
    begins = case((or_(reach.is_(None), periods.c.since > reach), 1), else_=0)
    marked = select(periods, begins.label("begins")).subquery("marked")
    span_no = func.sum(marked.c.begins).over(partition_by=marked.c.organisation_id,
                                             order_by=(marked.c.since, marked.c.until), rows=(None, 0))
    numbered = select(marked.c.organisation_id, marked.c.since, marked.c.until,
                      span_no.label("span_no")).subquery("numbered")
    return (
        select(numbered.c.organisation_id, func.min(numbered.c.since).label("since"),
               func.max(numbered.c.until).label("until"))
        .group_by(numbered.c.organisation_id, numbered.c.span_no)
    )


__all__ = ["COLUMNS", "opportunity_periods", "prospect_spans_select", "quote_periods"]
