"""Who a presented API token acts as, and whether its scope allows the request (issue 21).

A token acts as its user through the same policy as the dashboard; its scope only narrows: `read`
tokens read, `write` tokens also make the dashboard's writes (a supplier rating, a relationship fixed
by hand, an inbox item assigned: what the user's role may edit), `import` tokens also push module data
and inbound mail, calendars and calls (another system's nightly feed: no hand-made writes), `admin`
tokens may do all of it (their user must be an admin anyway). Every use of a token that may write is
audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from core.schema import ApiToken, User
from core.vocabulary import TokenScope
from services import audit
from services.commands.tokens import TOKEN_PREFIX, token_hash
from services.signin import user_of
from services.users import CurrentUser

#: how often `last_used_at` is written at most (a busy integration should not write on every request)
USE_RESOLUTION = timedelta(minutes=5)
#: no real token is longer
MAX_TOKEN = 100

#: which scopes satisfy a need
ALLOWS: dict[TokenScope, frozenset[TokenScope]] = {
    TokenScope.READ: frozenset(TokenScope),
    TokenScope.WRITE: frozenset({TokenScope.WRITE, TokenScope.ADMIN}),
    TokenScope.IMPORT: frozenset({TokenScope.IMPORT, TokenScope.ADMIN}),
    TokenScope.ADMIN: frozenset({TokenScope.ADMIN}),
}


@dataclass(frozen=True)
class TokenUser:
    """The user a valid token acts as, and the token's scope and id (for the audit log)."""

    user: CurrentUser
    scope: TokenScope
    token_id: int

    def allows(self, need: TokenScope) -> bool:
        return self.scope in ALLOWS[need]


def user_for_token(engine: Engine, presented: str, *, now: datetime | None = None) -> TokenUser | None:
    """The token's user if the token exists, is neither revoked nor expired, and its user is active; else None."""
    if not presented.startswith(TOKEN_PREFIX) or len(presented) > MAX_TOKEN:
        return None
    now = now or datetime.now()
    with engine.connect() as conn, Session(conn) as session:
        found = session.execute(select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                                .where(ApiToken.token_hash == token_hash(presented))).first()
        if found is None:
            return None
        token, row = found
        if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now) \
                or not row.active:
            return None
        user = user_of(conn, row)
    if token.last_used_at is None or now - token.last_used_at >= USE_RESOLUTION:
        with engine.begin() as conn:
            conn.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return TokenUser(user, TokenScope(token.scope), token.id)


def record_token_use(engine: Engine, who: TokenUser, method: str, path: str) -> None:
    """A write, import or admin token's request into the audit log (read tokens are not logged per request)."""
    if who.scope is not TokenScope.READ:
        audit.record_now(engine, who.user, f"token_{who.scope.value}", f"{method} {path}"[:200],
                         f"token {who.token_id}")


__all__ = ["ALLOWS", "TokenUser", "record_token_use", "user_for_token"]
