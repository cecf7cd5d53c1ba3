"""Who may sign in and what each role may see: users, the permission matrix, the organisation scopes.

The matrix and the scopes are rows an admin edits (`kundenakte permissions`, the settings page);
the policy reads them on every request, so a change holds from the next request on. The
migration that creates them seeds the defaults of spec/analytics.md, "Security: need-to-know".
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.schema.base import Base, fk


class User(Base):
    """A person who signs in: an agent (internal roles) or a customer's contact (`external`).

    `session_token` goes into the session cookie (flask-login's `get_id`) and is replaced on
    sign-out, password change and deactivation, so a copied cookie dies with them.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    agent_id: Mapped[str | None] = mapped_column(fk("agents.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"), index=True)
    #: argon2id (argon2-cffi's encoded form, parameters included)
    password_hash: Mapped[str] = mapped_column(Text)
    session_token: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    #: `de` or `en`
    locale: Mapped[str] = mapped_column(String(5), default="de")
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]
    last_sign_in_at: Mapped[datetime | None]


class Permission(Base):
    """One cell of the permission matrix: what a role may do with an information area."""

    __tablename__ = "permissions"

    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    area: Mapped[str] = mapped_column(String(20), primary_key=True)
    #: `none`, `read` or `edit`
    level: Mapped[str] = mapped_column(String(4))


class RoleScope(Base):
    """Which organisations an internal role sees: `all`, or `own_accounts` (KAM, deputy, their team)."""

    __tablename__ = "role_scopes"

    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))


class ApiToken(Base):
    """A token another system sends as `Authorization: Bearer ...`: it acts as its user, within its scope.

    Only the SHA-256 of the token is stored (the token is 256 random bits, so no slow hash is needed:
    nothing to guess); `prefix` is its first characters, shown in listings to tell tokens apart.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(fk("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    #: `read`, `write`, `import` or `admin` (core.vocabulary.TokenScope)
    scope: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
