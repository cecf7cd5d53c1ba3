"""Component ids of the start page (`/`): ABC tiles per relationship and what needs attention."""

from __future__ import annotations


class Overview:
    """The start page (`/`): ABC tiles per relationship and what needs attention."""

    #: the page's state mirrored into the URL's query string
    QUERY = "overview-query"
