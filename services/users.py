"""The signed-in user as services see it, and the account rules; the command line acts as the system user.

Light on purpose (no database layer): the command line's parser names the rules in its help.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.vocabulary import Role


@dataclass(frozen=True)
class CurrentUser:
    """Who asks: the name the audit log records, the sign-in role, and what need-to-know is decided by.

    Internal users are linked to an agent (key account manager, deputy, team); an external user to a
    contact and so to that contact's organisation.
    """

    id: str
    role: Role = Role.SYSTEM
    agent_id: str | None = None
    #: the agent's team(s): a project restricted to a team is visible to its members only
    teams: frozenset[str] = field(default_factory=frozenset)
    #: an external user's contact and its organisation
    contact_id: str | None = None
    organisation_id: str | None = None
    #: the users row (None for the system user and for users built in tests)
    user_id: int | None = None
    locale: str = "de"
    #: the client address of the web request (for the audit log); None on the command line
    address: str | None = None

    @property
    def is_system(self) -> bool:
        return self.role is Role.SYSTEM

    @property
    def is_external(self) -> bool:
        return self.role is Role.EXTERNAL


#: the dashboard's languages a user can choose
LOCALES = ("de", "en")
#: the shortest password an account may have
MIN_PASSWORD = 12
#: longer input is refused before hashing (hashing megabytes is a denial of service)
MAX_PASSWORD = 1024

#: the command line and scheduled jobs: full access, named in audit logs as `cli`
SYSTEM = CurrentUser(id="cli", role=Role.SYSTEM)

__all__ = ["LOCALES", "MAX_PASSWORD", "MIN_PASSWORD", "SYSTEM", "CurrentUser"]
