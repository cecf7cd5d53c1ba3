"""Component ids: ABC classes per relationship (`/abc`)."""

from __future__ import annotations


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
    #: the warnings tab's heading (it names the relationship whose warnings are listed)
    WARNINGS_TITLE = "abc-warnings-title"
    #: the page state mirrored into the URL's query string (clientside)
    QUERY = "abc-query"
    #: the controllers' workbook (every relationship, the organisation list, the concentration) at the as-of date
    WORKBOOK = "abc-workbook"
