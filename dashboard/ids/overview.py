"""Component ids of the start page (`/`): ABC tiles per relationship and what needs attention."""

from __future__ import annotations

from typing import Any


class Overview:
    """The start page (`/`): ABC tiles per relationship and what needs attention."""

    #: the page's state mirrored into the URL's query string
    QUERY = "overview-query"
    GROUPS = "overview-groups"
    ATTENTION = "overview-attention"
    REMINDERS = "overview-reminders"
    WARNINGS = "overview-warnings"
    #: an external user's start page: their organisation and its tickets
    EXTERNAL = "overview-external"

    @staticmethod
    def aspect(aspect: Any) -> dict[str, str]:
        """The store naming a tile group's relationship (the MATCH input of the group's callback)."""
        return {"type": "overview-aspect", "aspect": aspect}

    @staticmethod
    def tiles(aspect: Any) -> dict[str, str]:
        """The tiles A, B, C and "no letter" of one relationship."""
        return {"type": "overview-tiles", "aspect": aspect}

    @staticmethod
    def tile(aspect: Any, letter: Any) -> dict[str, str]:
        """One letter's tile (a link to the list filtered to that letter: A, B, C or none)."""
        return {"type": "overview-tile", "aspect": aspect, "letter": letter}

    @staticmethod
    def caption(aspect: Any) -> dict[str, str]:
        """The line under a group's heading: how many, which model."""
        return {"type": "overview-caption", "aspect": aspect}
