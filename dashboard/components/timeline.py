"""The record's timeline as a list: when, what, title, amount."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from dashboard.components.format import money, when
from dashboard.components.tiles import KIND_LABELS

#: kinds dated by day (their timestamp is midnight of the document's date)
DATED_BY_DAY = ("invoice", "quote")
FACT_LABELS = {"invoice": "Rechnung", "quote": "Angebot", "ticket": "Ticket", "document": "Dokument"}
STATUS_LABELS = {"open": "offen", "paid": "bezahlt", "cancelled": "storniert", "accepted": "angenommen",
                 "rejected": "abgelehnt", "closed": "geschlossen"}


def timeline_items(entries: Sequence[Any]) -> list[html.Li]:
    """One list item per entry (objects with at, kind, ref, title, amount, status)."""
    if not entries:
        return [html.Li("Noch keine Kontakte.", className="timeline-empty")]
    items = []
    for e in entries:
        label = KIND_LABELS.get(e.kind) or FACT_LABELS.get(e.kind, e.kind)
        extra = [html.Span(money(e.amount), className="timeline-amount")] if e.amount is not None else []
        if e.status:
            extra.append(html.Span(STATUS_LABELS.get(e.status, e.status), className="timeline-status"))
        items.append(html.Li([
            html.Span(when(e.at.date() if e.at and e.kind in DATED_BY_DAY else e.at), className="timeline-when"),
            html.Span(label, className=f"timeline-kind kind-{e.kind}"),
            html.Span(e.title or e.ref, className="timeline-title"),
            *extra,
        ], className="timeline-item"))
    return items
