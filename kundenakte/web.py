"""The web application: one Flask server with the REST API (/api/v1) and the Dash dashboard (/).

Every request passes `resolve_user` first (API routes, Dash pages and the
`/_dash-update-component` callback endpoint alike): the one place where the
sign-in check goes once logins exist.
"""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy import Engine

from core.db import ensure_schema, make_engine
from core.settings import Settings
from dashboard.app import create_dash
from kundenakte.api import api
from services.users import SYSTEM


def resolve_user() -> None:
    """Decide who asks, before any route runs. Sign-in is a later issue: for now everyone acts as SYSTEM.

    This is where a login check answers 401 / redirects to the login page; services
    receive the user from `g.kundenakte_user` and never read the session themselves.
    """
    g.kundenakte_user = SYSTEM


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Flask:
    """Flask with the API blueprint and the dashboard, on `settings.database_url` (migrated) or `engine`."""
    settings = settings or Settings()
    if engine is None:
        engine = make_engine(settings.database_url)
        ensure_schema(engine)
    server = Flask("kundenakte")
    server.secret_key = settings.secret_key.get_secret_value()
    server.extensions["kundenakte"] = {"engine": engine, "settings": settings}
    server.before_request(resolve_user)
    server.register_blueprint(api)
    server.extensions["kundenakte"]["dash"] = create_dash(server)
    return server


def serve(url: str, host: str = "127.0.0.1", port: int = 8050, *, debug: bool = False) -> None:
    """Run the dashboard on host:port until interrupted (Werkzeug's threaded server)."""
    app = create_app(Settings(database_url=url, host=host, port=port))
    print(f"Kundenakte: http://{host}:{port}/  (Strg+C beendet)", flush=True)
    app.run(host=host, port=port, debug=debug, use_reloader=False, threaded=True)


__all__ = ["create_app", "resolve_user", "serve"]
