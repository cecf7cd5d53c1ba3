"""What a request runs with: the engine of the app and the user resolved by the web layer's login check."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy import Engine

from services.users import CurrentUser


def engine() -> Engine:
    """The application's engine (set by `kundenakte.web.create_app`)."""
    found: Engine = current_app.extensions["kundenakte"]["engine"]
    return found


def current_user() -> CurrentUser:
    """The user `kundenakte.web` resolved for this request before any route ran."""
    user: CurrentUser = g.kundenakte_user
    return user
