"""Kundenakte: one customer record from the traces of all business modules (the product's entry points)."""

__version__ = "0.1.0"
