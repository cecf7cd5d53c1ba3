"""The admin's pages over HTTP (issue 20; spec/analytics.md, "Security: need-to-know": administration is the
admin's alone). Every other persona calling the settings and retention callbacks directly, with inputs that would
change something, gets no update, changes nothing and leaves an audit entry; the admin's same calls answer
(so the refusals are the policy's, not broken requests)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.schema import ConfigEntry, Contact
from tests.security.conftest import PERSONAS, SIGNED_IN, ServerCallback, World, dash_body

OTHERS = [k for k in SIGNED_IN if k != "admin"]
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _callback(world: World, output: str) -> ServerCallback:
    found = [cb for cb in world.callbacks() if cb.output.startswith(output) or f"..{output}" in cb.output]
    assert found, f"no callback with output {output}"
    return found[0]


def _calls(world: World) -> list[tuple[ServerCallback, list[object]]]:
    """A read and a write of each page, with the values a browser sends when they would succeed for the admin."""
    return [
        (_callback(world, "settings-users-list.children"), ["users", 0, 0]),
        (_callback(world, "settings-retention-message.children"), [1, 1, 0]),
        (_callback(world, "retention-grid.rowData"), [0]),
        (_callback(world, "retention-message.children"), [1, [{"id": "c2"}], "Frist abgelaufen", 0]),
    ]


def _state(world: World) -> tuple[object, object]:
    with world.engine.connect() as conn:
        config = conn.execute(select(ConfigEntry.value).where(ConfigEntry.key == "retention_months")).scalar()
        otto = conn.execute(select(Contact.last_name).where(Contact.id == "c2")).scalar()
    return config, otto


@SQLITE_ONLY
@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_get_nothing_and_are_audited(world: World, persona: str) -> None:
    before, denied_before = _state(world), len(world.denials())
    browser = world.browser(persona)
    for cb, values in _calls(world):
        resp = browser.dash(dash_body(cb, values))
        assert resp.status_code == 204, f"{persona} -> {cb.label}: {resp.status_code} {resp.get_data(as_text=True)}"
    assert _state(world) == before == (None, "Other")
    denials = world.denials()[denied_before:]
    assert [who for who, _subject in denials] == [PERSONAS[persona].name] * len(_calls(world))
    assert all("administration" in subject for _who, subject in denials)


@SQLITE_ONLY
def test_the_admin_gets_the_same_calls_answered(world: World) -> None:
    """The same bodies as the admin: the users' list, a retention period of one month saved, Otto erased."""
    browser = world.browser("admin")
    answers = [browser.dash(dash_body(cb, values)) for cb, values in _calls(world)]
    assert [r.status_code for r in answers] == [200, 200, 200, 200]
    assert "sec-admin" in answers[0].get_data(as_text=True)
    assert _state(world) == (1, "[anonymised]")
