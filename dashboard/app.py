"""`create_dash(server)`: the Dash app on the given Flask server, with pages, callbacks and local assets."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from dash import Dash
from flask import Flask

from dashboard import shell
from dashboard.dispatch import harden_dispatch


def assets_folder() -> str:
    """`assets/` of a source checkout, else the copy a wheel ships as `dashboard/_assets`."""
    checkout = Path(__file__).resolve().parent.parent / "assets"
    if checkout.is_dir():
        return str(checkout)
    return str(files("dashboard") / "_assets")


class KundenakteDash(Dash):
    """Dash with `<html lang>` set to the signed-in user's language (screen readers, the grid's number format)."""

    def interpolate_index(self, **kwargs: Any) -> str:
        from dashboard.i18n import language

        page: str = super().interpolate_index(**kwargs)
        return page.replace("<html>", f'<html lang="{language().bcp47}">', 1)


def create_dash(server: Flask) -> Dash:
    """The dashboard: pages from `dashboard/pages`, every callback registered once for this app."""
    from dashboard.callbacks import register_all

    app = KundenakteDash(
        __package__,
        server=server,
        use_pages=True,
        assets_folder=assets_folder(),
        serve_locally=True,
        suppress_callback_exceptions=False,
        title="Kundenakte",
        update_title=None,
    )
    app.layout = shell.layout
    register_all(app)
    harden_dispatch(server)
    return app
