"""Who a command acts as: the `CurrentUser` of a users row, looked up by name (`kundenakte export --as`).

The user is built exactly as sign-in builds it (`services.signin`), so a command run as a user sees
what that user would see in the dashboard.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from core.errors import Forbidden, NotFound
from core.schema import User
from services.signin import user_of
from services.users import CurrentUser


def current_user_of(conn: Connection, row: User) -> CurrentUser:
    """The signed-in user of a users row (its agent's team, its contact's organisation)."""
    return user_of(conn, row)


def user_named(engine: Engine, name: str) -> CurrentUser:
    """The active user called `name`; NotFound for an unknown name, Forbidden for a disabled account."""
    with engine.connect() as conn:
        with Session(conn) as session:
            row = session.scalars(select(User).where(User.name == name.strip())).first()
            if row is not None:
                session.expunge(row)
        if row is None:
            raise NotFound(f"no user {name!r}")
        if not row.active:
            raise Forbidden(f"user {name!r} is disabled")
        return current_user_of(conn, row)


__all__ = ["current_user_of", "user_named"]
