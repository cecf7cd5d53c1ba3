"""KPI tiles: one card per figure, and the six tiles of the customer record (spec/analytics.md)."""

from __future__ import annotations

from dash import html

from core.vocabulary import ActivityKind
from dashboard.components.format import money, number, percent, when
from dashboard.ids import Record
from services.record import OrganisationRecord

KIND_LABELS = {ActivityKind.EMAIL: "E-Mail", ActivityKind.CALL: "Anruf", ActivityKind.APPOINTMENT: "Termin",
               ActivityKind.NOTE: "Notiz", ActivityKind.TASK: "Aufgabe"}


def kpi_tile(tile_id: dict[str, str], title: str, value: str, detail: str = "", tone: str = "") -> html.Div:
    """A card with a title, a big value and a line of detail; `tone` is `warn`, `bad` or empty."""
    return html.Div(
        [html.Div(title, className="tile-title"), html.Div(value, className="tile-value"),
         html.Div(detail, className="tile-detail")],
        id=tile_id, className=f"tile {tone}".strip(),
    )


def record_tiles(record: OrganisationRecord) -> list[html.Div]:
    """The six tiles: engagements, invoices, tickets, hours, documents, last touch."""
    t = record.tiles
    tile = Record.tile
    touched = when(t.last_touch.at.date() if t.last_touch.at else None)
    margin = "" if t.engagements.margin is None else f"Marge {percent(t.engagements.margin)}"
    sla = "keine SLA" if t.tickets.tightest_due_at is None else (
        ("SLA verletzt seit " if t.tickets.breached else "nächste SLA bis ") + when(t.tickets.tightest_due_at))
    touch_kind = KIND_LABELS.get(t.last_touch.kind or "", t.last_touch.kind or "")
    return [
        kpi_tile(tile("engagements"), "Laufende Projekte", number(t.engagements.running_projects), margin,
                 "bad" if (t.engagements.margin or 0) < 0 else ""),
        kpi_tile(tile("invoices"), "Offene Rechnungen", money(t.invoices.open_amount),
                 f"{t.invoices.open_count} offen, {t.invoices.dunned_count} gemahnt",
                 "warn" if t.invoices.dunned_count else ""),
        kpi_tile(tile("tickets"), "Offene Tickets", number(t.tickets.open_count), sla,
                 "bad" if t.tickets.breached else ""),
        kpi_tile(tile("hours"), "Stunden diesen Monat", number(t.hours.hours, 2), f"seit {when(t.hours.month_start)}"),
        kpi_tile(tile("documents"), "Dokumente", number(t.documents.documents), "neueste Versionen"),
        kpi_tile(tile("last_touch"), "Letzter Kontakt", touched,
                 " · ".join(p for p in (touch_kind, t.last_touch.subject or "") if p)),
    ]
