"""The signed-in user as services see it; the CLI acts as the system user."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CurrentUser:
    """Who asks: an agent id, its sign-in role and teams (for need-to-know)."""

    id: str
    role: str = "admin"
    teams: frozenset[str] = field(default_factory=frozenset)
    #: an external contact sees only their own organisation's external things
    contact_id: str | None = None

    @property
    def sees_everything(self) -> bool:
        return self.role in ("admin", "management", "system")


#: the command line and scheduled jobs: full access, named in audit logs as `cli`
SYSTEM = CurrentUser(id="cli", role="system")
