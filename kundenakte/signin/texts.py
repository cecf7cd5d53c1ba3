"""The sign-in page's words: one small dict per language, German first.

The language is `?lang=` (or the form's hidden `lang`) when it names one of them, else the best
match of the browser's Accept-Language, else German.
"""

from __future__ import annotations

from flask import request

DEFAULT_LANGUAGE = "de"

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Anmelden",
        "lead": "Die digitale Kundenakte. Bitte melden Sie sich an.",
        "name": "Benutzername",
        "password": "Passwort",
        "submit": "Anmelden",
        "failed": "Benutzername oder Passwort ist falsch.",
        "throttled": "Zu viele Anmeldeversuche. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.",
        "form_expired": "Das Formular war nicht mehr gültig. Bitte melden Sie sich erneut an.",
        "signed_out": "Sie haben sich abgemeldet.",
        "expired": "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        "switch": "English",
        "switch_to": "en",
    },
    "en": {
        "title": "Sign in",
        "lead": "The digital customer record. Please sign in.",
        "name": "User name",
        "password": "Password",
        "submit": "Sign in",
        "failed": "The user name or the password is wrong.",
        "throttled": "Too many sign-in attempts. Please wait a minute, then try again.",
        "form_expired": "The form was no longer valid. Please sign in again.",
        "signed_out": "You have signed out.",
        "expired": "Your session has ended. Please sign in again.",
        "switch": "Deutsch",
        "switch_to": "de",
    },
}
LANGUAGES = tuple(TEXTS)
#: the notices a link to the sign-in page may ask for (`?m=`): never free text from the URL
NOTICES = ("signed_out", "expired")


def language() -> str:
    """The language of this request's page: `lang` if known, else the browser's choice, else German."""
    asked = request.args.get("lang") or request.form.get("lang")
    if asked in TEXTS:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def texts(lang: str | None = None) -> dict[str, str]:
    """The words of `lang` (of this request when None)."""
    return TEXTS[lang or language()]


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "NOTICES", "TEXTS", "language", "texts"]
