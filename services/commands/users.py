"""Managing who may sign in: add, list, disable, change a password, choose a language (admins; audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert, select, update

from core.errors import InvalidInput, NotFound
from core.schema import Agent, Contact, User
from core.vocabulary import SIGN_IN_ROLES, Role
from services import audit
from services.policy import require_admin
from services.signin import hash_password, new_session_token
from services.users import LOCALES, CurrentUser


@dataclass(frozen=True)
class UserInfo:
    """An account as the admin sees it (never its hash or token)."""

    name: str
    role: Role
    agent_id: str | None
    contact_id: str | None
    active: bool
    locale: str
    created_at: datetime
    last_sign_in_at: datetime | None


def _checked_password(password: str) -> str:
    try:
        return hash_password(password)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc


def add_user(engine: Engine, admin: CurrentUser, name: str, role: Role, password: str, *,
             agent_id: str | None = None, contact_id: str | None = None, locale: str = "de") -> UserInfo:
    """A new account: an internal role is linked to an agent, `external` to a contact (InvalidInput else)."""
    require_admin(engine, admin, "users")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("a user name has 1 to 100 characters")
    if role not in SIGN_IN_ROLES:
        raise InvalidInput(f"no sign-in role {role!r}")
    if locale not in LOCALES:
        raise InvalidInput(f"language {locale!r}: de or en")
    if role is Role.EXTERNAL and (contact_id is None or agent_id is not None):
        raise InvalidInput("an external user is linked to a contact (--contact), not to an agent")
    if role is not Role.EXTERNAL and contact_id is not None:
        raise InvalidInput("only external users are linked to a contact")
    hashed = _checked_password(password)
    now = datetime.now()
    with engine.begin() as conn:
        if conn.execute(select(User.id).where(User.name == name)).first() is not None:
            raise InvalidInput(f"user {name!r} exists already")
        if agent_id is not None and conn.execute(select(Agent.id).where(Agent.id == agent_id)).first() is None:
            raise InvalidInput(f"no agent {agent_id!r}")
        if contact_id is not None and conn.execute(
                select(Contact.id).where(Contact.id == contact_id)).first() is None:
            raise InvalidInput(f"no contact {contact_id!r}")
        conn.execute(insert(User).values(
            name=name, role=role.value, agent_id=agent_id, contact_id=contact_id, password_hash=hashed,
            session_token=new_session_token(), active=True, locale=locale, created_at=now,
            password_changed_at=now))
        audit.record(conn, admin, "user_added", name, f"role {role.value}")
    return UserInfo(name, role, agent_id, contact_id, True, locale, now, None)


def list_users(engine: Engine, admin: CurrentUser) -> list[UserInfo]:
    """Every account, by name (admins only)."""
    require_admin(engine, admin, "users")
    u = User
    with engine.connect() as conn:
        rows = conn.execute(select(u.name, u.role, u.agent_id, u.contact_id, u.active, u.locale, u.created_at,
                                   u.last_sign_in_at).order_by(u.name)).all()
    return [UserInfo(r.name, Role(r.role), r.agent_id, r.contact_id, bool(r.active), r.locale, r.created_at,
                     r.last_sign_in_at) for r in rows]


def _change(engine: Engine, actor: CurrentUser, name: str, action: str, **values: object) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(User).where(User.name == name).values(**values))
        if done.rowcount == 0:
            raise NotFound(f"user {name!r}")
        audit.record(conn, actor, action, name)


def disable_user(engine: Engine, admin: CurrentUser, name: str) -> None:
    """The account can no longer sign in, and its sessions end at once (a new token)."""
    require_admin(engine, admin, "users")
    _change(engine, admin, name, "user_disabled", active=False, session_token=new_session_token())


def enable_user(engine: Engine, admin: CurrentUser, name: str) -> None:
    """A disabled account may sign in again (with its password)."""
    require_admin(engine, admin, "users")
    _change(engine, admin, name, "user_enabled", active=True)


def change_password(engine: Engine, actor: CurrentUser, name: str, password: str) -> None:
    """A new password for `name` (an admin for anyone, a user for themself); every session of it ends."""
    if actor.id != name or actor.user_id is None:
        require_admin(engine, actor, "users")
    hashed = _checked_password(password)
    _change(engine, actor, name, "password_changed", password_hash=hashed, session_token=new_session_token(),
            password_changed_at=datetime.now())


def set_locale(engine: Engine, user: CurrentUser, locale: str) -> None:
    """The signed-in user's language for the dashboard (kept in the profile)."""
    if locale not in LOCALES:
        raise InvalidInput(f"language {locale!r}: de or en")
    if user.user_id is None:
        raise NotFound("the system user has no profile")
    with engine.begin() as conn:
        conn.execute(update(User).where(User.id == user.user_id).values(locale=locale))


__all__ = [
    "LOCALES", "UserInfo", "add_user", "change_password", "disable_user", "enable_user", "list_users", "set_locale",
]
