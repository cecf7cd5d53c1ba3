"""Dashboard structure: unique ids, callback ids in layouts, pages render without arguments (style guide §3, §9)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import dash._pages
from dash import Input, Output, State
from dash.development.base_component import Component
from flask import Flask

from dashboard import ids, shell
from dashboard.callbacks import CALLBACKS


def _ids_in(layout: Any) -> Iterator[Any]:
    if isinstance(layout, Component):
        if getattr(layout, "id", None) is not None:
            yield layout.id
        for child in layout._traverse():
            if getattr(child, "id", None) is not None:
                yield child.id


def _layout_ids() -> list[Any]:
    found = list(_ids_in(shell.layout()))
    for page in dash._pages.PAGE_REGISTRY.values():
        found += list(_ids_in(page["layout"]()))
    return found


def _callback_ids() -> set[str]:
    used: set[str] = set()
    for cb in CALLBACKS:
        deps = [*cb.args, *cb.kwargs.get("inputs", []), *cb.kwargs.get("state", [])]
        # a pattern-matching id ({"type": ..., "tile": ALL}) matches components a callback draws: not in a layout
        used |= {d.component_id for d in deps
                 if isinstance(d, Output | Input | State) and isinstance(d.component_id, str)}
    return used


def test_ids_are_unique() -> None:
    """ids.py (style guide §3): duplicate ids fail silently in Dash, so every constant id is unique."""
    values = ids.all_ids()
    assert len(values) == len(set(values))
    assert all("-" in v for v in values)


def test_every_callback_id_appears_in_a_layout(app: Flask) -> None:
    """Style guide §9: an id used by a callback but missing from every layout only shows in dev tools."""
    present = {i for i in _layout_ids() if isinstance(i, str)}
    missing = _callback_ids() - present
    assert _callback_ids() and not missing, missing


def test_page_layouts_render_without_arguments_and_ids_do_not_clash(app: Flask) -> None:
    """Style guide §3/§10: layout() renders with no kwargs; no id is used twice across the shell and pages."""
    paths = {page["path"] for page in dash._pages.PAGE_REGISTRY.values()}
    assert {"/", "/organisation"} <= paths
    found = [i for i in _layout_ids() if isinstance(i, str)]
    assert len(found) == len(set(found))


def test_dash_serves_its_scripts_locally(app: Flask) -> None:
    """No CDN (task brief): Dash serves its own JavaScript, the page references no external host."""
    dash_app = app.extensions["kundenakte"]["dash"]
    assert dash_app.config.serve_locally is True
    html = app.test_client().get("/").get_data(as_text=True)
    assert "/_dash-component-suites/" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "style.css" in html and "dashAgGridFunctions.js" in html
