"""What a callback runs with: the app's engine and the user resolved by the web layer's login check."""

from __future__ import annotations

from datetime import date

from flask import current_app, g
from sqlalchemy import Engine

from kundenakte.services.users import CurrentUser


def engine() -> Engine:
    """The application's engine (set by `kundenakte.web.create_app`)."""
    found: Engine = current_app.extensions["kundenakte"]["engine"]
    return found


def current_user() -> CurrentUser:
    """The user `kundenakte.web` resolved for this request before any callback ran."""
    user: CurrentUser = g.kundenakte_user
    return user


def parse_as_of(value: str | None) -> date | None:
    """The shell's as-of date picker value (ISO) as a date; empty means today."""
    return date.fromisoformat(value[:10]) if value else None
