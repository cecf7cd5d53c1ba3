"""Writes: each command owns its transaction."""
