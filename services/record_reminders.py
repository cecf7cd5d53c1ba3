"""The record's open reminders: tasks at the organisation that are not done, by due date (interchange.md,
activities: kind `task`, `due_at`, `done`).

Reminders are activities (spec/analytics.md, "Security": the activities area): a user who may not read it
gets None, not an empty list, so the page can leave the part out. A task lands at the organisation like any
trace (`activity_links`), also one assigned by hand from the inbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, func, or_, select

from analytics.period import day_end
from core.schema import Activity, ActivityLink, Agent, Contact
from core.vocabulary import ActivityKind, Area
from services.record import visible_record
from services.users import CurrentUser

#: the most reminders listed (the count covers all)
MAX_REMINDERS = 100


@dataclass(frozen=True)
class Reminder:
    """One open task: what, due when (None: no due date), for whom, and whether it is overdue."""

    id: int
    subject: str | None
    due_at: datetime | None
    created_at: datetime
    agent: str | None
    contact: str | None
    importance: str | None
    overdue: bool


@dataclass(frozen=True)
class Reminders:
    """The open reminders, soonest due first (those without a due date last), and how many there are."""

    items: list[Reminder]
    total: int


def open_reminders(engine: Engine, user: CurrentUser, organisation_id: str, as_of: date | None = None, *,
                   now: datetime | None = None, limit: int = MAX_REMINDERS) -> Reminders | None:
    """Tasks at the organisation created up to D and not done; None if the user may not read activities.

    Overdue: due before the moment min(now, end of D). NotFound (audited) if the organisation is not visible.
    """
    as_of = as_of or date.today()
    moment = min(now or datetime.now(), day_end(as_of))
    a, link, ag, c = Activity, ActivityLink, Agent, Contact
    where = (link.organisation_id == organisation_id, a.kind == ActivityKind.TASK.value,
             or_(a.done.is_(None), a.done.is_(False)), a.occurred_at < day_end(as_of))
    with engine.connect() as conn:
        g = visible_record(engine, conn, user, organisation_id)
        if not g.reads(Area.ACTIVITIES):
            return None
        total = conn.execute(select(func.count()).select_from(link).join(a, a.id == link.activity_id)
                             .where(*where)).scalar_one()
        contact = func.trim(func.coalesce(c.first_name, "") + " " + c.last_name)
        rows = conn.execute(
            select(a.id, a.subject, a.due_at, a.occurred_at, ag.name.label("agent"), contact.label("contact"),
                   a.importance)
            .select_from(link).join(a, a.id == link.activity_id)
            .outerjoin(ag, ag.id == a.agent_id).outerjoin(c, c.id == link.contact_id)
            .where(*where).order_by(a.due_at.is_(None), a.due_at, a.id).limit(max(1, min(limit, MAX_REMINDERS)))
        ).all()
    return Reminders([Reminder(r.id, r.subject, r.due_at, r.occurred_at, r.agent, r.contact or None, r.importance,
                               r.due_at is not None and r.due_at < moment) for r in rows], int(total))


__all__ = ["MAX_REMINDERS", "Reminder", "Reminders", "open_reminders"]
