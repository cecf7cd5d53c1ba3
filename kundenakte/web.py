"""The web application: one Flask server with the REST API (/api/v1), the dashboard (/) and the sign-in.

Every request passes `resolve_user` first (API routes, Dash pages and the Dash endpoints
`/_dash-layout`, `/_dash-dependencies`, `/_dash-update-component` alike): it lets through only the
sign-in page, static files and `/healthz`, and puts the signed-in user into `g.kundenakte_user`,
where `dashboard.context` and `kundenakte.api.context` read it. Everything else answers 401 JSON
(`/_*`, `/api/*`) or redirects to `/login?next=...` (pages).

Hardening (OWASP ASVS 5.0 V3, V7, V13): a Content-Security-Policy with Dash's inline scripts hashed
(`Dash.csp_hashes`, no `unsafe-eval`), `frame-ancestors 'none'`, nosniff, `Referrer-Policy`, HSTS
only when served over TLS (`KUNDENAKTE_SECURE_COOKIES`), `Cache-Control: no-store` on everything
but static files, HttpOnly SameSite=Lax session cookies, a body limit (413), JSON-only
bodies for the Dash dispatch and the API (400 otherwise, which stops cross-site form posts), and
a plain 500 without a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from flask import Flask, Response, current_app, g, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_talisman import Talisman
from sqlalchemy import Engine
from werkzeug.exceptions import InternalServerError, RequestEntityTooLarge

from core.db import ensure_schema, make_engine, sqlite_path
from core.errors import InvalidInput
from core.settings import DEFAULT_DATABASE_URL, Settings
from core.vocabulary import TokenScope
from dashboard.app import create_dash
from kundenakte.api import API_PREFIX, api
from kundenakte.api.scopes import declared_scope, declared_uploads
from kundenakte.api.spec import SPEC
from kundenakte.downloads import register_downloads
from kundenakte.signin import Timeouts, init_signin
from kundenakte.signin.sessions import signed_in_user

#: the shortest secret key accepted, in bytes (a Flask session cookie is as strong as its key)
MIN_SECRET_BYTES = 32
#: values from examples and tutorials: a key anybody can read is no key
KNOWN_WEAK_KEYS = frozenset({
    "change-me-in-production", "change-me", "changeme", "change_me", "secret", "secret-key", "secret_key",
    "dev", "development", "test", "testing", "kundenakte", "please-change-me", "your-secret-key",
    "super-secret", "supersecret", "default",
})
HOW_TO_MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
#: what any visitor may fetch without signing in (besides the sign-in page)
#: what anyone may fetch: the health check, and the icon browsers ask for on their own (answered by a signed-in
#: check it would start a second session beside the sign-in form's, whose CSRF token then no longer matches)
PUBLIC_PATHS = frozenset({"/healthz", "/favicon.ico"})
#: where `--debug` may listen
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: the server name in answers: no version (waitress' `ident`)
SERVER_IDENT = "Kundenakte"

ERROR_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Fehler · Kundenakte</title></head>
<body><h1>Interner Fehler / Internal error</h1>
<p>Ein interner Fehler ist aufgetreten; er wurde protokolliert. / An internal error occurred; it has been logged.</p>
<p><a href="/">Kundenakte</a></p></body></html>
"""


def check_secret_key(settings: Settings) -> tuple[str, list[str]]:
    """The secret key and its fallbacks, or InvalidInput naming KUNDENAKTE_SECRET_KEY (missing, known, short)."""
    if settings.secret_key is None or not settings.secret_key.get_secret_value():
        raise InvalidInput("KUNDENAKTE_SECRET_KEY is not set: the web app signs its session cookies with it. "
                           f"Make one ({HOW_TO_MAKE_A_KEY}) and set KUNDENAKTE_SECRET_KEY before starting.")
    key = settings.secret_key.get_secret_value()
    _check_key("KUNDENAKTE_SECRET_KEY", key)
    fallbacks = settings.fallback_keys()
    for fallback in fallbacks:
        _check_key("KUNDENAKTE_SECRET_KEY_FALLBACKS", fallback)
    return key, fallbacks


def _check_key(name: str, key: str) -> None:
    if key.strip().lower() in KNOWN_WEAK_KEYS or len(set(key)) < 8:
        raise InvalidInput(f"{name} is a well-known or trivial value; make a random one ({HOW_TO_MAKE_A_KEY})")
    if len(key.encode()) < MIN_SECRET_BYTES:
        raise InvalidInput(f"{name} has {len(key.encode())} bytes, at least {MIN_SECRET_BYTES} are needed; "
                           f"make one with {HOW_TO_MAKE_A_KEY}")


# --- before every request ----------------------------------------------------------------------------


def _web() -> dict[str, object]:
    found: dict[str, object] = current_app.extensions["kundenakte"]
    return found


def _is_static(path: str) -> bool:
    prefixes: tuple[str, ...] = _web()["static_prefixes"]  # type: ignore[assignment]
    return path.startswith(prefixes) or path == _web()["favicon"]


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path == url_for("signin.login") or _is_static(path)


def _answers_json(path: str) -> bool:
    """Dash's own endpoints (`/_dash-layout`, `/_dash-update-component`, ...) and the API speak JSON."""
    return path.startswith(("/_", API_PREFIX + "/")) or path == API_PREFIX


def limit_body() -> Response | None:
    """413 for a body over MAX_CONTENT_LENGTH, before anything reads it (and before the sign-in check)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge()
    return None


def resolve_user() -> ResponseReturnValue | None:
    """Decide who asks, before any route runs: the signed-in user into `g.kundenakte_user`, or refuse.

    Not signed in (or the session is over): 401 JSON for `/_*` and `/api/*` (no data), a redirect to
    the sign-in page with `next=` for pages. Services receive the user from `g.kundenakte_user` and
    never read the session themselves.
    """
    path = request.path
    if _is_public(path):
        return None
    if path.startswith(API_PREFIX + "/") and "Authorization" in request.headers:
        return _resolve_token(path)
    timeouts: Timeouts = _web()["timeouts"]  # type: ignore[assignment]
    user, expired = signed_in_user(timeouts)
    if user is not None:
        g.kundenakte_user = user
        return None
    if _answers_json(path):
        return jsonify(error="not_signed_in", expired=expired, login=url_for("signin.login")), 401
    target = path + ("?" + request.query_string.decode("latin-1") if request.query_string else "")
    args: dict[str, str] = {} if target == "/" else {"next": target}
    if expired:
        args["m"] = "expired"
    return redirect(url_for("signin.login", **args), 302)


def _view() -> Callable[..., object] | None:
    """The view function the request was routed to (None: no route matched)."""
    return current_app.view_functions.get(request.endpoint) if request.endpoint else None


def token_scope_needed(method: str, view: Callable[..., object] | None) -> TokenScope:
    """What a request needs of a token's scope: reads `read`; a write what its route declares
    (`kundenakte.api.scopes`: the dashboard's writes `write`, module data and inbound traces `import`); any
    other write `admin` (a token never writes more than its scope says; what its user may do the policy decides)."""
    if method in ("GET", "HEAD", "OPTIONS"):
        return TokenScope.READ
    return declared_scope(view) or TokenScope.ADMIN


def _resolve_token(path: str) -> ResponseReturnValue | None:
    """`Authorization: Bearer <token>` on /api/*: the token's user, or 401 (unknown, revoked, expired, not a
    bearer token), or 403 when its scope does not cover the request (audited). The session cookie is ignored."""
    from services import audit
    from services.tokens import record_token_use, user_for_token

    engine: Engine = _web()["engine"]  # type: ignore[assignment]
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    who = user_for_token(engine, presented.strip()) if scheme.lower() == "bearer" else None
    if who is None:
        audit.record_now(engine, "?", "token_refused", f"{request.method} {path}"[:200], "invalid token",
                         request.remote_addr)
        answer = jsonify(error="invalid_token")
        answer.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return answer, 401
    user = replace(who.user, address=request.remote_addr)
    need = token_scope_needed(request.method, _view())
    if not who.allows(need):
        audit.record_now(engine, user, "token_refused", f"{request.method} {path}"[:200],
                         f"token {who.token_id}: scope {who.scope.value}, needs {need.value}")
        answer = jsonify(error="insufficient_scope", scope=who.scope.value, needs=need.value)
        answer.headers["WWW-Authenticate"] = f'Bearer error="insufficient_scope", scope="{need.value}"'
        return answer, 403
    record_token_use(engine, replace(who, user=user), request.method, path)
    g.kundenakte_user = user
    g.kundenakte_token = who
    return None


def require_json() -> ResponseReturnValue | None:
    """A POST to Dash's dispatch or a non-GET to the API must be `application/json` (else 400).

    Those routes take no CSRF token; a cross-site form can only send `text/plain`, urlencoded or
    multipart bodies, so refusing every other type stops it (SameSite=Lax keeps the cookie off, too).
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    path = request.path
    json_only = path == _web()["dash_dispatch"] or path == API_PREFIX or path.startswith(API_PREFIX + "/")
    if json_only and request.mimetype != "application/json" and not _token_upload():
        return jsonify(error="unsupported_content_type", expected="application/json"), 400
    return None


def _token_upload() -> bool:
    """A file (a zip, a workbook, a mail, a calendar, a call log) sent with a token to a route that takes that
    type (`kundenakte.api.scopes`): no cookie was used, so no cross-site risk."""
    return g.get("kundenakte_token") is not None and request.mimetype in declared_uploads(_view())


# --- after every request -------------------------------------------------------------------------------


def no_store(response: Response) -> Response:
    """Nothing but static files is kept by the browser: after sign-out the back button shows no data."""
    if not _is_static(request.path):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def server_error(exc: InternalServerError) -> ResponseReturnValue:
    """A plain 500 (JSON for the JSON routes): the traceback goes to the log, never to the browser."""
    if _answers_json(request.path):
        return jsonify(error="internal_error"), 500
    return Response(ERROR_PAGE, 500, mimetype="text/html")


def favicon() -> Response:
    """The browser's own request for an icon: Dash's icon, without a session."""
    return redirect(_web()["favicon"], 301)  # type: ignore[return-value]


def healthz() -> Response:
    """Liveness for a load balancer or a process monitor (public, touches nothing)."""
    return Response("ok\n", 200, mimetype="text/plain")


# --- the app ------------------------------------------------------------------------------------------------


def content_security_policy(script_hashes: list[str]) -> dict[str, str | list[str]]:
    """The CSP: scripts from this site and Dash's hashed inline scripts only, inline styles allowed.

    Dash, Plotly and AG Grid set inline styles, hence `style-src 'unsafe-inline'`; no `unsafe-eval`,
    not even for Dash's dev tools in `--debug` (they run without it).
    """
    scripts = ["'self'", *script_hashes]
    return {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def _set_up_dash_now(server: Flask) -> None:
    """Run Dash's first-request set-up at start-up, outside any request.

    Dash renders every layout once on its first request (for callback validation) and sends that
    `validation_layout` in every page's config: done inside the first request, it would hold the
    first visitor's name and CSRF token (the shell's sign-out form), and it would run before anyone
    is signed in. Outside a request the shell renders without a user. The set-up also registers the
    pages' inline clientside callbacks, whose hashes the CSP needs.
    """
    with server.app_context():
        for hook in list(server.before_request_funcs.get(None, [])):
            if getattr(hook, "__module__", "") == "dash.dash":
                hook()


def create_app(settings: Settings | None = None, engine: Engine | None = None, *, debug: bool = False) -> Flask:
    """Flask with the sign-in, the API blueprint and the dashboard, on `settings.database_url` (migrated) or `engine`.

    Refuses (InvalidInput) to start without a usable KUNDENAKTE_SECRET_KEY.
    """
    settings = settings or Settings()
    key, fallbacks = check_secret_key(settings)
    if engine is None:
        engine = make_engine(settings.database_url)
        ensure_schema(engine)
    server = Flask("kundenakte")
    timeouts = Timeouts(idle=timedelta(minutes=settings.session_idle_minutes),
                        absolute=timedelta(hours=settings.session_absolute_hours))
    secure = settings.secure_cookies
    server.config.update(
        SECRET_KEY=key,
        SECRET_KEY_FALLBACKS=fallbacks,
        SESSION_COOKIE_NAME="__Host-kundenakte" if secure else "kundenakte",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        # the signed cookie is not accepted after the absolute timeout, whatever the session says
        PERMANENT_SESSION_LIFETIME=timeouts.absolute,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=settings.max_content_length,
        PREFERRED_URL_SCHEME="https" if secure else "http",
    )
    web: dict[str, object] = {"engine": engine, "settings": settings, "timeouts": timeouts}
    server.extensions["kundenakte"] = web
    server.before_request(limit_body)
    server.before_request(resolve_user)
    server.before_request(require_json)
    server.after_request(no_store)
    server.register_error_handler(InternalServerError, server_error)
    server.add_url_rule("/healthz", "healthz", healthz)
    server.add_url_rule("/favicon.ico", "favicon", favicon)

    csrf = init_signin(server, engine, timeouts=timeouts, per_address=settings.signin_limit_per_address,
                       per_name=settings.signin_limit_per_name)
    server.register_blueprint(api)
    SPEC.register(server)  # /api/v1/openapi.json and the docs page /api/v1/docs/
    server.register_blueprint(register_downloads())
    csrf.exempt(api)  # JSON only (require_json) until API tokens come

    dash_app = create_dash(server)
    if debug:
        # no hot reload (the reloader is off) and no call home to plotly.com (connect-src 'self' refuses it)
        dash_app.enable_dev_tools(debug=True, dev_tools_hot_reload=False, dev_tools_disable_version_check=True)
    web["dash"] = dash_app
    prefix = dash_app.config.routes_pathname_prefix
    dispatch = prefix + "_dash-update-component"
    csrf.exempt(server.view_functions[dispatch])  # JSON only (require_json), SameSite=Lax
    web["dash_dispatch"] = dispatch
    web["static_prefixes"] = (prefix + dash_app.config.assets_url_path.strip("/") + "/",
                              prefix + "_dash-component-suites/")
    web["favicon"] = prefix + "_favicon.ico"
    web["stylesheet"] = prefix + dash_app.config.assets_url_path.strip("/") + "/style.css"
    _set_up_dash_now(server)

    Talisman(
        server,
        force_https=False,  # TLS ends at the proxy in front, which redirects
        strict_transport_security=secure,
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        frame_options="DENY",
        content_security_policy=content_security_policy(list(dash_app.csp_hashes())),
        referrer_policy="same-origin",
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()",
                            "usb": "()", "browsing-topics": "()"},
        x_content_type_options=True,
    )
    return server


def no_admin_hint(url: str) -> str:
    """How to create the first admin (the URL only when it holds no password: an SQLite file)."""
    db = f" --db {url}" if sqlite_path(url) is not None else " --db URL" if url != DEFAULT_DATABASE_URL else ""
    return ("Kundenakte: there is no admin account yet, nobody can sign in. Create one with\n"
            f"  kundenakte users add NAME --role admin --agent ID{db}\n"
            "(the password is asked for; --agent links the account to an agent of the imported data)")


def serve(url: str, host: str = "127.0.0.1", port: int = 8050, *, threads: int = 8, debug: bool = False) -> None:
    """Run the web app on host:port until interrupted (the secret key from KUNDENAKTE_SECRET_KEY).

    Production: waitress, a pure-Python WSGI server with a pool of `threads` in one process (no fork),
    so it runs the same on the demo's SQLite file and on PostgreSQL, the threads share the engine's
    connection pool and the sign-in throttle's memory. `debug=True` runs Werkzeug's development
    server with the debugger and Dash's dev tools instead: never on a reachable address.
    """
    from services.accounts import admin_count

    if debug and host not in LOOPBACK:
        raise InvalidInput(f"--debug serves Werkzeug's debugger (it runs code): only on 127.0.0.1, not on {host}")
    app = create_app(Settings(database_url=url, host=host, port=port), debug=debug)
    if admin_count(app.extensions["kundenakte"]["engine"]) == 0:
        print(no_admin_hint(url), file=sys.stderr, flush=True)
    print(f"Kundenakte: http://{host}:{port}/  (Strg+C beendet)", flush=True)
    if debug:
        app.run(host=host, port=port, debug=True, use_reloader=False, threaded=True)
        return
    import waitress

    settings: Settings = app.extensions["kundenakte"]["settings"]
    waitress.serve(app, host=host, port=port, threads=threads, ident=SERVER_IDENT,
                   max_request_body_size=settings.max_content_length,
                   url_scheme="https" if settings.secure_cookies else "http")


__all__ = ["check_secret_key", "content_security_policy", "create_app", "no_admin_hint", "resolve_user", "serve"]
