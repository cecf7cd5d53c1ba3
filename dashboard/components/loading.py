"""The spinner over what waits for a callback: shown after a moment, the old content dimmed, not hidden."""

from __future__ import annotations

from dash import dcc


def loading(child: object, delay_ms: int = 250) -> dcc.Loading:
    """`child` under a dcc.Loading that appears only when the wait is longer than `delay_ms`."""
    return dcc.Loading(child, type="default", delay_show=delay_ms,
                       overlay_style={"visibility": "visible", "opacity": 0.5})


__all__ = ["loading"]
