"""Files the dashboard offers for download (`/download/...`): workbooks of a list or page, document versions.

Each module of this package adds its routes to `downloads`; a route reads the page's state from its query
string (the same parameters the page keeps in its address) and asks the services as the signed-in user,
so a download holds exactly the rows on screen and nothing the user may not see. The sign-in gate of
kundenakte.web covers these routes like every page.
"""

from __future__ import annotations

import importlib
import pkgutil

from flask import Blueprint

downloads = Blueprint("downloads", __name__, url_prefix="/download")


def register_downloads() -> Blueprint:
    """The blueprint with every module's routes (imported here, so a new module needs no entry)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return downloads


__all__ = ["downloads", "register_downloads"]
