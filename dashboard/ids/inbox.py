"""Component ids of unassigned mails, calls and appointments (`/inbox`)."""

from __future__ import annotations


class Inbox:
    """Unassigned mails, calls and appointments (`/inbox`)."""

    #: the page's state mirrored into the URL's query string
    QUERY = "inbox-query"
