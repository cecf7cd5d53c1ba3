"""The ABC list: a client-side grid of the classified organisations, names linking to the record; models and units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import dash_ag_grid as dag

from core.businessconfig import MODELS
from dashboard.components.format import fixed, money

#: at most this many rows go to the browser (the workbook export has them all)
MAX_ROWS = 2000

ASPECT_LABELS = {"customer": "Kunden", "prospect": "Interessenten", "supplier": "Lieferanten"}
MODEL_LABELS = {
    "invoices": "Rechnungen (Umsatz)", "project_hours": "Projektstunden", "revenue_potential": "Umsatzpotenzial",
    "quotes": "Angebote", "opportunities": "Verkaufschancen", "potential_and_opportunities": "Potenzial + Chancen",
    "ratings": "Bewertungen", "incoming_invoices": "Eingangsrechnungen",
}
#: the unit of each model's metric: EUR, hours or a rating score (1 to 5)
MODEL_UNITS = {"project_hours": "hours", "ratings": "score"}
#: the tabs of the page
VIEWS = (("classes", "Klassen"), ("movements", "Bewegungen"), ("warnings", "Warnungen"))

UNIT_HEADERS = {"money": "Kennzahl (€)", "hours": "Stunden", "score": "Bewertung (1–5)"}
_FORMATTERS = {"money": "euro(params.value)", "hours": "hours(params.value)", "score": "fixed2(params.value)"}


def unit_of(model: str) -> str:
    """`money` (the default), `hours` or `score`."""
    return MODEL_UNITS.get(model, "money")


def metric_formatter(model: str) -> dict[str, str]:
    """The grid's valueFormatter (assets/dashAgGridFunctions.js) for the model's unit."""
    return {"function": _FORMATTERS[unit_of(model)]}


def metric_text(model: str, value: float | None) -> str:
    """A metric as the page shows it: '641.328,60 €', '12,50 h' or '3,67'."""
    unit = unit_of(model)
    if unit == "money":
        return money(value)
    return "–" if value is None else fixed(value) + ("\xa0h" if unit == "hours" else "")


def model_options(aspect: str) -> list[dict[str, str]]:
    """The models of one relationship for the dropdown (the configured one is used when none is chosen)."""
    return [{"label": MODEL_LABELS.get(m, m), "value": m} for m in MODELS.get(aspect, ())]


def valid_model(aspect: str, model: str | None) -> str | None:
    """`model` if it belongs to `aspect`, else None (the configured model)."""
    return model if model in MODELS.get(aspect, ()) else None


def abc_columns(model: str) -> list[dict[str, Any]]:
    """Rank, letter, name, metric (formatted in the model's unit); filters sit in a row below the headers."""
    number_filter = {"filter": "agNumberColumnFilter", "filterParams": {"buttons": ["reset"]}}
    return [
        {"field": "rank", "headerName": "Rang", "width": 100, "type": "rightAligned", **number_filter},
        {"field": "class", "headerName": "Klasse", "width": 110, "filter": "agTextColumnFilter",
         "cellClass": "abc-letter"},
        {"field": "name", "headerName": "Name", "cellRenderer": "OrganisationLink", "flex": 3, "minWidth": 220,
         "filter": "agTextColumnFilter"},
        # one column id per unit: AG Grid keeps rendered cells of a column whose id stays, formatter or not
        {"field": "metric", "colId": f"metric_{unit_of(model)}", "headerName": UNIT_HEADERS[unit_of(model)],
         "flex": 1, "minWidth": 180,
         "type": "rightAligned", "valueFormatter": metric_formatter(model),
         **number_filter},
    ]


def abc_grid(grid_id: str, model: str = "invoices") -> dag.AgGrid:
    """A sortable, filterable grid; a click on a row selects it (the explain panel follows the selection)."""
    return dag.AgGrid(
        id=grid_id, columnDefs=abc_columns(model), rowData=[],
        getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True,
                       "suppressHeaderFilterButton": True, "suppressHeaderMenuButton": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 100, "animateRows": False,
                         "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}},
        style={"height": "calc(100vh - 270px)", "minHeight": "420px", "width": "100%"},
        className="ag-theme-alpine",
    )


@dataclass(frozen=True)
class PageState:
    """The ABC page's state as the URL's query string carries it: aspect, model, tab, movement dates."""

    aspect: str = "customer"
    model: str | None = None
    view: str = "classes"
    before: str | None = None
    after: str | None = None

    @classmethod
    def from_query(cls, query: dict[str, str]) -> PageState:
        """Read `?aspect=&model=&view=&before=&after=`; anything unknown falls back to the default."""
        aspect = query.get("aspect") if query.get("aspect") in MODELS else "customer"
        model = query.get("model") if query.get("model") in MODELS[str(aspect)] else None
        view = query.get("view") if query.get("view") in dict(VIEWS) else "classes"
        return cls(str(aspect), model, str(view), _iso(query.get("before")), _iso(query.get("after")))


def _iso(value: str | None) -> str | None:
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None
