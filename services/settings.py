"""What the admin's settings page reads, and the words its saves refuse with (services/commands/settings.py).

The business rules (ABC models, windows, shares, rating weights, the retention period) come from the
`config` table with the spec's defaults (core/businessconfig.py), the opportunity statuses' default
probabilities from `opportunity_statuses`, the permission matrix and scopes from services/policy.py,
the accounts from services/commands/users.py. Administration only (spec/analytics.md, "Security").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import Engine, select

from core.businessconfig import BusinessConfig, load_config
from core.errors import InvalidInput
from core.schema import Agent, OpportunityStatus
from core.vocabulary import Area, Level, Role, Scope
from services import policy
from services.commands.users import UserInfo, list_users
from services.users import CurrentUser

#: the longest ABC window a setting may have (ten years of days)
MAX_WINDOW_DAYS = 3660
#: the retention period in months: at least one, at most a hundred years
MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS = 1, 1200
#: a rating weight above this is a typo, not a weighting
MAX_WEIGHT = 1000.0


class Problem(StrEnum):
    """Why a save was refused; the dashboard words each one, `Rejection.__str__` says it in English."""

    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE = "not_whole"
    WINDOW_NOT_POSITIVE = "window_not_positive"
    WINDOW_TOO_LONG = "window_too_long"
    UNKNOWN_MODEL = "unknown_model"
    SHARE_OUT_OF_RANGE = "share_out_of_range"
    A_SHARE_ZERO = "a_share_zero"
    SHARES_NOT_100 = "shares_not_100"
    WEIGHT_OUT_OF_RANGE = "weight_out_of_range"
    WEIGHTS_ZERO = "weights_zero"
    UNKNOWN_STATUS = "unknown_status"
    PROBABILITY_OUT_OF_RANGE = "probability_out_of_range"
    RETENTION_OUT_OF_RANGE = "retention_out_of_range"
    UNKNOWN_CELL = "unknown_cell"
    ADMIN_KEEPS_ADMINISTRATION = "admin_keeps_administration"
    FIXED_SCOPE = "fixed_scope"
    UNKNOWN_USER = "unknown_user"
    OWN_ACCOUNT = "own_account"
    LAST_ADMIN = "last_admin"
    ROLE_LINK = "role_link"
    NAME_INVALID = "name_invalid"
    PASSWORD_LENGTH = "password_length"
    USER_EXISTS = "user_exists"
    UNKNOWN_AGENT = "unknown_agent"
    UNKNOWN_CONTACT = "unknown_contact"


#: English, for the command line, the API and the logs (the dashboard has its own German and English)
ENGLISH: dict[Problem, str] = {
    Problem.NOT_A_NUMBER: "{field}: not a number",
    Problem.NOT_WHOLE: "{field}: a whole number is needed",
    Problem.WINDOW_NOT_POSITIVE: "window of {field}: at least 1 day",
    Problem.WINDOW_TOO_LONG: "window of {field}: at most {max} days",
    Problem.UNKNOWN_MODEL: "{field}: no model {value!r} for this relationship",
    Problem.SHARE_OUT_OF_RANGE: "share of class {field}: 0 to 100 %",
    Problem.A_SHARE_ZERO: "class A needs a share above 0 %",
    Problem.SHARES_NOT_100: "the shares of A, B and C add up to {total} %, not 100 %",
    Problem.WEIGHT_OUT_OF_RANGE: "weight of {field}: 0 to {max}",
    Problem.WEIGHTS_ZERO: "the rating weights add up to 0: at least one must be above 0",
    Problem.UNKNOWN_STATUS: "no opportunity status {field!r}",
    Problem.PROBABILITY_OUT_OF_RANGE: "probability of {field}: 0 to 100 %",
    Problem.RETENTION_OUT_OF_RANGE: "retention period: {min} to {max} months",
    Problem.UNKNOWN_CELL: "{field}: not a cell of the permission matrix",
    Problem.ADMIN_KEEPS_ADMINISTRATION: "admins keep the right to edit administration (else nobody could undo it)",
    Problem.FIXED_SCOPE: "role {field} has a fixed scope",
    Problem.UNKNOWN_USER: "no user {field!r}",
    Problem.OWN_ACCOUNT: "nobody disables their own account or changes their own role",
    Problem.LAST_ADMIN: "the last active admin stays an active admin",
    Problem.ROLE_LINK: "{field}: an external user is linked to a contact, an internal one to an agent",
    Problem.NAME_INVALID: "a user name has 1 to 100 characters",
    Problem.PASSWORD_LENGTH: "a password has {min} to {max} characters",
    Problem.USER_EXISTS: "user {field!r} exists already",
    Problem.UNKNOWN_AGENT: "no agent {field!r}",
    Problem.UNKNOWN_CONTACT: "no contact {field!r}",
}


@dataclass(frozen=True)
class Rejection:
    """One reason a save was refused: the problem, the field it concerns, and values for its wording."""

    problem: Problem
    field: str = ""
    values: tuple[tuple[str, object], ...] = ()

    def value(self, name: str) -> object:
        return dict(self.values).get(name)

    def __str__(self) -> str:
        return ENGLISH[self.problem].format(field=self.field, **dict(self.values))


class SettingsRejected(InvalidInput):
    """A save refused as a whole (nothing written), with every reason found."""

    def __init__(self, rejections: Iterable[Rejection]) -> None:
        self.rejections = tuple(rejections)
        super().__init__("; ".join(str(r) for r in self.rejections))


def rejected(problem: Problem, field: str = "", **values: object) -> SettingsRejected:
    """A refusal with one reason."""
    return SettingsRejected([Rejection(problem, field, tuple(values.items()))])


@dataclass(frozen=True)
class StatusProbability:
    """An opportunity status with its default probability (percent) and its outcome (open, won, rejected)."""

    status: str
    probability: float
    outcome: str


@dataclass(frozen=True)
class BusinessSettings:
    """The business rules the page edits: the whole configuration and the statuses in their order."""

    config: BusinessConfig
    statuses: tuple[StatusProbability, ...]


@dataclass(frozen=True)
class PermissionSettings:
    """The permission matrix (role, area) -> level and the scope of each internal role."""

    levels: Mapping[tuple[Role, Area], Level]
    scopes: Mapping[Role, Scope]


@dataclass(frozen=True)
class AgentOption:
    """An agent an internal account can be linked to."""

    id: str
    name: str


@dataclass(frozen=True)
class UserSettings:
    """Every account (never a hash) and the agents a new internal account can be linked to."""

    users: tuple[UserInfo, ...]
    agents: tuple[AgentOption, ...] = field(default_factory=tuple)


def require_settings(engine: Engine, user: CurrentUser, level: Level = Level.READ) -> None:
    """Settings are administration: read to see them, edit to change them (a refusal is audited)."""
    policy.ensure(engine, user, Area.ADMINISTRATION, level)


def business_settings(engine: Engine, user: CurrentUser) -> BusinessSettings:
    """The stored business rules (defaults where nothing is stored) and the opportunity statuses."""
    require_settings(engine, user)
    s = OpportunityStatus
    with engine.connect() as conn:
        config = load_config(conn)
        rows = conn.execute(select(s.status, s.probability, s.outcome).order_by(s.position, s.status)).all()
    return BusinessSettings(config, tuple(StatusProbability(r.status, float(r.probability), r.outcome) for r in rows))


def permission_settings(engine: Engine, user: CurrentUser) -> PermissionSettings:
    """The matrix and the scopes as services/policy.py keeps them."""
    require_settings(engine, user)
    with engine.connect() as conn:
        cells = policy.matrix(conn)
        scopes = policy.scopes(conn)
    return PermissionSettings({(c.role, c.area): c.level for c in cells}, scopes)


def user_settings(engine: Engine, user: CurrentUser) -> UserSettings:
    """The accounts (services/commands/users.py) and the agents, by name."""
    require_settings(engine, user)
    users = tuple(list_users(engine, user))
    with engine.connect() as conn:
        agents = tuple(AgentOption(r.id, r.name or r.id)
                       for r in conn.execute(select(Agent.id, Agent.name).order_by(Agent.name, Agent.id)))
    return UserSettings(users, agents)


__all__ = [
    "MAX_RETENTION_MONTHS", "MAX_WEIGHT", "MAX_WINDOW_DAYS", "MIN_RETENTION_MONTHS", "AgentOption",
    "BusinessSettings", "PermissionSettings", "Problem", "Rejection", "SettingsRejected", "StatusProbability",
    "UserSettings", "business_settings", "permission_settings", "rejected", "require_settings", "user_settings",
]
