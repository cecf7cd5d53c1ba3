"""The admin's saves of the settings page: each validates everything first, then writes in one transaction
with one audit row per changed value (old -> new) and recomputes, in the same transaction, what is kept
beside the facts and depends on the value.

What depends on what: the ABC letters and the retention list are computed from the configuration on
every read (analytics/abc, analytics/retention), so a saved window, share, model, weight or period shows
from the next read on. Kept tables: a new ABC window empties the cache of window sums
(`invoice_windows`/`invoice_window_sums`, refilled on demand for the windows asked for); a change to the
opportunity statuses recomputes `prospect_spans` (services/commands/maintained.py: after any change to
the statuses). The matrix and the scopes are read by the policy on every request.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from core.businessconfig import DEFAULT_WINDOWS, AbcConfig, BusinessConfig, RatingWeights, load_config
from core.errors import InvalidInput
from core.schema import (
    Agent,
    ConfigEntry,
    Contact,
    InvoiceWindow,
    InvoiceWindowSum,
    OpportunityStatus,
    Permission,
    RoleScope,
    User,
)
from core.vocabulary import MODELS, SIGN_IN_ROLES, AbcModel, Area, Aspect, Level, Role, Scope
from services import audit, policy
from services.commands.maintained import refresh_prospect_spans
from services.commands.users import UserInfo, add_user, disable_user, enable_user
from services.settings import (
    MAX_RETENTION_MONTHS,
    MAX_WEIGHT,
    MAX_WINDOW_DAYS,
    MIN_RETENTION_MONTHS,
    Problem,
    Rejection,
    SettingsRejected,
    require_settings,
)
from services.users import LOCALES, MAX_PASSWORD, MIN_PASSWORD, CurrentUser

#: the audit action of a business setting (the matrix keeps the policy's `permission` and `scope`)
ACTION = "setting"
LETTERS = ("A", "B", "C")
CRITERIA = ("time", "quality", "cost")


@dataclass(frozen=True)
class Change:
    """One value a save changed: where (`abc.windows.invoices`), before and after."""

    key: str
    old: object
    new: object


@dataclass(frozen=True)
class Saved:
    """What a save changed (empty: everything was as stored already, nothing written)."""

    changes: tuple[Change, ...]


class _Problems:
    """Collects every reason of one save, so the admin sees them all at once."""

    def __init__(self) -> None:
        self.found: list[Rejection] = []

    def add(self, problem: Problem, field: str = "", **values: object) -> None:
        self.found.append(Rejection(problem, field, tuple(values.items())))

    def number(self, value: object, field: str, *, whole: bool = False) -> float | None:
        """A finite number from the page (a bool, a text or a list is no number); None after adding a problem."""
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.add(Problem.NOT_A_NUMBER, field)
            return None
        if whole and value != int(value):
            self.add(Problem.NOT_WHOLE, field)
            return None
        return float(value)

    def check(self) -> None:
        if self.found:
            raise SettingsRejected(self.found)


def _mapping(value: object) -> Mapping[str, object]:
    """The page's form as a mapping of text keys (anything else is malformed input)."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise SettingsRejected([Rejection(Problem.NOT_A_NUMBER, "form")])
    return value


def _leaves(value: object, prefix: str) -> Iterator[tuple[str, object]]:
    """(dotted key, value) of every leaf of a JSON value."""
    if isinstance(value, dict):
        for k in sorted(value):
            yield from _leaves(value[k], f"{prefix}.{k}")
    else:
        yield prefix, value


def _diff(prefix: str, old: object, new: object) -> list[Change]:
    before, after = dict(_leaves(old, prefix)), dict(_leaves(new, prefix))
    return [Change(k, before.get(k), after.get(k)) for k in sorted({*before, *after}) if before.get(k) != after.get(k)]


def _audit(conn: Connection, user: CurrentUser, changes: list[Change], action: str = ACTION) -> None:
    for c in changes:
        audit.record(conn, user, action, c.key, f"{json.dumps(c.old)} -> {json.dumps(c.new)}")


def _store(conn: Connection, key: str, value: object) -> None:
    """Keep one top-level key of the configuration (the caller owns the transaction)."""
    conn.execute(delete(ConfigEntry).where(ConfigEntry.key == key))
    conn.execute(insert(ConfigEntry).values(key=key, value=value, updated_at=datetime.now()))


def empty_window_cache(conn: Connection) -> None:
    """Drop the cached window sums: windows asked for before are refilled on demand, a new one is computed anew."""
    conn.execute(delete(InvoiceWindowSum))
    conn.execute(delete(InvoiceWindow))


def _save_config(engine: Engine, user: CurrentUser, key: str,
                 change: Callable[[BusinessConfig], dict[str, Any]],
                 after: Callable[[Connection, list[Change]], None] | None = None) -> Saved:
    """Read the configuration, let `change` give the new value of `key` (validated), store it, audit, recompute
    (the caller has checked the right and the input)."""
    with engine.begin() as conn:
        config = load_config(conn)
        old = config.model_dump(mode="json")[key]
        new = BusinessConfig.model_validate({**config.model_dump(mode="json"), key: change(config)})
        stored = new.model_dump(mode="json")[key]
        changes = _diff(key, old, stored)
        if changes:
            _store(conn, key, stored)
            _audit(conn, user, changes)
            if after is not None:
                after(conn, changes)
    return Saved(tuple(changes))


# --- ABC: models, windows, shares; the suppliers' rating weights -------------------------------------


def save_abc(engine: Engine, user: CurrentUser, models: object, windows: object, shares: object) -> Saved:
    """The model per relationship (`{aspect: model}`), the window per model (`{model: days}`) and the shares
    of A, B and C in percent (`{"A": 20, "B": 60, "C": 20}`, adding up to 100); a new window empties the
    window-sum cache in the same transaction."""
    require_settings(engine, user, Level.EDIT)
    problems = _Problems()
    chosen: dict[str, AbcModel] = {}
    for aspect, model in _mapping(models).items():
        try:
            a = Aspect(aspect)
        except ValueError:
            problems.add(Problem.UNKNOWN_MODEL, aspect, value=model)
            continue
        if not isinstance(model, str) or model not in MODELS[a]:
            problems.add(Problem.UNKNOWN_MODEL, a.value, value=model)
        else:
            chosen[f"{a.value}_model"] = AbcModel(model)
    days: dict[AbcModel, int] = {}
    for model, value in _mapping(windows).items():
        if model not in set(DEFAULT_WINDOWS):
            problems.add(Problem.UNKNOWN_MODEL, model, value=model)
            continue
        n = problems.number(value, model, whole=True)
        if n is None:
            continue
        if n <= 0:
            problems.add(Problem.WINDOW_NOT_POSITIVE, model)
        elif n > MAX_WINDOW_DAYS:
            problems.add(Problem.WINDOW_TOO_LONG, model, max=MAX_WINDOW_DAYS)
        else:
            days[AbcModel(model)] = int(n)
    given = _mapping(shares)
    percent: dict[str, float] = {}
    for letter in LETTERS:
        n = problems.number(given.get(letter), letter)
        if n is None:
            continue
        if not 0 <= n <= 100:
            problems.add(Problem.SHARE_OUT_OF_RANGE, letter)
        else:
            percent[letter] = n
    if len(percent) == len(LETTERS):
        total = sum(percent.values())
        if percent["A"] <= 0:
            problems.add(Problem.A_SHARE_ZERO, "A")
        if abs(total - 100) > 1e-6:
            problems.add(Problem.SHARES_NOT_100, "", total=round(total, 6))
    problems.check()

    def change(config: BusinessConfig) -> dict[str, Any]:
        abc = config.abc.model_copy(update={
            **chosen, "windows": {**config.abc.windows, **days},
            "a_share": round(percent["A"] / 100, 10), "b_share": round(percent["B"] / 100, 10)})
        return AbcConfig.model_validate(abc.model_dump()).model_dump(mode="json")

    def recompute(conn: Connection, changes: list[Change]) -> None:
        if any(c.key.startswith("abc.windows.") for c in changes):
            empty_window_cache(conn)

    return _save_config(engine, user, "abc", change, recompute)


def save_rating_weights(engine: Engine, user: CurrentUser, weights: object) -> Saved:
    """The weights of time, quality and cost in the suppliers' rating model (each 0 to MAX_WEIGHT, not all 0)."""
    require_settings(engine, user, Level.EDIT)
    problems = _Problems()
    given = _mapping(weights)
    found: dict[str, float] = {}
    for criterion in CRITERIA:
        n = problems.number(given.get(criterion), criterion)
        if n is None:
            continue
        if not 0 <= n <= MAX_WEIGHT:
            problems.add(Problem.WEIGHT_OUT_OF_RANGE, criterion, max=MAX_WEIGHT)
        else:
            found[criterion] = n
    if len(found) == len(CRITERIA) and sum(found.values()) <= 0:
        problems.add(Problem.WEIGHTS_ZERO)
    problems.check()

    def change(config: BusinessConfig) -> dict[str, Any]:
        abc = config.abc.model_copy(update={"rating_weights": RatingWeights(**found)})
        return abc.model_dump(mode="json")

    return _save_config(engine, user, "abc", change)


def save_retention(engine: Engine, user: CurrentUser, months: object) -> Saved:
    """The retention period in calendar months (spec/analytics.md, "Retention (GDPR)": default 24)."""
    require_settings(engine, user, Level.EDIT)
    problems = _Problems()
    n = problems.number(months, "retention_months", whole=True)
    if n is not None and not MIN_RETENTION_MONTHS <= n <= MAX_RETENTION_MONTHS:
        problems.add(Problem.RETENTION_OUT_OF_RANGE, "retention_months", min=MIN_RETENTION_MONTHS,
                     max=MAX_RETENTION_MONTHS)
    problems.check()
    return _save_config(engine, user, "retention_months", lambda _c: int(n or 0))


# --- the opportunity statuses' default probabilities ----------------------------------------------------


def save_probabilities(engine: Engine, user: CurrentUser, probabilities: object) -> Saved:
    """The default probability (percent, 0 to 100) of each status named (`{status: percent}`); the prospect
    spans are recomputed in the same transaction (they depend on the statuses)."""
    require_settings(engine, user, Level.EDIT)
    given = _mapping(probabilities)
    s = OpportunityStatus
    problems = _Problems()
    with engine.begin() as conn:
        stored = {r.status: float(r.probability) for r in conn.execute(select(s.status, s.probability))}
        wanted: dict[str, float] = {}
        for status, value in given.items():
            if status not in stored:
                problems.add(Problem.UNKNOWN_STATUS, status[:60])
                continue
            n = problems.number(value, status)
            if n is not None and not 0 <= n <= 100:
                problems.add(Problem.PROBABILITY_OUT_OF_RANGE, status)
            elif n is not None:
                wanted[status] = n
        problems.check()
        changes = [Change(f"opportunity_statuses.{k}.probability", stored[k], v)
                   for k, v in sorted(wanted.items()) if stored[k] != v]
        for c in changes:
            status = c.key.split(".", 1)[1].rsplit(".", 1)[0]
            conn.execute(update(s).where(s.status == status).values(probability=c.new))
        if changes:
            _audit(conn, user, changes)
            refresh_prospect_spans(conn)
    return Saved(tuple(changes))


# --- the permission matrix and the scopes ----------------------------------------------------------------


def _level_cells(levels: object, problems: _Problems) -> dict[tuple[Role, Area], Level]:
    """`{"role area": level}` from the page as matrix cells (unknown ones are problems)."""
    cells: dict[tuple[Role, Area], Level] = {}
    for key, value in _mapping(levels).items():
        role, _, area = key.partition(" ")
        try:
            cell = (Role(role), Area(area))
            level = Level(value) if isinstance(value, str) else None
        except ValueError:
            cell, level = None, None
        if cell is None or level is None or cell[0] not in SIGN_IN_ROLES:
            problems.add(Problem.UNKNOWN_CELL, key[:60])
        elif cell == (Role.ADMIN, Area.ADMINISTRATION) and level is not Level.EDIT:
            problems.add(Problem.ADMIN_KEEPS_ADMINISTRATION)
        else:
            cells[cell] = level
    return cells


def _scope_cells(scopes: object, problems: _Problems) -> dict[Role, Scope]:
    found: dict[Role, Scope] = {}
    for role, value in _mapping(scopes).items():
        try:
            r, scope = Role(role), Scope(value) if isinstance(value, str) else None
        except ValueError:
            r, scope = None, None
        if r in (Role.SYSTEM, Role.EXTERNAL):
            problems.add(Problem.FIXED_SCOPE, role)
        elif r is None or scope is None:
            problems.add(Problem.UNKNOWN_CELL, role[:60])
        else:
            found[r] = scope
    return found


def save_permissions(engine: Engine, user: CurrentUser, levels: object, scopes: object) -> Saved:
    """Cells of the matrix (`{"role area": "none"|"read"|"edit"}`) and scopes (`{role: "all"|"own_accounts"}`)
    in one transaction; the policy reads them from the next request on. The same rules as services/policy.py
    (`set_level`, `set_scope`); audited as `permission` and `scope` with the old and the new value."""
    require_settings(engine, user, Level.EDIT)
    problems = _Problems()
    cells, found = _level_cells(levels, problems), _scope_cells(scopes, problems)
    problems.check()
    with engine.begin() as conn:
        before = {(c.role, c.area): c.level for c in policy.matrix(conn)}
        scopes_before = policy.scopes(conn)
        level_changes = [(cell, before[cell], level) for cell, level in cells.items() if before[cell] is not level]
        scope_changes = [(r, scopes_before[r], s) for r, s in found.items() if scopes_before[r] is not s]
        p, rs = Permission, RoleScope
        for (role, area), _old, level in level_changes:
            conn.execute(delete(p).where(p.role == role.value, p.area == area.value))
            conn.execute(insert(p).values(role=role.value, area=area.value, level=level.value))
        for role, _old, scope in scope_changes:
            conn.execute(delete(rs).where(rs.role == role.value))
            conn.execute(insert(rs).values(role=role.value, scope=scope.value))
        changes = [Change(f"{r.value} {a.value}", o.value, n.value) for (r, a), o, n in level_changes]
        scope_rows = [Change(r.value, o.value, n.value) for r, o, n in scope_changes]
        for c in changes:
            audit.record(conn, user, "permission", c.key, f"{c.old} -> {c.new}")
        for c in scope_rows:
            audit.record(conn, user, "scope", c.key, f"{c.old} -> {c.new}")
    return Saved(tuple(changes + scope_rows))


# --- accounts: a role, active or not (adding one: services/commands/users.py) ---------------------------


def _active_admins(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(User)
                            .where(User.role == Role.ADMIN.value, User.active.is_(True))).scalar_one())


def set_user_role(engine: Engine, user: CurrentUser, name: object, role: object) -> Saved:
    """Another account's sign-in role (internal stays internal, linked to an agent; external needs a contact);
    the last active admin stays admin; effective from that user's next request (audited old -> new)."""
    require_settings(engine, user, Level.EDIT)
    if not isinstance(name, str) or not isinstance(role, str) or role not in set(SIGN_IN_ROLES):
        raise SettingsRejected([Rejection(Problem.UNKNOWN_CELL, "role")])
    new = Role(role)
    with engine.begin() as conn:
        row = conn.execute(select(User.name, User.role, User.active, User.contact_id)
                           .where(User.name == name)).first()
        if row is None:
            raise SettingsRejected([Rejection(Problem.UNKNOWN_USER, name[:100])])
        old = Role(row.role)
        if old is new:
            return Saved(())
        if name == user.id:
            raise SettingsRejected([Rejection(Problem.OWN_ACCOUNT, name)])
        if (new is Role.EXTERNAL) != (row.contact_id is not None):
            raise SettingsRejected([Rejection(Problem.ROLE_LINK, name)])
        if old is Role.ADMIN and row.active and _active_admins(conn) <= 1:
            raise SettingsRejected([Rejection(Problem.LAST_ADMIN, name)])
        conn.execute(update(User).where(User.name == name).values(role=new.value))
        audit.record(conn, user, "user_role", name, f"{old.value} -> {new.value}")
    return Saved((Change(f"users.{name}.role", old.value, new.value),))


def set_user_active(engine: Engine, user: CurrentUser, name: object, active: object) -> Saved:
    """Allow or stop another account's sign-in (services/commands/users.py: disabling ends its sessions at once);
    nobody disables their own account or the last active admin."""
    require_settings(engine, user, Level.EDIT)
    if not isinstance(name, str) or not isinstance(active, bool):
        raise SettingsRejected([Rejection(Problem.UNKNOWN_USER, "name")])
    with engine.connect() as conn:
        row = conn.execute(select(User.role, User.active).where(User.name == name)).first()
        admins = _active_admins(conn)
    if row is None:
        raise SettingsRejected([Rejection(Problem.UNKNOWN_USER, name[:100])])
    if bool(row.active) is active:
        return Saved(())
    if not active and name == user.id:
        raise SettingsRejected([Rejection(Problem.OWN_ACCOUNT, name)])
    if not active and row.role == Role.ADMIN.value and admins <= 1:
        raise SettingsRejected([Rejection(Problem.LAST_ADMIN, name)])
    (enable_user if active else disable_user)(engine, user, name)
    return Saved((Change(f"users.{name}.active", not active, active),))


def add_account(engine: Engine, user: CurrentUser, name: object, role: object, password: object, *,
                agent_id: object = None, contact_id: object = None, locale: object = "de") -> UserInfo:
    """A new account through services/commands/users.py `add_user`, every reason to refuse it found first
    (so the page can say them all): name, password length, role and its link, the agent or contact."""
    require_settings(engine, user, Level.EDIT)
    problems = _Problems()
    clean = name.strip() if isinstance(name, str) else ""
    if not 0 < len(clean) <= 100 or "\x00" in clean:
        problems.add(Problem.NAME_INVALID)
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems.add(Problem.PASSWORD_LENGTH, min=MIN_PASSWORD, max=MAX_PASSWORD)
    chosen = Role(role) if isinstance(role, str) and role in set(SIGN_IN_ROLES) else None
    agent = agent_id if isinstance(agent_id, str) and agent_id else None
    contact = contact_id.strip() if isinstance(contact_id, str) and contact_id.strip() else None
    if chosen is None:
        problems.add(Problem.UNKNOWN_CELL, "role")
    elif (chosen is Role.EXTERNAL) != (contact is not None) or (chosen is Role.EXTERNAL and agent is not None):
        problems.add(Problem.ROLE_LINK, chosen.value)
    language = locale if isinstance(locale, str) and locale in LOCALES else "de"
    with engine.connect() as conn:
        if clean and conn.execute(select(User.id).where(User.name == clean)).first() is not None:
            problems.add(Problem.USER_EXISTS, clean)
        if agent is not None and conn.execute(select(Agent.id).where(Agent.id == agent[:64])).first() is None:
            problems.add(Problem.UNKNOWN_AGENT, agent[:64])
        if contact is not None and conn.execute(select(Contact.id).where(Contact.id == contact[:64])).first() is None:
            problems.add(Problem.UNKNOWN_CONTACT, contact[:64])
    problems.check()
    assert chosen is not None and isinstance(password, str)
    try:
        return add_user(engine, user, clean, chosen, password, agent_id=agent if chosen is not Role.EXTERNAL else None,
                        contact_id=contact, locale=language)
    except InvalidInput as exc:  # a rule of add_user the checks above do not know (or a race): its own words
        raise SettingsRejected([Rejection(Problem.NAME_INVALID, str(exc)[:200])]) from exc


__all__ = [
    "ACTION",
    "CRITERIA",
    "LETTERS",
    "Change",
    "Saved",
    "add_account",
    "empty_window_cache",
    "save_abc",
    "save_permissions",
    "save_probabilities",
    "save_rating_weights",
    "save_retention",
    "set_user_active",
    "set_user_role",
]
