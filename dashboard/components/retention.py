"""The retention page's grid of contacts due for deletion and its words (reason, summary, result)."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag

from dashboard.components.format import number, when
from dashboard.components.grid_locale import grid_locale_text
from dashboard.i18n import _
from services.commands.retention import ErasureResult
from services.retention import DuePerson, DueReason, RetentionOverview

#: at most this many rows go to the browser at once (erase them, the next ones follow)
MAX_ROWS = 2000


def reason_text(person: DuePerson, overview: RetentionOverview) -> str:
    """Why the contact is due: its last trace before the cut-off, or no trace at all."""
    if person.reason is DueReason.NO_TRACE:
        return _("keine Spur vorhanden")
    return _("letzte Spur vor dem Stichtag {cutoff}", cutoff=when(overview.cutoff))


def retention_columns() -> list[dict[str, Any]]:
    return [
        {"field": "name", "headerName": _("Kontakt"), "flex": 2, "minWidth": 180, "filter": "agTextColumnFilter"},
        {"field": "organisation", "headerName": _("Organisation"), "flex": 2, "minWidth": 180,
         "filter": "agTextColumnFilter"},
        {"field": "last_trace", "headerName": _("Letzte Spur"), "width": 150,
         "valueFormatter": {"function": "retentionDate(params.value)"}},
        {"field": "reason", "headerName": _("Grund"), "flex": 3, "minWidth": 240},
        {"field": "id", "headerName": _("Kontakt-Nr."), "width": 140},
    ]


def retention_rows(overview: RetentionOverview) -> list[dict[str, Any]]:
    """One row per due contact (ISO dates: the grid formats them in the page's language and sorts them)."""
    return [{"id": p.contact_id, "name": p.name, "organisation": p.organisation_name or p.organisation_id or "–",
             "last_trace": p.last_trace.isoformat() if p.last_trace else None, "reason": reason_text(p, overview)}
            for p in overview.people[:MAX_ROWS]]


def retention_grid(grid_id: str) -> dag.AgGrid:
    """A client-side grid with a checkbox per row (and one for all) to choose whom to erase."""
    return dag.AgGrid(
        id=grid_id, columnDefs=retention_columns(), rowData=[], getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"rowSelection": {"mode": "multiRow", "checkboxes": True, "headerCheckbox": True,
                                          "enableClickSelection": True},
                         "localeText": {**grid_locale_text(), "noRowsToShow": _("Niemand ist zur Löschung fällig.")},
                         "animateRows": False},
        style={"height": "calc(100vh - 330px)", "minHeight": "320px", "width": "100%"},
        className="ag-theme-alpine",
    )


def summary_text(overview: RetentionOverview) -> str:
    n = len(overview.people)
    shown = "" if n <= MAX_ROWS else " · " + _("die ersten {n} gezeigt", n=number(MAX_ROWS))
    return _("{n} Kontakt(e) fällig · Aufbewahrungsfrist {months} Monate · letzte Spur vor {cutoff} · Stand {day}",
             n=number(n), months=number(overview.retention_months), cutoff=when(overview.cutoff),
             day=when(overview.as_of)) + shown


def result_text(result: ErasureResult) -> str:
    return _("{n} Kontakt(e) anonymisiert. Rechnungen, Angebote, Tickets und Dokumente bleiben erhalten; "
             "jede Löschung steht im Audit-Log.", n=number(len(result.erased)))


__all__ = ["MAX_ROWS", "reason_text", "result_text", "retention_columns", "retention_grid", "retention_rows",
           "summary_text"]
