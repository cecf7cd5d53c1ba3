"""The audit log: one appended row per sign-in, sign-out, refusal, change and export (who, what, when, why)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, insert, select

from core.tables import audit_log
from services.users import CurrentUser


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log as the admin reads it."""

    id: int
    at: datetime
    who: str
    action: str
    subject: str
    why: str | None
    address: str | None


def record(conn: Connection, user: CurrentUser | str, action: str, subject: str, why: str | None = None,
           address: str | None = None) -> None:
    """Append one row inside the caller's transaction (a command's write and its audit entry go together)."""
    who = user if isinstance(user, str) else user.id
    if address is None and not isinstance(user, str):
        address = user.address
    conn.execute(insert(audit_log).values(at=datetime.now(), who=who[:100], action=action[:40],
                                          subject=subject[:200], why=why, address=address))


def record_now(engine: Engine, user: CurrentUser | str, action: str, subject: str, why: str | None = None,
               address: str | None = None) -> None:
    """Append one row in a transaction of its own (a refusal is logged although nothing else is written)."""
    with engine.begin() as conn:
        record(conn, user, action, subject, why, address)


def entries(engine: Engine, *, limit: int = 100, offset: int = 0, action: str | None = None,
            who: str | None = None) -> Sequence[AuditEntry]:
    """The newest entries first (for `kundenakte audit` and the admin's page; the caller checks the right)."""
    a = audit_log.c
    query = select(a.id, a.at, a.who, a.action, a.subject, a.why, a.address)
    if action:
        query = query.where(a.action == action)
    if who:
        query = query.where(a.who == who)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(a.at.desc(), a.id.desc()).offset(offset).limit(limit)).all()
    return [AuditEntry(*r) for r in rows]


__all__ = ["AuditEntry", "entries", "record", "record_now"]
