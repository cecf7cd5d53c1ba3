"""The user's language and `_()`: German is the source language, English comes from `dashboard/texts/`.

Every text a page shows is written in German inside `_()`; each page's English lives in its own module
`dashboard/texts/<page>.py` as `EN = {"German": "English"}`. The language is the signed-in user's profile
(`users.locale`, German by default); outside a request (Dash's start-up validation) it is German.
tests/dashboard/test_texts.py finds every `_("...")` of the dashboard and requires its English.
"""

from __future__ import annotations

import importlib
import pkgutil
from enum import StrEnum
from functools import cache
from typing import Any

from flask import g, has_request_context


class Language(StrEnum):
    """A language of the dashboard (the value is what `users.locale` stores)."""

    DE = "de"
    EN = "en"

    @property
    def babel(self) -> str:
        """The Babel locale the server formats numbers and dates with."""
        return "de_DE" if self is Language.DE else "en_GB"

    @property
    def bcp47(self) -> str:
        """The browser's tag (`Intl.NumberFormat`, `<html lang>`)."""
        return "de-DE" if self is Language.DE else "en-GB"


def language() -> Language:
    """The signed-in user's language; German outside a request or for an unknown value."""
    if has_request_context():
        user = g.get("kundenakte_user")
        if user is not None:
            try:
                return Language(user.locale)
            except ValueError:
                return Language.DE
    return Language.DE


@cache
def english() -> dict[str, str]:
    """German -> English from every module of `dashboard.texts`; one German text has one English."""
    import dashboard.texts as texts

    merged: dict[str, str] = {}
    for info in pkgutil.iter_modules(texts.__path__):
        module = importlib.import_module(f"dashboard.texts.{info.name}")
        for german, translated in getattr(module, "EN", {}).items():
            if merged.setdefault(german, translated) != translated:
                raise ValueError(f"two English texts for {german!r}: {merged[german]!r}, {translated!r}")
    return merged


def translate(text: str, lang: Language) -> str:
    """`text` (German) in `lang`; a German text without English stays German (the test finds those)."""
    return text if lang is Language.DE else english().get(text, text)


def _(text: str, **values: Any) -> str:
    """`text` in the user's language, `{name}` placeholders filled from `values` after translating."""
    translated = translate(text, language())
    return translated.format(**values) if values else translated


__all__ = ["Language", "_", "english", "language", "translate"]
