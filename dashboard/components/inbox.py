"""Inbox page pieces: its state in the URL, the words for kinds and reasons, the grid, the item's panel.

spec/interchange.md, "Assignment of inbound traces": every waiting trace carries the reason of its first
address; the page says it in words and what the user can do about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html

from core.vocabulary import ActivityKind, InboxReason
from dashboard.components.format import number, record_href, when
from dashboard.components.grid_locale import grid_locale_text
from dashboard.i18n import _
from services.inbox import INBOX_KINDS, Assignment, InboxEntry, InboxView, Target, TargetKind


@dataclass(frozen=True)
class InboxState:
    """The page's state as the URL carries it: `/inbox?kind=email&reason=freemail` (empty: all)."""

    kind: str = ""
    reason: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> InboxState:
        """Unknown words fall back to "all"."""
        kind = query.get("kind", "")
        reason = query.get("reason", "")
        return cls(kind if kind in INBOX_KINDS else "", reason if reason in tuple(InboxReason) else "")


# --- words --------------------------------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    labels: dict[str, str] = {ActivityKind.EMAIL: _("E-Mail"), ActivityKind.CALL: _("Anruf"),
                              ActivityKind.APPOINTMENT: _("Termin")}
    return labels.get(kind, kind)


def reason_label(reason: str) -> str:
    """The reason in a few words (the grid's column, the filter)."""
    labels: dict[str, str] = {InboxReason.NO_MATCH: _("Nichts gefunden"), InboxReason.FREEMAIL: _("Freemail-Adresse"),
                              InboxReason.AMBIGUOUS_DOMAIN: _("Domain mehrdeutig"),
                              InboxReason.AMBIGUOUS_NUMBER: _("Nummer mehrdeutig")}
    return labels.get(reason, reason)


def reason_explained(reason: str) -> str:
    """Why it matched nothing, and what to do (the item's panel)."""
    texts: dict[str, str] = {
        InboxReason.NO_MATCH: _("Weder ein Ansprechpartner noch eine Organisation kennt diese Adresse oder Nummer. "
                                "Ordnen Sie sie zu; tragen Sie neue Ansprechpartner in den Stammdaten nach."),
        InboxReason.FREEMAIL: _("Adressen von Freemail-Anbietern (gmail.com, web.de …) werden nie über die Domain "
                                "zugeordnet. Ordnen Sie die Person ihrer Organisation zu."),
        InboxReason.AMBIGUOUS_DOMAIN: _("Mehrere Organisationen haben diese Domain. Wählen Sie die richtige aus "
                                        "den Vorschlägen."),
        InboxReason.AMBIGUOUS_NUMBER: _("Ansprechpartner mehrerer Organisationen haben diese Nummer. Wählen Sie den "
                                        "richtigen aus den Vorschlägen."),
    }
    return texts.get(reason, reason)


def direction_label(direction: str | None) -> str:
    return {"in": _("eingehend"), "out": _("ausgehend")}.get(direction or "", "–")


def _counted(label: str, n: int | None) -> str:
    return label if n is None else f"{label} ({number(n)})"


def kind_options(view: InboxView | None = None) -> list[dict[str, str]]:
    counts = view.by_kind if view else {}
    total = sum(counts.values()) if view else None
    return [{"label": _counted(_("Alle"), total), "value": ""}] + [
        {"label": _counted(kind_label(k), counts.get(k, 0) if view else None), "value": k.value}
        for k in INBOX_KINDS]


def reason_options(view: InboxView | None = None) -> list[dict[str, str]]:
    counts = view.by_reason if view else {}
    total = sum(counts.values()) if view else None
    return [{"label": _counted(_("Alle Gründe"), total), "value": ""}] + [
        {"label": _counted(reason_label(r), counts.get(r, 0) if view else None), "value": r.value}
        for r in InboxReason]


# --- the list -------------------------------------------------------------------------------------------------------


def inbox_columns() -> list[dict[str, Any]]:
    return [
        # sorted by the ISO text, shown as the language writes it
        {"field": "occurred_at", "headerName": _("Zeitpunkt"), "width": 150,
         "valueFormatter": {"function": "params.data.occurred"}},
        {"field": "kind_label", "headerName": _("Art"), "width": 100},
        {"field": "direction_label", "headerName": _("Richtung"), "width": 110},
        {"field": "address", "headerName": _("Adresse oder Nummer"), "flex": 1, "minWidth": 200},
        {"field": "reason_label", "headerName": _("Grund"), "width": 170},
        {"field": "subject", "headerName": _("Betreff"), "flex": 1, "minWidth": 180},
    ]


def inbox_grid(grid_id: str) -> dag.AgGrid:
    """A small client-side grid (at most MAX_ROWS rows); a click selects the item for the panel beside it."""
    return dag.AgGrid(
        id=grid_id, columnDefs=inbox_columns(), rowData=[], getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"animateRows": False,
                         "localeText": {**grid_locale_text(), "noRowsToShow": _("Nichts wartet auf eine Zuordnung.")},
                         "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}},
        style={"height": "calc(100vh - 260px)", "minHeight": "360px", "width": "100%"},
        className="ag-theme-alpine",
    )


def inbox_rows(entries: tuple[InboxEntry, ...]) -> list[dict[str, Any]]:
    return [{"id": str(e.activity_id), "activity_id": e.activity_id, "occurred_at": e.occurred_at.isoformat(),
             "occurred": when(e.occurred_at), "kind": e.kind, "kind_label": kind_label(e.kind),
             "direction_label": direction_label(e.direction), "address": e.address or "–", "reason": e.reason,
             "reason_label": reason_label(e.reason), "subject": e.subject or ""} for e in entries]


def summary(view: InboxView, filtered: bool) -> str:
    if view.total == 0:
        return _("Nichts wartet bei diesem Filter. Wählen Sie „Alle“, um alles zu sehen.") if filtered \
            else _("Alles zugeordnet: Nichts wartet im Posteingang.")
    shown = ""
    if len(view.entries) < view.total:
        shown = " · " + _("die neuesten {n} gezeigt", n=number(len(view.entries)))
    return _("{n} warten auf eine Zuordnung", n=number(view.total)) + shown


# --- the item's panel -----------------------------------------------------------------------------------------------


def detail_hint(may_assign: bool) -> html.Div:
    """The panel before an item is chosen."""
    if may_assign:
        return html.P(_("Wählen Sie links einen Eintrag, um ihn einer Organisation oder einem Ansprechpartner "
                        "zuzuordnen."), className="empty")
    return html.P(_("Wählen Sie links einen Eintrag, um die Einzelheiten zu sehen. Zum Zuordnen fehlt Ihnen das "
                    "Recht, Aktivitäten zu bearbeiten."), className="empty")


def detail_panel(row: Mapping[str, Any]) -> html.Div:
    """What was received or sent, from or to whom, and why it landed nowhere."""
    def line(label: str, value: str) -> list[Any]:
        return [html.Dt(label), html.Dd(value)]

    return html.Div([
        html.H2(row.get("subject") or _("(ohne Betreff)")),
        html.Dl([*line(_("Art"), f"{row.get('kind_label', '')} · {row.get('direction_label', '')}"),
                 *line(_("Zeitpunkt"), str(row.get("occurred", ""))),
                 *line(_("Adresse oder Nummer"), str(row.get("address", ""))),
                 *line(_("Grund"), str(row.get("reason_label", "")))], className="inbox-facts"),
        html.P(reason_explained(str(row.get("reason", ""))), className="inbox-reason"),
    ])


def target_option(t: Target) -> dict[str, str]:
    """A dropdown entry: an organisation, or a contact with its organisation (and address)."""
    if t.kind is TargetKind.ORGANISATION:
        label = _("Organisation: {name}", name=t.name)
    else:
        label = _("Ansprechpartner: {name} ({organisation})", name=t.name, organisation=t.organisation_name)
        if t.detail:
            label += f" · {t.detail}"
    return {"label": label, "value": t.value}


def assigned_message(done: Assignment, target_label: str | None) -> html.Div:
    """Where it landed, that the address is remembered (spec: its next trace lands by itself), a link there."""
    parts: list[Any] = [html.Strong(_("Zugeordnet: {target}.", target=target_label or done.organisation_id))]
    if done.remembered:
        parts.append(html.Span(" " + _("Künftige Nachrichten und Anrufe von {address} landen automatisch dort.",
                                       address=done.remembered)))
    parts.append(html.Span(" "))
    parts.append(dcc.Link(_("Zur Kundenakte"), href=record_href(done.organisation_id), className="inbox-record"))
    return html.Div(parts, className="inbox-done", role="status")


def refused_message(text: str) -> html.Div:
    return html.Div(text, className="inbox-refused", role="alert")


__all__ = [
    "InboxState", "assigned_message", "detail_hint", "detail_panel", "direction_label", "inbox_columns", "inbox_grid",
    "inbox_rows", "kind_label", "kind_options", "reason_explained", "reason_label", "reason_options",
    "refused_message", "summary", "target_option",
]
