"""Sign-in: a user name and password checked against the argon2id hash, the session token of a signed-in user.

The same answer, and about the same time, for an unknown user and a wrong password: an unknown
name is verified against a dummy hash. The session token (flask-login's `get_id`) is replaced on
sign-out, password change and deactivation, so a copied cookie stops working with them.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, select, update

from core.schema import Agent, Contact, User
from core.vocabulary import Role
from services import audit
from services.users import MAX_PASSWORD, MIN_PASSWORD, CurrentUser

#: argon2id with argon2-cffi's defaults (RFC 9106's second recommended parameter set)
HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash of a random password with the production parameters, made on the first sign-in (not on import:
    a hash costs most of a second), so an unknown name costs one verification like a wrong password."""
    return HASHER.hash(secrets.token_urlsafe(16))


def new_session_token() -> str:
    """A fresh random token for the session cookie (256 bits)."""
    return secrets.token_hex(32)


def hash_password(password: str) -> str:
    """The argon2id hash of a password that meets the length rule (ValueError otherwise)."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"a password has at most {MAX_PASSWORD} characters")
    return HASHER.hash(password)


def user_of(conn: Connection, row: User) -> CurrentUser:
    teams: frozenset[str] = frozenset()
    if row.agent_id:
        team = conn.execute(select(Agent.team).where(Agent.id == row.agent_id)).scalar()
        teams = frozenset({team}) if team else frozenset()
    organisation = None
    if row.contact_id:
        organisation = conn.execute(select(Contact.organisation_id).where(Contact.id == row.contact_id)).scalar()
    return CurrentUser(id=row.name, role=Role(row.role), agent_id=row.agent_id, teams=teams,
                       contact_id=row.contact_id, organisation_id=organisation, user_id=row.id, locale=row.locale)


def _row(conn: Connection, *where: object) -> User | None:
    from sqlalchemy.orm import Session

    with Session(conn) as session:
        found = session.scalars(select(User).where(*where)).first()  # type: ignore[arg-type]
        if found is not None:
            session.expunge(found)
        return found


def authenticate(engine: Engine, name: str, password: str, address: str | None = None) -> CurrentUser | None:
    """The user if name and password match an active account; None otherwise (both audited)."""
    name = name.strip()[:100]
    with engine.connect() as conn:
        row = _row(conn, User.name == name) if name else None
    stored = row.password_hash if row is not None and row.active else _dummy_hash()
    ok = False
    try:
        ok = len(password) <= MAX_PASSWORD and HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None or not row.active:
        audit.record_now(engine, name or "?", "sign_in_failed", name or "?", None, address)
        return None
    with engine.begin() as conn:
        values: dict[str, object] = {"last_sign_in_at": datetime.now()}
        if HASHER.check_needs_rehash(row.password_hash):
            values["password_hash"] = HASHER.hash(password)
        conn.execute(update(User).where(User.id == row.id).values(**values))
        audit.record(conn, row.name, "sign_in", row.name, None, address)
        return user_of(conn, row)


def user_by_token(engine: Engine, token: str | None) -> CurrentUser | None:
    """The active user whose session token this is (flask-login's user loader), else None."""
    if not token or len(token) != 64:
        return None
    with engine.connect() as conn:
        row = _row(conn, User.session_token == token, User.active.is_(True))
        return None if row is None else user_of(conn, row)


def session_token(engine: Engine, user: CurrentUser) -> str:
    """The current session token of a signed-in user (what the cookie carries)."""
    with engine.connect() as conn:
        token = conn.execute(select(User.session_token).where(User.id == user.user_id)).scalar()
    if token is None:
        raise LookupError(f"user {user.id!r} has no account")
    return str(token)


def sign_out(engine: Engine, user: CurrentUser) -> None:
    """End every session of the user: a new token makes each copy of the old cookie worthless (audited)."""
    with engine.begin() as conn:
        conn.execute(update(User).where(User.id == user.user_id).values(session_token=new_session_token()))
        audit.record(conn, user, "sign_out", user.id)


__all__ = [
    "HASHER", "MAX_PASSWORD", "MIN_PASSWORD", "authenticate", "hash_password", "new_session_token",
    "session_token", "sign_out", "user_by_token",
]
