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
    """The tiles of the areas the user may read: engagements, invoices, tickets, hours, documents, last touch."""
    t = record.tiles
    tile = Record.tile
    shown: list[html.Div] = []
    if t.engagements is not None:
        e = t.engagements
        margin = "" if e.margin is None else f"Marge {percent(e.margin)}"
        shown.append(kpi_tile(tile("engagements"), "Laufende Projekte", number(e.running_projects), margin,
                              "bad" if (e.margin or 0) < 0 else ""))
    if t.invoices is not None:
        i = t.invoices
        shown.append(kpi_tile(tile("invoices"), "Offene Rechnungen", money(i.open_amount),
                              f"{i.open_count} offen, {i.dunned_count} gemahnt", "warn" if i.dunned_count else ""))
    if t.tickets is not None:
        k = t.tickets
        sla = "keine SLA" if k.tightest_due_at is None else (
            ("SLA verletzt seit " if k.breached else "nächste SLA bis ") + when(k.tightest_due_at))
        shown.append(kpi_tile(tile("tickets"), "Offene Tickets", number(k.open_count), sla,
                              "bad" if k.breached else ""))
    if t.hours is not None:
        shown.append(kpi_tile(tile("hours"), "Stunden diesen Monat", number(t.hours.hours, 2),
                              f"seit {when(t.hours.month_start)}"))
    if t.documents is not None:
        shown.append(kpi_tile(tile("documents"), "Dokumente", number(t.documents.documents), "neueste Versionen"))
    if t.last_touch is not None:
        lt = t.last_touch
        touched = when(lt.at.date() if lt.at else None)
        touch_kind = KIND_LABELS.get(lt.kind or "", lt.kind or "")
        shown.append(kpi_tile(tile("last_touch"), "Letzter Kontakt", touched,
                              " · ".join(p for p in (touch_kind, lt.subject or "") if p)))
    return shown
