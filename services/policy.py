"""Need-to-know: the one module that decides what a user may see and do (spec/analytics.md, "Security").

Three rules, applied as SQL clauses inside every query so that hidden rows never leave the database:

* the **permission matrix** (role x information area -> none / read / edit, the `permissions` table),
  read afresh on every call, so an admin's change holds from the next request on;
* the **organisation scope** of a role (`role_scopes`: all organisations, or own accounts: where the
  user's agent or a member of its team is key account manager or deputy);
* **restricted engagements**: a project with `restricted_team`, and what hangs at it (hours,
  documents, invoices and so margin), only for members of that team, whatever the role;
* **external users** (a customer's contact): their own organisation only, and there only tickets,
  the project activities of unrestricted projects and documents marked `external`.

A refusal writes an audit entry and raises `Forbidden` (a whole area) or `NotFound` (an organisation
or a thing the user may not see: its existence is not revealed either).

Its queries run on core.tables (SQLAlchemy Core, no ORM), so that a quick command decided here
(`kundenakte caller`) loads no declarative schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    delete,
    false,
    insert,
    literal,
    or_,
    select,
    true,
    union_all,
)

from core.errors import Forbidden, InvalidInput, NotFound
from core.tables import agents, organisations, permissions, projects, role_scopes
from core.vocabulary import SIGN_IN_ROLES, Area, Level, Role, Scope
from services import audit
from services.users import CurrentUser

#: the longest id of the interchange format (core.schema.base.Key)
MAX_ID = 64
#: what an external user may read at all, whatever the matrix says (the matrix may only narrow it)
EXTERNAL_AREAS = frozenset({Area.MASTER_DATA, Area.SERVICE, Area.PROJECTS, Area.DOCUMENTS})


@dataclass(frozen=True)
class Grants:
    """What one user may, as the database says at the moment of the request."""

    user: CurrentUser
    levels: Mapping[Area, Level]
    scope: Scope

    def level(self, area: Area) -> Level:
        return self.levels.get(area, Level.NONE)

    def reads(self, area: Area) -> bool:
        return self.level(area).reads

    def edits(self, area: Area) -> bool:
        return self.level(area).edits

    def readable(self) -> frozenset[Area]:
        return frozenset(a for a in Area if self.reads(a))


def grants(conn: Connection, user: CurrentUser) -> Grants:
    """The user's levels per area and organisation scope (the system user: everything)."""
    if user.is_system:
        return Grants(user, {a: Level.EDIT for a in Area}, Scope.ALL)
    levels: dict[Area, Level] = {}
    stored: str | None = None
    p, r = permissions.c, role_scopes.c
    # the role's levels and its scope in one round trip (a look-up per ring of the phone runs through here)
    rows = union_all(select(p.area, p.level).where(p.role == user.role),
                     select(literal(_SCOPE_ROW), r.scope).where(r.role == user.role))
    for area, level in conn.execute(rows):
        if area == _SCOPE_ROW:
            stored = level
            continue
        try:
            levels[Area(area)] = Level(level)
        except ValueError:  # a row of an area or level this version does not know grants nothing
            continue
    if user.is_external:
        levels = {a: min(lv, Level.READ, key=_rank) for a, lv in levels.items() if a in EXTERNAL_AREAS}
        return Grants(user, levels, Scope.OWN_ACCOUNTS)
    return Grants(user, levels, Scope(stored) if stored in set(Scope) else Scope.ALL)


#: the row of `grants`' query that carries the role's scope (no area is named so)
_SCOPE_ROW = "(scope)"


def _rank(level: Level) -> int:
    return (Level.NONE, Level.READ, Level.EDIT).index(level)


def deny(engine: Engine, user: CurrentUser, what: str, exc: type[Exception] = Forbidden) -> NoReturn:
    """Write the refusal to the audit log, then raise (Forbidden for an area, NotFound for a thing)."""
    audit.record_now(engine, user, "denied", what)
    raise exc(what if exc is Forbidden else f"{what}: not found")


def require(engine: Engine, conn: Connection, user: CurrentUser, area: Area,
            level: Level = Level.READ) -> Grants:
    """The user's grants, if they reach `level` in `area`; else an audited Forbidden."""
    found = grants(conn, user)
    if _rank(found.level(area)) < _rank(level):
        deny(engine, user, f"{level.value} {area.value}")
    return found


def ensure(engine: Engine, user: CurrentUser, area: Area, level: Level = Level.READ) -> Grants:
    """`require` on a connection of its own: for callers that ask before they read (a page's callbacks)."""
    with engine.connect() as conn:
        return require(engine, conn, user, area, level)


def readable_areas(engine: Engine, user: CurrentUser) -> frozenset[Area]:
    """The areas the user may read now (to build a navigation that shows only what the role may see)."""
    with engine.connect() as conn:
        return grants(conn, user).readable()


def organisation_clause(g: Grants, organisation_id: ColumnElement[str]) -> ColumnElement[bool]:
    """The organisations the user may see, as a condition on an organisation id column."""
    user = g.user
    if user.is_external:
        return organisation_id == user.organisation_id if user.organisation_id else false()
    if g.scope is Scope.ALL:
        return true()
    if user.agent_id is None:
        return false()
    o, a = organisations.c, agents.c
    own_agents = [user.agent_id]
    team_agents = select(a.id).where(a.team.in_(sorted(user.teams))) if user.teams else None
    holders = or_(o.key_account_manager_id.in_(own_agents), o.deputy_id.in_(own_agents))
    if team_agents is not None:
        holders = or_(holders, o.key_account_manager_id.in_(team_agents), o.deputy_id.in_(team_agents))
    return organisation_id.in_(select(o.id).where(holders))


def visible_organisations(g: Grants, organisation_id: ColumnElement[str]) -> ColumnElement[bool]:
    """Alias of `organisation_clause` for readers that ask the question the other way round."""
    return organisation_clause(g, organisation_id)


def project_visible(user: CurrentUser, restricted_team: ColumnElement[str | None]) -> ColumnElement[bool]:
    """Whether a project (its `restricted_team` column) is visible: unrestricted, or the user is in the team."""
    if user.is_system:
        return true()
    if not user.teams:
        return restricted_team.is_(None)
    return or_(restricted_team.is_(None), restricted_team.in_(sorted(user.teams)))


def hidden_projects(user: CurrentUser) -> Select[tuple[str]] | None:
    """The ids of the projects the user may not see (None: none are hidden), for `NOT IN` on what hangs at them."""
    if user.is_system:
        return None
    p = projects.c
    return select(p.id).where(p.restricted_team.is_not(None), ~project_visible(user, p.restricted_team))


def not_in_hidden_project(user: CurrentUser, project_id: ColumnElement[str | None]) -> ColumnElement[bool]:
    """A row that hangs at a project (time entry, document, invoice) is visible unless its project is hidden."""
    hidden = hidden_projects(user)
    if hidden is None:
        return true()
    return or_(project_id.is_(None), project_id.not_in(hidden))


def checked_id(value: object, what: str = "id") -> str:
    """An id as the interchange format has them (a text of 1 to 64 characters); anything else is InvalidInput."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID or "\x00" in value:
        raise InvalidInput(f"not a valid {what}")
    return value


def may_see_organisation(engine: Engine, conn: Connection, g: Grants, organisation_id: str) -> None:
    """Refuse (audited NotFound) an organisation the user may not see, or that does not exist."""
    checked_id(organisation_id, "organisation id")
    o = organisations.c
    found = conn.execute(select(o.id).where(o.id == organisation_id, organisation_clause(g, o.id))).first()
    if found is None:
        deny(engine, g.user, f"organisation {organisation_id!r}", NotFound)


def require_admin(engine: Engine, user: CurrentUser, what: str) -> None:
    """Refuse (audited) anyone who may not edit the administration area."""
    with engine.connect() as conn:
        allowed = grants(conn, user).edits(Area.ADMINISTRATION)
    if not allowed:
        deny(engine, user, f"edit administration ({what})")


# --- the admin's side: the matrix and the scopes as rows ------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the permission matrix."""

    role: Role
    area: Area
    level: Level


def matrix(conn: Connection) -> list[MatrixCell]:
    """Every role's level per area (a missing row is `none`), roles and areas in the vocabulary's order."""
    p = permissions.c
    stored = {(r, a): lv for r, a, lv in conn.execute(select(p.role, p.area, p.level))}
    return [MatrixCell(role, area, Level(stored.get((role.value, area.value), Level.NONE.value)))
            for role in SIGN_IN_ROLES for area in Area]


def scopes(conn: Connection) -> dict[Role, Scope]:
    """The organisation scope of every internal role (default: all)."""
    stored = dict(conn.execute(select(role_scopes.c.role, role_scopes.c.scope)).all())
    return {role: Scope(stored.get(role.value, Scope.ALL.value)) for role in SIGN_IN_ROLES
            if role is not Role.EXTERNAL}


def set_level(engine: Engine, admin: CurrentUser, role: Role, area: Area, level: Level) -> None:
    """Change one cell of the matrix (admins only; audited; effective on the next request)."""
    require_admin(engine, admin, "permissions")
    with engine.begin() as conn:
        if role is Role.SYSTEM:
            raise InvalidInput("the system user's rights are not in the matrix")
        if role is Role.ADMIN and area is Area.ADMINISTRATION and level is not Level.EDIT:
            raise InvalidInput("admins keep the right to administer (else nobody could undo it)")
        p = permissions.c
        conn.execute(delete(permissions).where(p.role == role.value, p.area == area.value))
        conn.execute(insert(permissions).values(role=role.value, area=area.value, level=level.value))
        audit.record(conn, admin, "permission", f"{role.value} {area.value}", f"set to {level.value}")


def set_scope(engine: Engine, admin: CurrentUser, role: Role, scope: Scope) -> None:
    """Narrow or widen the organisations an internal role sees (admins only; audited)."""
    require_admin(engine, admin, "scopes")
    with engine.begin() as conn:
        if role in (Role.SYSTEM, Role.EXTERNAL):
            raise InvalidInput(f"role {role.value} has a fixed scope")
        conn.execute(delete(role_scopes).where(role_scopes.c.role == role.value))
        conn.execute(insert(role_scopes).values(role=role.value, scope=scope.value))
        audit.record(conn, admin, "scope", role.value, f"set to {scope.value}")


__all__ = [
    "EXTERNAL_AREAS",
    "MAX_ID",
    "Grants",
    "MatrixCell",
    "checked_id",
    "deny",
    "ensure",
    "grants",
    "hidden_projects",
    "matrix",
    "may_see_organisation",
    "not_in_hidden_project",
    "organisation_clause",
    "project_visible",
    "readable_areas",
    "require",
    "require_admin",
    "scopes",
    "set_level",
    "set_scope",
    "visible_organisations",
]
