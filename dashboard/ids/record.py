"""Component ids: the customer record (`/organisation?id=...`)."""

from __future__ import annotations


class Record:
    """The customer record (`/organisation?id=...`)."""

    ORG = "record-org"
    HEADER = "record-header"
    LETTERS = "record-letters"
    TILES = "record-tiles"
    CONTACTS = "record-contacts"
    TIMELINE = "record-timeline"
    MORE = "record-more"

    @staticmethod
    def tile(name: str) -> dict[str, str]:
        return {"type": "record-tile", "tile": name}
