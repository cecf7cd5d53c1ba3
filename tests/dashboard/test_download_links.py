"""The download links of the lists (Excel and the German CSV) and of /abc (the controllers' workbook)."""

from __future__ import annotations

from typing import Any

import dash
from dash.development.base_component import Component
from flask import Flask, g

from core.vocabulary import Aspect
from dashboard.callbacks.abc import workbook_link
from dashboard.components.aspect_list import aspect_list
from dashboard.ids import Abc, AspectList
from kundenakte.web import resolve_user
from services.users import SYSTEM


def _links(component: Any) -> dict[Any, Any]:
    """id -> the link (html.A) of every link with an id in a component tree."""
    found = [component, *component._traverse()] if isinstance(component, Component) else []
    return {c.id: c for c in found if type(c).__name__ == "A" and getattr(c, "id", None) is not None}


def test_list_page_offers_excel_and_csv_of_the_same_query(app: Flask) -> None:
    with app.test_request_context():
        resolve_user()
        links = _links(aspect_list(Aspect.PROSPECT, {"view": "top", "abc": "B", "q": "plan"}))
    excel, csv = links[AspectList.download("prospect")], links[AspectList.download_csv("prospect")]
    assert excel.href == "/download/prospects.xlsx?view=top&abc=B&q=plan"
    assert csv.href == "/download/prospects.csv?view=top&abc=B&q=plan" and csv.download == "prospects.csv"
    assert csv.children == "CSV herunterladen"


def test_abc_page_links_the_controllers_workbook_at_the_as_of_date(app: Flask) -> None:
    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/abc")
    with app.test_request_context():
        g.kundenakte_user = SYSTEM
        link = _links(layout())[Abc.WORKBOOK]
    assert link.href == "/download/controllers.xlsx" and link.children == "Controlling-Arbeitsmappe (Excel)"
    assert workbook_link("2026-03-15") == "/download/controllers.xlsx?as_of=2026-03-15"
    assert workbook_link(None) == "/download/controllers.xlsx"
