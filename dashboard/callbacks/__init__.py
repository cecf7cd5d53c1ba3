"""Callbacks, one module per page; importing this package registers them all (see `registry`).

Every module of this package is imported here, so a page's new callbacks module needs no entry.
"""

import importlib
import pkgutil

from dashboard.callbacks.registry import CALLBACKS, register_all

MODULES = tuple(importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
                if info.name != "registry")

__all__ = ["CALLBACKS", "MODULES", "register_all"]
