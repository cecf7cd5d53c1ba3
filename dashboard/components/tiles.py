"""KPI tiles: one card per figure, and the six tiles of the customer record (spec/analytics.md).

A record tile whose figure has entries in the timeline is clickable (`Record.tile(name)`): it filters the
timeline to those types (`TILE_TYPES`), so the tickets tile shows the tickets.
"""

from __future__ import annotations

from dash import html

from core.vocabulary import ActivityKind
from dashboard.components.format import money, number, percent, when
from dashboard.i18n import _
from dashboard.ids import Record
from services.record import OrganisationRecord

KIND_LABELS = {ActivityKind.EMAIL: "E-Mail", ActivityKind.CALL: "Anruf", ActivityKind.APPOINTMENT: "Termin",
               ActivityKind.NOTE: "Notiz", ActivityKind.TASK: "Aufgabe"}
#: the timeline types a record tile filters to (tiles without entries in the timeline are not buttons)
TILE_TYPES: dict[str, tuple[str, ...]] = {
    "invoices": ("invoice",), "tickets": ("ticket",), "documents": ("document",),
    "last_touch": tuple(k.value for k in ActivityKind),
}


def kpi_tile(tile_id: dict[str, str], title: str, value: str, detail: str = "", tone: str = "") -> html.Div:
    """A card with a title, a big value and a line of detail; `tone` is `warn`, `bad` or empty."""
    return html.Div(
        [html.Div(title, className="tile-title"), html.Div(value, className="tile-value"),
         html.Div(detail, className="tile-detail")],
        id=tile_id, className=f"tile {tone}".strip(),
    )


def record_tile(name: str, title: str, value: str, detail: str = "", tone: str = "") -> html.Div:
    """A record tile; one with timeline entries counts clicks (`n_clicks` of `Record.tile(name)`) and holds a
    button, so a keyboard reaches it too (Tab, Enter: the button's click reaches the tile)."""
    tile = kpi_tile(Record.tile(name), title, value, detail, tone)
    if name not in TILE_TYPES:
        return tile
    tile.children.append(html.Button(_("im Verlauf zeigen →"), type="button", className="tile-go",
                                     title=_("Im Verlauf zeigen")))
    tile.n_clicks = 0
    tile.className += " tile-link"
    return tile


def record_tiles(record: OrganisationRecord) -> list[html.Div]:
    """The tiles of the areas the user may read: engagements, invoices, tickets, hours, documents, last touch."""
    t = record.tiles
    shown: list[html.Div] = []
    if t.engagements is not None:
        e = t.engagements
        margin = "" if e.margin is None else _("Marge {margin}", margin=percent(e.margin))
        shown.append(record_tile("engagements", _("Laufende Projekte"), number(e.running_projects), margin,
                                 "bad" if (e.margin or 0) < 0 else ""))
    if t.invoices is not None:
        i = t.invoices
        shown.append(record_tile("invoices", _("Offene Rechnungen"), money(i.open_amount),
                                 _("{open} offen, {dunned} gemahnt", open=number(i.open_count),
                                   dunned=number(i.dunned_count)), "warn" if i.dunned_count else ""))
    if t.tickets is not None:
        k = t.tickets
        sla = _("keine SLA") if k.tightest_due_at is None else (
            _("SLA verletzt seit {when}", when=when(k.tightest_due_at)) if k.breached
            else _("nächste SLA bis {when}", when=when(k.tightest_due_at)))
        shown.append(record_tile("tickets", _("Offene Tickets"), number(k.open_count), sla,
                                 "bad" if k.breached else ""))
    if t.hours is not None:
        shown.append(record_tile("hours", _("Stunden diesen Monat"), number(t.hours.hours, 2),
                                 _("seit {when}", when=when(t.hours.month_start))))
    if t.documents is not None:
        shown.append(record_tile("documents", _("Dokumente"), number(t.documents.documents), _("neueste Versionen")))
    if t.last_touch is not None:
        lt = t.last_touch
        touched = when(lt.at.date() if lt.at else None)
        touch_kind = _(KIND_LABELS[ActivityKind(lt.kind)]) if lt.kind in set(ActivityKind) else (lt.kind or "")
        shown.append(record_tile("last_touch", _("Letzter Kontakt"), touched,
                                 " · ".join(p for p in (touch_kind, lt.subject or "") if p)))
    return shown
