"""Component ids of the lists of customers, prospects and suppliers (`/customers`, `/prospects`, `/suppliers`)."""

from __future__ import annotations


class AspectList:
    """The lists of customers, prospects and suppliers (`/customers`, `/prospects`, `/suppliers`)."""

    #: the page's state mirrored into the URL's query string
    QUERY = "lists-query"
