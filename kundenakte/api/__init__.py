"""The REST API /api/v1: a Flask blueprint of thin routes calling the same services as the dashboard."""

from kundenakte.api import imports as _imports  # noqa: F401  (adds POST /import to `api`)
from kundenakte.api import more_routes as _more  # noqa: F401  (timeline, contacts, activity, inbox)
from kundenakte.api.routes import API_PREFIX, api

__all__ = ["API_PREFIX", "api"]
