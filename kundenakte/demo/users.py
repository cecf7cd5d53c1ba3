"""The demo's sign-in accounts: one user per sign-in role, with generated passwords printed at the start.

Internal roles are linked to a fitting agent of the demo company (an active agent of that role, else
one of the role's usual team, else any active agent); `external` to a contact of a customer that has
tickets and documents shared with the customer (`documents.external`), so the external view shows
something. A second run on the same database keeps the accounts; it keeps the passwords of the sign-in
sheet (demo-users.txt, 0600) that still sign in, and gives the others new ones.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, case, exists, select

from core.db import sqlite_path
from core.schema import Agent, Contact, Document, Invoice, Organisation, Ticket, User
from core.vocabulary import SIGN_IN_ROLES, Role
from services import signin
from services.commands.users import add_user, change_password
from services.users import SYSTEM

FILE_NAME = "demo-users.txt"
HEADING = "Anmeldung / sign-in:"
#: the team of the demo company (kundenakte.demo.names.AGENTS) each role's agent is taken from, when
#: no agent carries the role itself
ROLE_TEAMS: dict[Role, str] = {
    Role.ADMIN: "Geschäftsführung",
    Role.MANAGEMENT: "Geschäftsführung",
    Role.SALES: "Vertrieb",
    Role.SUPPORT: "Service",
    Role.PURCHASING: "Einkauf",
}


@dataclass(frozen=True)
class DemoUser:
    """A demo account: its name (the role's word), role, the password just set, and whom it is linked to."""

    name: str
    role: Role
    password: str
    linked: str | None


def new_password() -> str:
    """16 random URL-safe characters (96 bits)."""
    return secrets.token_urlsafe(12)


def _agent_for(conn: Connection, role: Role, taken: set[str]) -> tuple[str, str] | None:
    """(id, name) of the agent an internal demo user is: by role, else by team, else any active one."""
    a = Agent
    base = select(a.id, a.name).where(a.active.is_(True))
    free = base.where(a.id.not_in(sorted(taken))) if taken else base
    candidates = [free.where(a.role == role.value).order_by(a.id)]
    team = ROLE_TEAMS.get(role)
    if team is not None:
        # the team lead first: with the scope `own_accounts` a team member sees the team's accounts
        lead_first = case((a.role == "teamlead", 0), else_=1)
        candidates.append(free.where(a.team == team).order_by(lead_first, a.id))
    candidates += [free.order_by(a.id), base.order_by(a.id)]
    for query in candidates:
        row = conn.execute(query.limit(1)).first()
        if row is not None:
            return str(row.id), str(row.name)
    return None


def _external_contact(conn: Connection) -> tuple[str, str] | None:
    """(id, label) of a contact of a customer with tickets and external documents; else of any contact."""
    c, o = Contact, Organisation
    has_tickets = exists().where(Ticket.organisation_id == o.id)
    has_shared = exists().where(Document.organisation_id == o.id, Document.external.is_(True))
    is_customer = exists().where(Invoice.organisation_id == o.id)
    own_ticket = exists().where(Ticket.contact_id == c.id)
    base = (select(c.id, c.first_name, c.last_name, o.name.label("organisation"))
            .join(o, o.id == c.organisation_id).where(c.anonymised_at.is_(None)))
    fitting = base.where(has_tickets, has_shared, is_customer)
    for query in (fitting.where(own_ticket), fitting, base.where(has_tickets, has_shared), base):
        row = conn.execute(query.order_by(o.id, c.id).limit(1)).first()
        if row is not None:
            person = " ".join(p for p in (row.first_name, row.last_name) if p)
            return str(row.id), f"contact {row.id} {person} ({row.organisation})"
    return None


def _linked(conn: Connection, agent_id: str | None, contact_id: str | None) -> str | None:
    """The label of an existing account's link."""
    if agent_id:
        name = conn.execute(select(Agent.name).where(Agent.id == agent_id)).scalar()
        return f"agent {agent_id} {name or ''}".rstrip()
    if contact_id:
        row = conn.execute(select(Contact.first_name, Contact.last_name, Organisation.name)
                           .join(Organisation, Organisation.id == Contact.organisation_id)
                           .where(Contact.id == contact_id)).first()
        if row is None:
            return f"contact {contact_id}"
        person = " ".join(p for p in (row[0], row[1]) if p)
        return f"contact {contact_id} {person} ({row[2]})"
    return None


def _signs_in(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches the stored hash (checked without signing in: no audit entry, no session)."""
    if not stored_hash:
        return False
    try:
        return bool(signin.HASHER.verify(stored_hash, password))
    except (VerificationError, InvalidHashError):  # a mismatch is a VerificationError too
        return False


def create_demo_users(engine: Engine, keep: Mapping[str, str] | None = None) -> list[DemoUser]:
    """One account per sign-in role (named like the role), each with a fresh password or a kept one.

    An account that exists already keeps its link; it keeps its password when `keep` (name -> password,
    from the sign-in sheet) names one that still signs in, else it gets a new one. Without any contact
    there is no external account.
    """
    keep = keep or {}
    with engine.connect() as conn:
        existing = {r.name: r for r in conn.execute(
            select(User.name, User.agent_id, User.contact_id, User.password_hash, User.active))}
    made: list[DemoUser] = []
    taken = {r.agent_id for r in existing.values() if r.agent_id}
    for role in SIGN_IN_ROLES:
        name = role.value
        password = new_password()
        if name in existing:
            row = existing[name]
            kept = keep.get(name)
            if kept is not None and row.active and _signs_in(row.password_hash, kept):
                password = kept
            else:
                change_password(engine, SYSTEM, name, password)
            with engine.connect() as conn:
                linked = _linked(conn, existing[name].agent_id, existing[name].contact_id)
            made.append(DemoUser(name, role, password, linked))
            continue
        with engine.connect() as conn:
            if role is Role.EXTERNAL:
                contact = _external_contact(conn)
                agent = None
            else:
                agent = _agent_for(conn, role, taken)
                contact = None
        if role is Role.EXTERNAL and contact is None:
            continue  # an external user needs a contact
        add_user(engine, SYSTEM, name, role, password, agent_id=agent[0] if agent else None,
                 contact_id=contact[0] if contact else None)
        if agent is not None:
            taken.add(agent[0])
        linked = f"agent {agent[0]} {agent[1]}" if agent else contact[1] if contact else None
        made.append(DemoUser(name, role, password, linked))
    return made


def demo_users_table(users: Sequence[DemoUser]) -> str:
    """The sign-in sheet: a heading, then name, role, password (and the link) per line."""
    rows = [("name", "role", "password", "linked to")]
    rows += [(u.name, u.role.value, u.password, u.linked or "") for u in users]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [HEADING]
    for r in rows:
        lines.append(("  " + "  ".join(v.ljust(w) for v, w in zip(r[:3], widths, strict=True)) + "  " + r[3])
                     .rstrip())
    return "\n".join(lines) + "\n"


def demo_users_file(database_url: str) -> Path:
    """Where the sign-in sheet goes: beside the SQLite file, else in the working folder."""
    path = sqlite_path(database_url)
    return (path.parent if path is not None else Path()) / FILE_NAME


def read_demo_users(path: Path) -> dict[str, str]:
    """The passwords of a sign-in sheet that write_demo_users wrote (name -> password); empty without one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    if HEADING not in lines:
        return {}
    found: dict[str, str] = {}
    for line in lines[lines.index(HEADING) + 2:]:  # after the heading and the column names
        parts = line.split()
        if len(parts) >= 3:
            found[parts[0]] = parts[2]
    return found


def write_demo_users(users: Sequence[DemoUser], database_url: str, source: str | None = None) -> Path:
    """Write the sign-in sheet beside the database, readable and writable by its owner only (0600).

    An older sheet is removed first, so the new one is created with mode 0600 and never inherits a wider one.
    """
    path = demo_users_file(database_url)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"# Kundenakte demo, {datetime.now().isoformat(timespec='seconds')}"
                  + (f", database {source}" if source else "") + "\n")
        out.write(demo_users_table(users))
    return path


__all__ = ["DemoUser", "create_demo_users", "demo_users_file", "demo_users_table", "new_password",
           "read_demo_users", "write_demo_users"]
