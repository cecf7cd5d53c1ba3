"""Process settings (environment prefix KUNDENAKTE_), read once and passed down.

Business configuration (ABC models, windows, number ranges, ...) is not here: it
lives in the database (`core.schema.config`) so the dashboard can edit it.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///kundenakte.db"


class Settings(BaseSettings):
    """Typed process settings; `Settings()` reads the environment, tests pass values."""

    model_config = SettingsConfigDict(env_prefix="KUNDENAKTE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: SecretStr = SecretStr("change-me-in-production")
    host: str = "127.0.0.1"
    port: int = 8050


def database_url(explicit: str | None = None) -> str:
    """The database URL: an explicit `--db` wins, then KUNDENAKTE_DATABASE_URL, then the SQLite default."""
    return explicit or Settings().database_url
