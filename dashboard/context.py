"""What a callback runs with: the app's engine and the user resolved by the web layer's login check."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, g, has_request_context
from sqlalchemy import Engine

from core.vocabulary import Aspect
from services.abc import readable_aspects
from services.users import CurrentUser


def engine() -> Engine:
    """The application's engine (set by `kundenakte.web.create_app`)."""
    found: Engine = current_app.extensions["kundenakte"]["engine"]
    return found


def request_user() -> CurrentUser | None:
    """The signed-in user of the request being served, None outside a request (Dash's start-up validation)."""
    return g.get("kundenakte_user") if has_request_context() else None


def readable_aspects_of_request() -> frozenset[Aspect]:
    """The relationships whose figures the signed-in user may read (all outside a request: Dash's start-up
    validation builds every layout once); a page offers only these, the services refuse the rest anyway."""
    user = request_user()
    return frozenset(readable_aspects(engine(), user) if user is not None else Aspect)


def current_user() -> CurrentUser:
    """The user `kundenakte.web` resolved for this request before any callback ran."""
    user: CurrentUser = g.kundenakte_user
    return user


def parse_as_of(value: str | None) -> date | None:
    """The shell's as-of date picker value (ISO) as a date; empty means today."""
    return date.fromisoformat(value[:10]) if value else None


def previous_quarter_end(day: date) -> date:
    """The last day of the quarter before the one `day` is in (the movements' default first date)."""
    first_of_quarter = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first_of_quarter - timedelta(days=1)
