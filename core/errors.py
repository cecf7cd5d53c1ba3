"""The domain error tree; the CLI, API and dashboard map it once to responses.

    KundenakteError
    ├── NotFound
    ├── Forbidden
    ├── InvalidInput          (wrong usage / parameters: CLI exit 2)
    └── ImportRejected        (bad input data: CLI exit 1, carries every problem)
"""

from __future__ import annotations

from dataclasses import dataclass, field


class KundenakteError(Exception):
    """Base of every error Kundenakte raises on purpose."""

    exit_code = 1


class NotFound(KundenakteError, LookupError):
    """The thing asked for does not exist (or is not visible to this user)."""


class Forbidden(KundenakteError, PermissionError):
    """The signed-in user may not do or see this."""


class InvalidInput(KundenakteError, ValueError):
    """A parameter is malformed or unknown."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One problem of an import: where (file, sheet, spreadsheet row, column) and what."""

    file: str
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" [sheet {self.sheet}]"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ImportRejected(KundenakteError):
    """The import was refused as a whole; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [f"import refused, nothing written: {len(self.problems)} problem(s)"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
