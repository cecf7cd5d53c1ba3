"""The record's timeline: the type filter with counts, and the entries as a list (when, type, title, contact,
amount, status); the type is written out and carries an icon, never a colour alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from dashboard.components.format import money, number, when
from dashboard.i18n import _

#: kinds dated by day (their timestamp is midnight of the document's date)
DATED_BY_DAY = ("invoice", "quote")
#: every timeline type: its German label and an icon beside it
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "email": ("E-Mail", "✉"), "call": ("Anruf", "☎"), "appointment": ("Termin", "◷"), "note": ("Notiz", "✎"),
    "task": ("Aufgabe", "☑"), "invoice": ("Rechnung", "€"), "quote": ("Angebot", "✍"), "ticket": ("Ticket", "⚑"),
    "document": ("Dokument", "❏"),
}
STATUS_LABELS = {"open": "offen", "paid": "bezahlt", "cancelled": "storniert", "accepted": "angenommen",
                 "rejected": "abgelehnt", "closed": "geschlossen"}


def type_label(kind: str) -> str:
    """The type in the user's language (an unknown one as it is)."""
    return _(TYPE_LABELS[kind][0]) if kind in TYPE_LABELS else kind


def type_options(readable: Sequence[str], counts: Mapping[str, int] | None = None) -> list[dict[str, Any]]:
    """The type filter's options: each readable type with its icon and, once known, its count in the range."""
    options = []
    for kind in readable:
        icon = TYPE_LABELS.get(kind, ("", "•"))[1]
        count = [html.Span(number(counts.get(kind, 0)), className="type-count")] if counts is not None else []
        options.append({"label": html.Span([html.Span(icon, className="type-icon", **{"aria-hidden": "true"}),
                                            html.Span(type_label(kind)), *count], className=f"type-option kind-{kind}"),
                        "value": kind})
    return options


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def timeline_items(entries: Sequence[Any], filtered: bool = False) -> list[html.Li]:
    """One list item per entry (objects with at, kind, ref, title, amount, status and maybe contact)."""
    if not entries:
        text = (_("Keine Einträge für diese Auswahl. Typen oder Zeitraum erweitern.") if filtered
                else _("Noch keine Kontakte."))
        return [html.Li(text, className="timeline-empty")]
    items = []
    for e in entries:
        extra = [html.Span(money(e.amount), className="timeline-amount")] if e.amount is not None else []
        if e.status:
            extra.append(html.Span(status_label(e.status), className="timeline-status"))
        contact = getattr(e, "contact", None)
        if contact:
            extra.append(html.Span(contact, className="timeline-contact"))
        items.append(html.Li([
            html.Span(when(e.at.date() if e.at and e.kind in DATED_BY_DAY else e.at), className="timeline-when"),
            # the type's icon comes from assets/record.css (`.kind-email::before`): the text stays the word
            html.Span(type_label(e.kind), className=f"timeline-kind kind-{e.kind}"),
            html.Span(e.title or e.ref, className="timeline-title"),
            *extra,
        ], className="timeline-item"))
    return items
