"""Concentration page: figures, Pareto and Lorenz curves, eight-quarter trend, flagged organisations at the as-of
date, the workbook link for the same view; its state (aspect, grouping, tab) in the URL."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, html

from core.errors import Forbidden
from core.vocabulary import Area, Aspect, Grouping
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.concentration import (
    download_href,
    empty_figure,
    figure_tiles,
    flagged_table,
    lorenz_figure,
    pareto_figure,
    trend_figure,
)
from dashboard.context import current_user, engine, parse_as_of
from dashboard.i18n import _
from dashboard.ids import Concentration, Shell
from services.concentration import concentration
from services.listing import organisation_names


@callback(Area.ANALYTICS,
          Output(Concentration.FIGURES, "children"), Output(Concentration.PARETO, "figure"),
          Output(Concentration.LORENZ, "figure"), Output(Concentration.TREND, "figure"),
          Output(Concentration.FLAGGED, "children"), Output(Concentration.DOWNLOAD, "href"),
          Input(Concentration.ASPECT, "value"), Input(Concentration.BY, "value"), Input(Shell.AS_OF, "date"))
def show_concentration(aspect: str, by: str, as_of: str | None
                       ) -> tuple[Any, go.Figure, go.Figure, go.Figure, Any, str | None]:
    """HHI with its band, Gini, top shares; both curves; the trend; the flagged organisations (group roots)."""
    chosen, grouping, day = Aspect(aspect), Grouping(by), parse_as_of(as_of)
    try:
        rep = concentration(engine(), current_user(), chosen, day, by=grouping)
    except Forbidden:
        refused = _("Keine Berechtigung für diese Auswertung.")
        return (html.P(refused, className="empty"), empty_figure(refused), empty_figure(refused),
                empty_figure(refused), [], None)
    f = rep.figures
    names = organisation_names(engine(), current_user(), [x.organisation_id for x in f.flagged])
    return (figure_tiles(f, rep.window, grouping), pareto_figure(rep.pareto, grouping, chosen),
            lorenz_figure(rep.lorenz, f.gini, grouping, chosen), trend_figure(rep.trend),
            flagged_table(f.flagged, names, grouping), download_href(chosen, grouping, day))


#: the page state goes into the query string (history.replaceState: no reload, no new history entry)
clientside_callback(ClientsideFunction(namespace="concentration", function_name="syncQuery"),
                    Output(Concentration.QUERY, "data"),
                    Input(Concentration.ASPECT, "value"), Input(Concentration.BY, "value"),
                    Input(Concentration.TAB, "value"))


__all__ = ["show_concentration"]
