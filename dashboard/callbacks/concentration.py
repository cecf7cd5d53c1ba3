"""Concentration page: figures, Pareto curve, eight-quarter trend and flagged organisations at the as-of date."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import Input, Output, html

from core.errors import Forbidden
from core.vocabulary import Area, Aspect, Grouping
from dashboard.callbacks.registry import callback
from dashboard.components.concentration import BAND_LABELS, flagged_table, pareto_figure, trend_figure
from dashboard.components.format import money, number, percent
from dashboard.components.tiles import kpi_tile
from dashboard.context import current_user, engine, parse_as_of
from dashboard.ids import Concentration, Shell
from services.concentration import concentration
from services.listing import organisation_names


@callback(Area.ANALYTICS,
          Output(Concentration.FIGURES, "children"), Output(Concentration.PARETO, "figure"),
          Output(Concentration.TREND, "figure"), Output(Concentration.FLAGGED, "children"),
          Input(Concentration.ASPECT, "value"), Input(Concentration.BY, "value"), Input(Shell.AS_OF, "date"))
def show_concentration(aspect: str, by: str, as_of: str | None) -> tuple[Any, go.Figure, go.Figure, Any]:
    """HHI with its band, Gini, top shares; the curve; the trend; the flagged organisations (group roots)."""
    grouping = Grouping(by)
    try:
        rep = concentration(engine(), current_user(), Aspect(aspect), parse_as_of(as_of), by=grouping)
    except Forbidden:
        return (html.P("Keine Berechtigung für diese Auswertung.", className="empty"), pareto_figure([]),
                trend_figure([]), [])
    f = rep.figures
    names = organisation_names(engine(), current_user(), [x.organisation_id for x in f.flagged])
    tiles = [
        kpi_tile(Concentration.kpi("n"), "Konzerne" if grouping is Grouping.GROUP else "Organisationen", number(f.n),
                 f"Summe {money(f.total)}"),
        kpi_tile(Concentration.kpi("hhi"), "HHI", number(f.hhi), BAND_LABELS.get(f.band, f.band),
                 "bad" if f.band == "high" else ""),
        kpi_tile(Concentration.kpi("gini"), "Gini", number(f.gini, 3), f"{rep.window} Tage"),
        kpi_tile(Concentration.kpi("top"), "Top 1 %", percent(f.top_shares.get("1")),
                 f"Top 20 %: {percent(f.top_shares.get('20'))}"),
    ]
    return tiles, pareto_figure(rep.pareto), trend_figure(rep.trend), flagged_table(f.flagged, names, grouping)


__all__ = ["show_concentration"]
