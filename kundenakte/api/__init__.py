"""The REST API /api/v1: a Flask blueprint of thin routes calling the same services as the dashboard."""

from kundenakte.api import abc_routes as _abc  # noqa: F401  (ABC explain and movements)
from kundenakte.api import imports as _imports  # noqa: F401  (adds POST /import to `api`)
from kundenakte.api import inbound as _inbound  # noqa: F401  (mail, calendars, calls)
from kundenakte.api import more_routes as _more  # noqa: F401  (timeline, contacts, activity, inbox)
from kundenakte.api import writes as _writes  # noqa: F401  (a supplier rating, a relationship fixed)
from kundenakte.api.routes import API_PREFIX, api

__all__ = ["API_PREFIX", "api"]
