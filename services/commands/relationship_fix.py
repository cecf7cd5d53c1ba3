"""Fix an organisation's relationships by hand, or hand them back to its documents (spec/analytics.md,
"Relationships": "With `relationship_mode = fixed` the roles are exactly `fixed_roles`, for good").

interchange.md, organisations: `relationship_mode` (`auto` or `fixed`) and `fixed_roles` (a `;`-separated subset
of `prospect;customer;supplier`, used when the mode is fixed). The mode is master data: the policy asks for edit
level of master data (admin and sales by default), and the organisation must be one the user may see (else an
audited NotFound). Checked first, written second, in one transaction: the two columns, the audit entry
`old -> new`, and what depends on the relationships:

* account numbers: a role held now for the first time gets its number (`assign_account_numbers`, the import's
  own step; a fixed role's number is valid from always). Numbers are never taken back: a role given up keeps its
  number, as the spec says;
* the cached ABC rankings (`abc_ranks`): their stamp knows imports and the configuration, not this column, so
  every run is dropped and filled again on the next read; and, after the commit, the overview's figures kept in
  this process (`services.overview.CACHE`).

`relationship_starts` and `prospect_spans` are not touched: both are computed from the documents alone (the
starts of the roles by their first document, the prospect spans by the open sales cases), whatever the mode;
the relationship queries read the mode themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Engine, delete, select, text, update

from core.db import is_postgres
from core.errors import InvalidInput, NotFound
from core.schema import AbcRank, AbcRankRun, Organisation
from core.vocabulary import Area, Aspect, Level, RelationshipMode
from services import audit, policy
from services.users import CurrentUser

#: the audit log's action of a fix
ACTION = "relationship_fixed"
#: the roles in the order interchange.md names them (and `fixed_roles` is written in)
ROLE_ORDER: tuple[Aspect, ...] = (Aspect.PROSPECT, Aspect.CUSTOMER, Aspect.SUPPLIER)


@dataclass(frozen=True)
class RelationshipSetting:
    """A mode and, in fixed mode, the roles (empty in auto mode)."""

    mode: RelationshipMode
    roles: tuple[Aspect, ...] = ()

    def stored_roles(self) -> str | None:
        """`fixed_roles` as interchange.md writes it (None in auto mode)."""
        return ";".join(self.roles) if self.mode is RelationshipMode.FIXED else None

    def describe(self) -> str:
        """`auto`, `fixed (customer;supplier)`, `fixed (none)`: what the audit entry says."""
        if self.mode is RelationshipMode.AUTO:
            return "auto"
        return f"fixed ({';'.join(self.roles) or 'none'})"


@dataclass(frozen=True)
class RelationshipFixed:
    """What the fix did: before and after, whether anything changed, account numbers handed out."""

    organisation_id: str
    before: RelationshipSetting
    after: RelationshipSetting
    changed: bool
    account_numbers: int = 0


def setting(mode: object, roles: object = None) -> RelationshipSetting:
    """A checked setting from what a form or the API sends: mode `auto` (no roles) or `fixed` with a list of
    roles out of prospect, customer, supplier (each at most once; an empty list: no relationship at all)."""
    if not isinstance(mode, str) or mode not in tuple(RelationshipMode):
        raise InvalidInput(f"mode: {' or '.join(RelationshipMode)}")
    if RelationshipMode(mode) is RelationshipMode.AUTO:
        if roles not in (None, [], ()):
            raise InvalidInput("roles: only with mode fixed (in auto mode the documents decide)")
        return RelationshipSetting(RelationshipMode.AUTO)
    if not isinstance(roles, list | tuple):
        raise InvalidInput("roles: a list out of prospect, customer, supplier")
    unknown = [r for r in roles if not isinstance(r, str) or r not in tuple(Aspect)]
    if unknown:
        raise InvalidInput(f"roles: {unknown[0]!r} is none of prospect, customer, supplier")
    if len(set(roles)) != len(roles):
        raise InvalidInput("roles: each role at most once")
    return RelationshipSetting(RelationshipMode.FIXED, _ordered(Aspect(r) for r in roles))


def _ordered(roles: Iterable[Aspect]) -> tuple[Aspect, ...]:
    chosen = set(roles)
    return tuple(r for r in ROLE_ORDER if r in chosen)


def _stored(mode: str | None, roles: str | None) -> RelationshipSetting:
    """The setting as the database holds it (`fixed_roles` read as the relationship queries read it)."""
    if mode != RelationshipMode.FIXED:
        return RelationshipSetting(RelationshipMode.AUTO)
    words = {w for w in (roles or "").replace(" ", "").lower().split(";") if w}
    return RelationshipSetting(RelationshipMode.FIXED, _ordered(Aspect(w) for w in words if w in tuple(Aspect)))


def _serialised(conn: Connection) -> None:
    """PostgreSQL: one writer of relationship starts and account numbers at a time (a concurrent fix or import
    waits), so two writers never hand out the same number. SQLite serialises writers by itself."""
    if is_postgres(conn):
        conn.execute(text("LOCK TABLE relationship_starts, account_numbers IN EXCLUSIVE MODE"))


def empty_rank_cache(conn: Connection) -> None:
    """Drop every cached ABC ranking: each is filled again on its next read (services/commands/ranks.py)."""
    conn.execute(delete(AbcRank))
    conn.execute(delete(AbcRankRun))


def fix_relationship(engine: Engine, user: CurrentUser, organisation_id: object, mode: object,
                     roles: object = None, *, today: date | None = None) -> RelationshipFixed:
    """Set the organisation's relationship mode (`auto`, or `fixed` with its `roles`) as `user`; one transaction
    with its audit entry.

    Refused (audited, nothing written): a user without edit level of master data (Forbidden), an organisation
    the user may not see or that does not exist (NotFound). InvalidInput: a setting `setting` refuses. The same
    setting again changes nothing and writes nothing. NumberRangeExhausted (nothing written) when a newly held
    role finds no free account number.
    """
    from services.commands.account_numbers import assign_account_numbers
    from services.overview import CACHE

    day = today or date.today()
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.MASTER_DATA, Level.EDIT)
        org = policy.checked_id(organisation_id, "organisation id")
        policy.may_see_organisation(engine, conn, g, org)
    wanted = setting(mode, roles)
    o = Organisation
    with engine.begin() as conn:
        _serialised(conn)
        row = conn.execute(select(o.relationship_mode, o.fixed_roles).where(o.id == org)).first()
        if row is None:  # deleted between the check and now
            raise NotFound(f"organisation {org!r}: not found")
        before = _stored(row.relationship_mode, row.fixed_roles)
        if before == wanted:
            return RelationshipFixed(org, before, wanted, changed=False)
        conn.execute(update(o).where(o.id == org).values(relationship_mode=wanted.mode.value,
                                                         fixed_roles=wanted.stored_roles()))
        handed = assign_account_numbers(conn, day)
        empty_rank_cache(conn)
        audit.record(conn, user, ACTION, f"organisation {org}", f"{before.describe()} -> {wanted.describe()}")
    CACHE.clear()
    return RelationshipFixed(org, before, wanted, changed=True, account_numbers=handed)


__all__ = ["ACTION", "ROLE_ORDER", "RelationshipFixed", "RelationshipSetting", "empty_rank_cache",
           "fix_relationship", "setting"]
