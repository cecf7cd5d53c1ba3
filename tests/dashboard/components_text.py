"""Helpers for testing callbacks as plain functions."""

from __future__ import annotations

from typing import Any


def component_text(component: Any) -> str:
    """All text inside a Dash component tree (what a user reads on the page)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(component_text(c) for c in component)
    return component_text(getattr(component, "children", None))
