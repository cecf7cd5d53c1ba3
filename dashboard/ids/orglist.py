"""Component ids: the organisation list (`/`)."""

from __future__ import annotations


class OrgList:
    """The organisation list (`/`)."""

    GRID = "orglist-grid"
    COUNT = "orglist-count"
