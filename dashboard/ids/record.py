"""Component ids: the customer record (`/organisation/<id>`, also `/organisation?id=...`)."""

from __future__ import annotations


class Record:
    """The customer record (`/organisation/<id>`)."""

    ORG = "record-org"
    QUERY = "record-query"
    FILTER = "record-filter"
    HEADER = "record-header"
    LETTERS = "record-letters"
    TILES = "record-tiles"
    CONTACTS = "record-contacts"
    TABS = "record-tabs"
    TYPES = "record-types"
    RANGE = "record-range"
    RESET = "record-reset"
    COUNTS = "record-counts"
    TIMELINE = "record-timeline"
    MORE = "record-more"
    REMINDERS = "record-reminders"
    CHART = "record-chart"
    GROUP = "record-group"
    DOCUMENTS = "record-documents"

    @staticmethod
    def tile(name: str) -> dict[str, str]:
        return {"type": "record-tile", "tile": name}
