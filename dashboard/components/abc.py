"""The ABC list: a client-side grid of the classified organisations, names linking to the record; models and units."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import dash_ag_grid as dag

from core.vocabulary import MODEL_UNITS, MODELS, AbcModel, Aspect, MetricUnit
from dashboard.components.format import fixed, money
from dashboard.components.grid_locale import grid_locale_text
from dashboard.i18n import _

#: at most this many rows go to the browser (the workbook export has them all)
MAX_ROWS = 2000

#: the relationships in the page's order
ASPECTS = (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER)
#: the tabs of the page, the first the default
VIEWS = ("classes", "movements", "warnings")


def aspect_label(aspect: Aspect) -> str:
    return {Aspect.CUSTOMER: _("Kunden"), Aspect.PROSPECT: _("Interessenten"),
            Aspect.SUPPLIER: _("Lieferanten")}[aspect]


def model_labels() -> dict[str, str]:
    """Every rating model's name in the user's language."""
    return {
        AbcModel.INVOICES: _("Rechnungen (Umsatz)"), AbcModel.PROJECT_HOURS: _("Projektstunden"),
        AbcModel.REVENUE_POTENTIAL: _("Umsatzpotenzial"), AbcModel.QUOTES: _("Angebote"),
        AbcModel.OPPORTUNITIES: _("Verkaufschancen"), AbcModel.POTENTIAL_AND_OPPORTUNITIES: _("Potenzial + Chancen"),
        AbcModel.RATINGS: _("Bewertungen"), AbcModel.INCOMING_INVOICES: _("Eingangsrechnungen"),
    }


def model_label(model: str) -> str:
    return model_labels().get(model, model)


def view_label(view: str) -> str:
    return {"classes": _("Klassen"), "movements": _("Bewegungen"), "warnings": _("Warnungen")}[view]


def unit_header(unit: MetricUnit) -> str:
    return {MetricUnit.EUR: _("Kennzahl (€)"), MetricUnit.HOURS: _("Stunden"),
            MetricUnit.SCORE: _("Bewertung (1–5)")}[unit]


_FORMATTERS = {MetricUnit.EUR: "euro(params.value)", MetricUnit.HOURS: "hours(params.value)",
               MetricUnit.SCORE: "fixed2(params.value)"}


def unit_of(model: AbcModel | None) -> MetricUnit:
    """The unit of the model's metric (vocabulary MODEL_UNITS); EUR without a model."""
    return MODEL_UNITS.get(model, MetricUnit.EUR)


def metric_formatter(model: AbcModel | None) -> dict[str, str]:
    """The grid's valueFormatter (assets/dashAgGridFunctions.js) for the model's unit."""
    return {"function": _FORMATTERS[unit_of(model)]}


def metric_text(model: AbcModel, value: float | None) -> str:
    """A metric as the page shows it: '641.328,60 €', '12,50 h' or '3,67'."""
    unit = unit_of(model)
    if unit is MetricUnit.EUR:
        return money(value)
    return "–" if value is None else fixed(value) + ("\xa0h" if unit is MetricUnit.HOURS else "")


def workbook_href(as_of: date | None) -> str:
    """The controllers' workbook at the shell's as-of date (kundenakte/downloads/controllers.py)."""
    return "/download/controllers.xlsx" + (f"?as_of={as_of.isoformat()}" if as_of else "")


def offered_aspects(readable: Iterable[Aspect]) -> tuple[Aspect, ...]:
    """The relationships the page offers, in the page's order: those whose ABC figures the user may read."""
    found = set(readable)
    return tuple(a for a in ASPECTS if a in found)


def model_options(aspect: Aspect) -> list[dict[str, str]]:
    """The models of one relationship for the dropdown (the configured one is used when none is chosen)."""
    labels = model_labels()
    return [{"label": labels.get(m, m), "value": m} for m in MODELS.get(aspect, ())]


def valid_model(aspect: Aspect, model: str | None) -> AbcModel | None:
    """`model` (a word from the page) if it is one of `aspect`'s models, else None (the configured model)."""
    return AbcModel(model) if model in MODELS.get(aspect, ()) else None


def abc_columns(model: AbcModel) -> list[dict[str, Any]]:
    """Rank, letter, name, metric (formatted in the model's unit); filters sit in a row below the headers."""
    number_filter = {"filter": "agNumberColumnFilter", "filterParams": {"buttons": ["reset"]}}
    return [
        {"field": "rank", "headerName": _("Rang"), "width": 100, "type": "rightAligned", **number_filter},
        {"field": "class", "headerName": _("Klasse"), "width": 110, "filter": "agTextColumnFilter",
         "cellClass": "abc-letter"},
        {"field": "name", "headerName": _("Name"), "cellRenderer": "OrganisationLink", "flex": 3, "minWidth": 220,
         "filter": "agTextColumnFilter"},
        # one column id per unit: AG Grid keeps rendered cells of a column whose id stays, formatter or not
        {"field": "metric", "colId": f"metric_{unit_of(model)}", "headerName": unit_header(unit_of(model)),
         "flex": 1, "minWidth": 180,
         "type": "rightAligned", "valueFormatter": metric_formatter(model),
         **number_filter},
    ]


def abc_grid(grid_id: str, model: AbcModel = MODELS[Aspect.CUSTOMER][0]) -> dag.AgGrid:
    """A sortable, filterable grid; a click on a row selects it (the explain panel follows the selection)."""
    # no rowData yet: the grid shows its loading overlay, not the empty state, until the callback answers
    return dag.AgGrid(
        id=grid_id, columnDefs=abc_columns(model),
        getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True,
                       "suppressHeaderFilterButton": True, "suppressHeaderMenuButton": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 100, "animateRows": False,
                         "localeText": {**grid_locale_text(), "noRowsToShow": _(
                             "Niemand hält diese Beziehung am Stichtag – einen anderen Stichtag oder eine andere "
                             "Beziehung wählen.")},
                         "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}},
        style={"height": "calc(100vh - 270px)", "minHeight": "420px", "width": "100%"},
        className="ag-theme-alpine",
    )


@dataclass(frozen=True)
class PageState:
    """The ABC page's state as the URL's query string carries it: aspect, model, tab, movement dates."""

    aspect: Aspect = Aspect.CUSTOMER
    model: AbcModel | None = None
    view: str = "classes"
    before: str | None = None
    after: str | None = None

    @classmethod
    def from_query(cls, query: dict[str, str], offered: Sequence[Aspect] = ASPECTS) -> PageState:
        """Read `?aspect=&model=&view=&before=&after=`; anything unknown falls back to the default, an aspect
        not `offered` (one the user may not read) to the first one offered."""
        word = query.get("aspect")
        aspect = Aspect(word) if word in offered else (offered[0] if offered else cls.aspect)
        view = query.get("view") if query.get("view") in VIEWS else cls.view
        return cls(aspect, valid_model(aspect, query.get("model")), str(view), _iso(query.get("before")),
                   _iso(query.get("after")))


def _iso(value: str | None) -> str | None:
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None
