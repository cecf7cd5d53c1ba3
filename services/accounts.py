"""Read-only facts about the accounts that the web layer needs before anyone has signed in."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from core.schema import User
from core.vocabulary import Role


def admin_count(engine: Engine) -> int:
    """How many active admin accounts exist (`kundenakte serve` tells how to add one when there is none)."""
    with engine.connect() as conn:
        found = conn.execute(select(func.count()).select_from(User)
                             .where(User.role == Role.ADMIN.value, User.active.is_(True))).scalar()
    return int(found or 0)


__all__ = ["admin_count"]
