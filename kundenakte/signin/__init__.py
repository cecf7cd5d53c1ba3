"""Sign-in for the web app: flask-login over `services.signin`, CSRF for the app's forms, throttled attempts.

`init_signin(server, engine, ...)` wires one Flask app:

* flask-login: the user loader is `services.signin.user_by_token`, the user's `get_id()` its session
  token; remember-me is never used;
* Flask-WTF's `CSRFProtect` for every form route (POST /login, POST /logout and any later one); the
  caller exempts what takes JSON instead (Dash's callback dispatch, the REST API);
* Flask-Limiter (memory storage: one process, waitress' threads share it): POST /login per client
  address and per account name; a throttled attempt gets the sign-in page with 429;
* the routes of `kundenakte.signin.views`.

The check on every request (who is signed in, timeouts) is `kundenakte.web.resolve_user`, using
`kundenakte.signin.sessions`.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import Engine
from werkzeug.exceptions import TooManyRequests

from kundenakte.signin.sessions import SignedIn, Timeouts, safe_next
from kundenakte.signin.texts import texts
from kundenakte.signin.views import account_key, login_page, make_blueprint
from services.signin import user_by_token


def init_signin(server: Flask, engine: Engine, *, timeouts: Timeouts, per_address: str,
                per_name: str) -> CSRFProtect:
    """Sign-in, CSRF protection and throttling on `server`; returns the CSRF extension (for exemptions)."""
    manager = LoginManager()
    manager.session_protection = "strong"
    manager.login_view = "signin.login"
    manager.init_app(server)

    @manager.user_loader
    def load_user(token: str) -> SignedIn | None:
        user = user_by_token(engine, token)
        return None if user is None else SignedIn(user, token)

    server.config.update(WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=True)
    csrf = CSRFProtect(server)
    limiter = Limiter(get_remote_address, app=server, storage_uri="memory://", strategy="moving-window",
                      default_limits=[], headers_enabled=False)
    server.extensions["kundenakte"]["limiter"] = limiter
    server.register_blueprint(make_blueprint(engine, limiter, per_address=per_address, per_name=per_name,
                                             timeouts=timeouts))

    @server.errorhandler(TooManyRequests)
    def _throttled(_exc: TooManyRequests) -> Response | tuple[Response, int]:
        if request.endpoint == "signin.login":
            return login_page(429, message=texts()["throttled"], kind="throttled",
                              name=request.form.get("name", ""))
        return jsonify(error="too_many_requests"), 429

    @server.errorhandler(CSRFError)
    def _csrf_refused(exc: CSRFError) -> Response | tuple[Response, int]:
        if request.endpoint == "signin.login":
            return login_page(400, message=texts()["form_expired"], name=request.form.get("name", ""))
        return jsonify(error="csrf", message=str(exc.description)), 400

    return csrf


__all__ = ["SignedIn", "Timeouts", "account_key", "init_signin", "safe_next"]
