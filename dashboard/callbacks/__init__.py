"""Callbacks, one module per page; importing this package registers them all (see `registry`)."""

from dashboard.callbacks import organisations, record
from dashboard.callbacks.registry import CALLBACKS, register_all

__all__ = ["CALLBACKS", "organisations", "record", "register_all"]
