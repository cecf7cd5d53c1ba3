"""API tokens: created for a user with a scope and an optional expiry, listed, revoked (admins; audited).

The token is shown once, at creation; only its SHA-256 is kept (services/tokens.py checks a presented one).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from core.errors import InvalidInput, NotFound
from core.schema import ApiToken, User
from core.vocabulary import Role, TokenScope
from services import audit
from services.policy import require_admin
from services.users import CurrentUser

#: what every token starts with (so a leaked one is recognisable, e.g. by secret scanners)
TOKEN_PREFIX = "ka_"
#: the characters of a token kept in clear to tell tokens apart in listings
SHOWN = 10
#: the longest a token may live
MAX_DAYS = 3650


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    """A token as the admin sees it (never the token itself after creation)."""

    id: int
    user: str
    scope: TokenScope
    prefix: str
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class NewToken:
    """A created token: shown once."""

    info: TokenInfo
    token: str


def create_token(engine: Engine, admin: CurrentUser, user_name: str, scope: TokenScope = TokenScope.READ,
                 expires_days: int | None = None, *, now: datetime | None = None) -> NewToken:
    """A new token acting as `user_name`; an admin token only for an admin account; audited."""
    require_admin(engine, admin, "tokens")
    if expires_days is not None and not 1 <= expires_days <= MAX_DAYS:
        raise InvalidInput(f"--expires: 1 to {MAX_DAYS} days")
    now = now or datetime.now()
    with engine.begin() as conn:
        row = conn.execute(select(User.id, User.role, User.active).where(User.name == user_name)).first()
        if row is None:
            raise NotFound(f"no user {user_name!r}")
        if not row.active:
            raise InvalidInput(f"user {user_name!r} is disabled")
        if scope is TokenScope.ADMIN and row.role != Role.ADMIN.value:
            raise InvalidInput(f"an admin token needs an admin account; {user_name!r} is {row.role}")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = now + timedelta(days=expires_days) if expires_days else None
        new_id = conn.execute(insert(ApiToken).values(
            user_id=row.id, token_hash=token_hash(token), prefix=token[:SHOWN], scope=scope.value, created_at=now,
            created_by=admin.id[:100], expires_at=expires).returning(ApiToken.id)).scalar_one()
        audit.record(conn, admin, "token_created", f"token {new_id} of {user_name}", f"scope {scope.value}")
    info = TokenInfo(new_id, user_name, scope, token[:SHOWN], now, admin.id, expires, None, None)
    return NewToken(info, token)


def list_tokens(engine: Engine, admin: CurrentUser) -> list[TokenInfo]:
    """Every token, newest first (revoked and expired ones too, so the admin sees what was)."""
    require_admin(engine, admin, "tokens")
    with engine.connect() as conn, Session(conn) as session:
        listed = select(ApiToken, User.name).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id.desc())
        rows = [(r[0], r[1]) for r in session.execute(listed).all()]
    return [TokenInfo(t.id, name, TokenScope(t.scope), t.prefix, t.created_at, t.created_by, t.expires_at,
                      t.revoked_at, t.last_used_at) for t, name in rows]


def revoke_token(engine: Engine, admin: CurrentUser, token_id: int) -> None:
    """The token stops working from the next request on (audited); revoking twice is refused."""
    require_admin(engine, admin, "tokens")
    with engine.begin() as conn:
        done = conn.execute(update(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
                            .values(revoked_at=datetime.now()))
        if done.rowcount != 1:
            raise NotFound(f"no active token {token_id}")
        audit.record(conn, admin, "token_revoked", f"token {token_id}")


__all__ = ["MAX_DAYS", "TOKEN_PREFIX", "NewToken", "TokenInfo", "create_token", "list_tokens", "revoke_token",
           "token_hash"]
