"""Kundenakte: one customer record from the traces of all business modules."""

__version__ = "0.1.0"
