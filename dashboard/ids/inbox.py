"""Component ids of unassigned mails, calls and appointments (`/inbox`)."""

from __future__ import annotations


class Inbox:
    """Unassigned mails, calls and appointments (`/inbox`)."""

    #: the page's state mirrored into the URL's query string
    QUERY = "inbox-query"
    KIND = "inbox-kind"
    KIND_LABEL = "inbox-kind-label"
    REASON = "inbox-reason"
    REASON_LABEL = "inbox-reason-label"
    SUMMARY = "inbox-summary"
    GRID = "inbox-grid"
    #: whether the user may assign (from the listing; the command decides anyway)
    MAY_ASSIGN = "inbox-may-assign"
    DETAIL = "inbox-detail"
    ASSIGN_FORM = "inbox-assign-form"
    TARGET = "inbox-target"
    ASSIGN = "inbox-assign"
    RESULT = "inbox-result"
    #: counts the assignments done on this page: the list is read again after each
    DONE = "inbox-done"
