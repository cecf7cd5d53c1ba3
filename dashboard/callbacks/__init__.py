"""Callbacks, one module per page; importing this package registers them all (see `registry`)."""

from dashboard.callbacks import abc, concentration, organisations, record
from dashboard.callbacks.registry import CALLBACKS, register_all

__all__ = ["CALLBACKS", "abc", "concentration", "organisations", "record", "register_all"]
