"""Every component id of the dashboard: constants with a page prefix, functions for dict ids.

A typo is an AttributeError at import time; tests/dashboard checks that all values are unique.
"""

from __future__ import annotations


class Shell:
    """App-wide pieces: navigation and the as-of date every page computes with."""

    NAV = "shell-nav"
    AS_OF = "shell-as-of"
    CSRF = "shell-csrf"


class OrgList:
    """The organisation list (`/`)."""

    GRID = "orglist-grid"
    COUNT = "orglist-count"


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


class Abc:
    """ABC classes per relationship (`/abc`)."""

    ASPECT = "abc-aspect"
    MODEL = "abc-model"
    VIEW = "abc-view"
    SUMMARY = "abc-summary"
    GRID = "abc-grid"
    EXPLAIN = "abc-explain"
    BEFORE = "abc-before"
    AFTER = "abc-after"
    MATRIX = "abc-matrix"
    MOVED = "abc-moved"
    WARNINGS = "abc-warnings"
    #: the page state mirrored into the URL's query string (clientside)
    QUERY = "abc-query"


class Concentration:
    """Concentration risk (`/concentration`)."""

    ASPECT = "concentration-aspect"
    BY = "concentration-by"
    FIGURES = "concentration-figures"
    PARETO = "concentration-pareto"
    TREND = "concentration-trend"
    FLAGGED = "concentration-flagged"

    @staticmethod
    def kpi(metric: str) -> dict[str, str]:
        return {"type": "concentration-kpi", "metric": metric}


#: every id class, for the uniqueness test
ALL = (Shell, OrgList, Record, Abc, Concentration)


def all_ids() -> list[str]:
    """Every constant id (dict ids are built by their functions and carry a page-prefixed type)."""
    return [v for cls in ALL for k, v in vars(cls).items() if k.isupper() and isinstance(v, str)]
