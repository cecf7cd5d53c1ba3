"""Forecast page: tiles, chart and table of the weighted pipeline and invoiced revenue, for everyone, a team or
an agent, at the as-of date.

The callback is gated on master data (every internal role reads it): the service then shows the pipeline to who
may read the pipeline, revenue to who may read billing, and refuses (audited) who may read neither.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, html

from core.errors import Forbidden
from core.vocabulary import Area
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.forecast import (
    empty_figure,
    forecast_figure,
    forecast_note,
    forecast_table,
    forecast_tiles,
    params_of,
)
from dashboard.context import current_user, engine, parse_as_of
from dashboard.i18n import _
from dashboard.ids import Forecast, Shell
from services.forecast import forecast


@callback(Area.MASTER_DATA,
          Output(Forecast.NOTE, "children"), Output(Forecast.FIGURES, "children"), Output(Forecast.CHART, "figure"),
          Output(Forecast.TABLE, "children"),
          Input(Forecast.OWNER, "value"), Input(Shell.AS_OF, "date"))
def show_forecast(owner: str | None, as_of: str | None) -> tuple[Any, list[Any], go.Figure, Any]:
    """The forecast of the chosen team or agent as of the shell's date (the parts the role may see)."""
    try:
        report = forecast(engine(), current_user(), params_of(owner, parse_as_of(as_of)))
    except Forbidden:
        return (html.P(_("Keine Berechtigung: Die Prognose braucht Leserechte für die Pipeline oder die Rechnungen."),
                       className="empty"), [], empty_figure(), [])
    return forecast_note(report), forecast_tiles(report), forecast_figure(report), forecast_table(report)


#: whose forecast goes into the query string (history.replaceState: no reload, no new history entry)
clientside_callback(ClientsideFunction(namespace="forecast", function_name="syncQuery"),
                    Output(Forecast.QUERY, "data"), Input(Forecast.OWNER, "value"))


__all__ = ["show_forecast"]
