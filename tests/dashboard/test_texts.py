"""Every German text of the dashboard has its English (issue 20: "no English string left on a German page"
and the other way round): each `_("...")` literal under dashboard/ is a key of dashboard/texts/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Flask, g

from dashboard.components.format import money, percent, when
from dashboard.components.grid_locale import grid_locale_text
from dashboard.i18n import Language, _, english, language
from services.users import CurrentUser

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def translated_literals() -> dict[str, str]:
    """German text -> where it is written, for every `_()` call with a literal first argument."""
    found: dict[str, str] = {}
    for path in DASHBOARD.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(DASHBOARD.parent)}:{node.lineno}")
    return found


def test_every_german_text_has_its_english() -> None:
    literals = translated_literals()
    assert len(literals) > 5, "the scan found no texts"
    missing = {text: where for text, where in literals.items() if text not in english()}
    assert not missing, f"texts without English (add them to dashboard/texts/<page>.py): {missing}"


def test_placeholders_survive_translation() -> None:
    """A `{name}` in the German has the same `{name}` in the English, or `_(..., name=...)` would fail."""
    import string

    def fields(text: str) -> set[str]:
        return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f}

    wrong = {de: en for de, en in english().items() if fields(de) != fields(en)}
    assert not wrong


@pytest.fixture
def as_user() -> Flask:
    return Flask(__name__)


@pytest.mark.parametrize(("locale", "expected"), [("de", Language.DE), ("en", Language.EN), ("xx", Language.DE)])
def test_the_language_is_the_profiles(as_user: Flask, locale: str, expected: Language) -> None:
    with as_user.test_request_context("/"):
        g.kundenakte_user = CurrentUser("u", locale=locale)
        assert language() is expected


def test_numbers_dates_and_the_grid_follow_the_language(as_user: Flask) -> None:
    """German: '1.234,50 €', '20,0 %' with a space, '15.03.2026', the grid's 'Keine Zeilen'; English: its own."""
    from datetime import date

    with as_user.test_request_context("/"):
        g.kundenakte_user = CurrentUser("u", locale="de")
        assert money(1234.5) == "1.234,50\xa0€"
        assert percent(0.2) == "20,0\xa0%"
        assert when(date(2026, 3, 15)) == "15.03.2026"
        assert grid_locale_text()["noRowsToShow"] == "Keine Zeilen vorhanden"
        assert _("Abmelden") == "Abmelden"
        g.kundenakte_user = CurrentUser("u", locale="en")
        assert money(1234.5) == "€1,234.50"
        assert percent(0.2) == "20.0%"
        assert when(date(2026, 3, 15)) == "15/03/2026"
        assert grid_locale_text() == {}
        assert _("Abmelden") == "Sign out"
