"""Process settings (environment prefix KUNDENAKTE_), read once and passed down.

Business configuration (ABC models, windows, number ranges, ...) is not here: it
lives in the database (`core.schema.config`) so the dashboard can edit it.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///kundenakte.db"
#: the limit of a request body (a Dash callback, a form); the REST import gets a limit of its own
DEFAULT_MAX_CONTENT_LENGTH = 8 * 1024 * 1024


class Settings(BaseSettings):
    """Typed process settings; `Settings()` reads the environment, tests pass values."""

    model_config = SettingsConfigDict(env_prefix="KUNDENAKTE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    #: signs the session cookie; the web app refuses to start without one of at least 32 bytes
    secret_key: SecretStr | None = None
    #: older keys, comma-separated, still accepted for reading cookies while a new key is rolled out
    secret_key_fallbacks: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = 8050
    #: the session cookie only over HTTPS (and HSTS): set it when served over TLS
    secure_cookies: bool = False
    #: a session ends after this long without a request ...
    session_idle_minutes: int = 30
    #: ... and this long after the sign-in, whatever happens
    session_absolute_hours: int = 12
    #: sign-in attempts (POST /login) per client address and per account name
    signin_limit_per_address: str = "10/minute"
    signin_limit_per_name: str = "5/minute"
    max_content_length: int = DEFAULT_MAX_CONTENT_LENGTH

    def fallback_keys(self) -> list[str]:
        """`secret_key_fallbacks` as a list (empty entries dropped)."""
        if self.secret_key_fallbacks is None:
            return []
        return [k.strip() for k in self.secret_key_fallbacks.get_secret_value().split(",") if k.strip()]


def database_url(explicit: str | None = None) -> str:
    """The database URL: an explicit `--db` wins, then KUNDENAKTE_DATABASE_URL, then the SQLite default."""
    return explicit or Settings().database_url
