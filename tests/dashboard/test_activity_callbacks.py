"""Agent activity page callbacks as plain functions (issue 20; spec/analytics.md, "Activity analysis" and
"Security": analytics for management, accounting, purchasing). The world: tests/services/test_activity.py."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask, g
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import Engine

from core.vocabulary import Role
from dashboard.callbacks.activity import show_activity, show_agent
from dashboard.components.activity import PageState
from dashboard.components.format import record_href
from services.users import CurrentUser
from tests.dashboard.components_text import component_text
from tests.services.test_activity import PAGE_DAY, page_world
from tests.support import seed

MANAGEMENT = CurrentUser("leitung", Role.MANAGEMENT, agent_id="ag4")


@pytest.fixture
def world(app: Flask) -> Iterator[Engine]:
    engine: Engine = app.extensions["kundenakte"]["engine"]
    seed(engine, page_world())
    with app.test_request_context():
        g.kundenakte_user = MANAGEMENT
        yield engine


def test_heatmap_with_the_number_in_every_cell_and_the_course(world: Engine) -> None:
    heat, course, options, text = show_activity("month", None, PAGE_DAY.isoformat())
    cells = heat.data[0]
    assert list(cells.y) == ["Anna Nord", "Bernd Süd"] and list(cells.x)[:2] == ["E-Mail", "Anruf"]
    assert [list(r) for r in cells.z] == [[1, 2, 0, 0, 0], [0, 0, 0, 1, 0]] and cells.texttemplate == "%{z}"
    assert [t.name for t in course.data] == ["E-Mail", "Anruf", "Termin", "Notiz", "Aufgabe", "Stunden"]
    assert list(course.data[1].y)[-2:] == [1, 1]  # calls in February and March
    assert options == [{"label": "Anna Nord (3)", "value": "ag1"}, {"label": "Bernd Süd (1)", "value": "ag2"}]
    assert "Monate vom 01.04.2025 bis 15.03.2026: 4 Aktivitäten" in text


def test_the_drill_links_organisations_and_names_contacts(world: Engine) -> None:
    drill = show_agent("ag1", "month", PAGE_DAY.isoformat())
    text = component_text(drill)
    assert "Anna Nord" in text and "Alpha GmbH" in text and "Eva Extern" in text and "Otto Other" in text
    assert f'"href": "{record_href("o1")}"' in json.dumps(drill, cls=PlotlyJSONEncoder)
    assert "Wählen Sie oben einen Mitarbeiter" in component_text(show_agent(None, "month", None))
    assert "nicht sehen" in component_text(show_agent("nobody", "month", PAGE_DAY.isoformat()))


def test_english(world: Engine) -> None:
    g.kundenakte_user = CurrentUser("leitung", Role.MANAGEMENT, agent_id="ag4", locale="en")
    heat, _course, _options, text = show_activity("week", None, PAGE_DAY.isoformat())
    assert list(heat.data[0].x)[:2] == ["Email", "Call"] and text.startswith("Weeks from 15/12/2025 to 15/03/2026")


def test_the_state_from_the_url() -> None:
    assert PageState.from_query({"period": "week", "agent": "ag1"}).agent == "ag1"
    assert PageState.from_query({"period": "year"}).period == "month"
