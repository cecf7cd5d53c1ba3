"""Component ids: the organisation list (`/organisations`)."""

from __future__ import annotations


class OrgList:
    """The organisation list (`/organisations`)."""

    GRID = "orglist-grid"
    COUNT = "orglist-count"
    #: the Excel download link (its href follows the grid's filters and sort)
    DOWNLOAD = "orglist-download"
