"""GET/POST /login and POST /logout: the server-rendered sign-in page (no script, no CDN).

A failed sign-in answers the same page, text and status whether the name is unknown or the password
is wrong (`services.signin.authenticate` spends the same argon2 time on both). The routes are made
per app (`make_blueprint`) because the limits belong to that app's `Limiter`.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for
from flask_limiter import Limiter
from flask_login import current_user
from sqlalchemy import Engine

from kundenakte.signin.sessions import SignedIn, Timeouts, begin, end, safe_next, signed_in_user
from kundenakte.signin.texts import NOTICES, language, texts
from services.signin import authenticate, session_token, sign_out

#: a user name has at most this many characters (services.commands.users); the limiter's key is cut to it
NAME_LENGTH = 100


def account_key(name: str) -> str:
    """The throttling key of an account name: the spelling variants of one name count together."""
    return "account:" + name.strip()[:NAME_LENGTH].casefold()


def login_page(status: int = 200, *, message: str | None = None, kind: str = "error", name: str = "",
               next_path: str | None = None) -> Response:
    """The sign-in page in the request's language, with an optional notice (error, throttled, info)."""
    lang = language()
    words = texts(lang)
    target = safe_next(next_path if next_path is not None else request.values.get("next"))
    switch = {"lang": words["switch_to"]}
    if target != "/":
        switch["next"] = target
    html = render_template(
        "signin/login.html", lang=lang, t=words, message=message, kind=kind, name=name[:NAME_LENGTH],
        next_path=target, action=url_for("signin.login"), switch_url=url_for("signin.login", **switch),
        stylesheet=current_app.extensions["kundenakte"]["stylesheet"],
        favicon=current_app.extensions["kundenakte"]["favicon"])
    return Response(html, status, mimetype="text/html")


def make_blueprint(engine: Engine, limiter: Limiter, *, per_address: str, per_name: str,
                   timeouts: Timeouts) -> Blueprint:
    """The sign-in routes of one app, throttled by its `limiter` (POST /login per address and per name)."""
    bp = Blueprint("signin", __name__, template_folder="templates")

    def name_key() -> str:
        return account_key(request.form.get("name", ""))

    @bp.route("/login", methods=["GET", "POST"])
    @limiter.limit(per_address, methods=["POST"])
    @limiter.limit(per_name, methods=["POST"], key_func=name_key)
    def login() -> Response:
        if request.method == "GET":
            if current_user.is_authenticated:
                user, _ = signed_in_user(timeouts)
                if user is not None:
                    return redirect(safe_next(request.args.get("next")), 303)  # type: ignore[return-value]
            notice = request.args.get("m")
            if notice in NOTICES:
                return login_page(message=texts()[notice], kind="info")
            return login_page()
        name = request.form.get("name", "")
        password = request.form.get("password", "")
        user = authenticate(engine, name, password, request.remote_addr)
        if user is None:
            return login_page(401, message=texts()["failed"], name=name)
        begin(SignedIn(user, session_token(engine, user)))
        return redirect(safe_next(request.form.get("next")), 303)  # type: ignore[return-value]

    @bp.route("/logout", methods=["POST"])
    def logout() -> Response:
        lang = language()
        user = g.get("kundenakte_user")
        if user is not None and user.user_id is not None:
            sign_out(engine, user)
        end()
        return redirect(url_for("signin.login", m="signed_out", lang=lang), 303)  # type: ignore[return-value]

    return bp


__all__ = ["NAME_LENGTH", "account_key", "login_page", "make_blueprint"]
