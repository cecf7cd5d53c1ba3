"""Component ids of the lists of customers, prospects and suppliers (`/customers`, `/prospects`, `/suppliers`).

One page per relationship, each with the same parts: the ids carry the relationship (`lists-<aspect>-...`),
the sidebar's buttons and the filter chips are dict ids whose `type` is page-prefixed.
"""

from __future__ import annotations


class AspectList:
    """The lists of customers, prospects and suppliers (`/customers`, `/prospects`, `/suppliers`)."""

    #: the page's state mirrored into the URL's query string
    QUERY = "lists-query"

    @staticmethod
    def grid(aspect: str) -> str:
        return f"lists-{aspect}-grid"

    @staticmethod
    def count(aspect: str) -> str:
        """The "N Treffer" line."""
        return f"lists-{aspect}-count"

    @staticmethod
    def state(aspect: str) -> str:
        """Store: view, letter and search in force (what the sidebar and the search box chose)."""
        return f"lists-{aspect}-state"

    @staticmethod
    def sort(aspect: str) -> str:
        """Store: the grid's sort as `field:asc|desc` (None: the view's own)."""
        return f"lists-{aspect}-sort"

    @staticmethod
    def search(aspect: str) -> str:
        return f"lists-{aspect}-search"

    @staticmethod
    def chips(aspect: str) -> str:
        return f"lists-{aspect}-chips"

    @staticmethod
    def download(aspect: str) -> str:
        return f"lists-{aspect}-download"

    @staticmethod
    def download_csv(aspect: str) -> str:
        """The German CSV of the same rows (its href follows the Excel link's)."""
        return f"lists-{aspect}-download-csv"

    @staticmethod
    def applied(aspect: str) -> str:
        """Where the clientside step that writes the address and refreshes the grid leaves its trace."""
        return f"lists-{aspect}-applied"

    @staticmethod
    def view(aspect: str, value: str) -> dict[str, str]:
        """A view button of the sidebar (abc, top, all)."""
        return {"type": "lists-view", "aspect": aspect, "value": value}

    @staticmethod
    def letter(aspect: str, value: str) -> dict[str, str]:
        """A letter button of the sidebar (A, B, C, none)."""
        return {"type": "lists-letter", "aspect": aspect, "value": value}

    @staticmethod
    def chip(aspect: str, key: str) -> dict[str, str]:
        """The remove button of an active filter's chip (view, abc, q)."""
        return {"type": "lists-chip", "aspect": aspect, "key": key}
