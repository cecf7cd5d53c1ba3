"""The signed-in session (OWASP ASVS 5.0 V7): who, since when, last seen; and where to go afterwards.

The session is Flask's signed cookie. flask-login keeps the user's session token in it (`get_id`),
`services.signin` replaces that token on sign-out, password change and deactivation, so every copy
of an older cookie is anonymous from then on. Beside it the session holds the time of the sign-in
and of the last request: the gate ends a session idle longer than `session_idle_minutes` or older
than `session_absolute_hours` (both checked on the server from the signed values, whatever the
browser does). flask-login's remember-me cookie is never set; a session without the sign-in time
(e.g. one flask-login restored from such a cookie) counts as not signed in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from flask import request, session
from flask_login import UserMixin, current_user, login_user, logout_user

from services.users import CurrentUser

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
#: the last-seen time is written again only after this many seconds (not a new cookie per request)
SEEN_RESOLUTION = 60


class SignedIn(UserMixin):
    """flask-login's user: the service layer's `CurrentUser` and the session token the cookie carries."""

    def __init__(self, user: CurrentUser, token: str) -> None:
        self.user = user
        self.token = token

    def get_id(self) -> str:
        return self.token


@dataclass(frozen=True)
class Timeouts:
    """How long a session lasts without a request (idle) and at most (absolute)."""

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)


def begin(user: SignedIn, now: float | None = None) -> None:
    """Start a fresh session for `user`: nothing of the session before the sign-in survives (fixation)."""
    session.clear()
    login_user(user, remember=False)
    stamp = int(time.time() if now is None else now)
    session[SIGNED_IN_AT] = stamp
    session[SEEN_AT] = stamp


def end() -> None:
    """Forget the signed-in user of this request and empty the session."""
    logout_user()
    session.clear()


def signed_in_user(timeouts: Timeouts, now: float | None = None) -> tuple[CurrentUser | None, bool]:
    """The signed-in user of this request (with its address), and whether a session has just expired.

    (None, False): nobody signed in; (None, True): a session was there but is over (it is ended).
    """
    if not current_user.is_authenticated:
        return None, False
    now = time.time() if now is None else now
    started, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(started, int) or not isinstance(seen, int):
        end()
        return None, False
    if now - started >= timeouts.absolute.total_seconds() or now - seen >= timeouts.idle.total_seconds():
        end()
        return None, True
    if now - seen >= SEEN_RESOLUTION:
        session[SEEN_AT] = int(now)
    signed: SignedIn = current_user._get_current_object()  # type: ignore[attr-defined]
    return replace(signed.user, address=request.remote_addr), False


def safe_next(value: str | None, default: str = "/") -> str:
    """`value` if it is a path on this site, else `default`: never another host (open redirect).

    Refused: anything not starting with one `/`, a scheme or host (`//evil`, `https://evil`,
    `javascript:`), backslashes (`/\\evil`, which browsers read as `//evil`), control characters
    (browsers drop tabs and newlines: `/\\t/evil`), the same encoded once or more, and the sign-in
    and sign-out pages themselves.
    """
    if not value or len(value) > 2048:
        return default
    decoded = value
    for _ in range(4):
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    for candidate in (value, decoded):
        if not candidate.startswith("/") or candidate.startswith("//"):
            return default
        if "\\" in candidate or any(ord(c) < 32 or 127 <= ord(c) <= 159 for c in candidate):
            return default
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return default
    if urlsplit(value).path in ("/login", "/logout"):
        return default
    return value


__all__ = ["SEEN_AT", "SIGNED_IN_AT", "SignedIn", "Timeouts", "begin", "end", "safe_next", "signed_in_user"]
