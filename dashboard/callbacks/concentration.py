"""Concentration page: figures, Pareto curve and flagged organisations at the as-of date."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import Input, Output, html

from dashboard.callbacks.registry import callback
from dashboard.components.format import money, number, percent
from dashboard.components.tiles import kpi_tile
from dashboard.context import current_user, engine, parse_as_of
from dashboard.ids import Concentration, Shell
from kundenakte.errors import Forbidden
from kundenakte.services.concentration import concentration

BAND_LABELS = {"unconcentrated": "nicht konzentriert", "moderate": "mäßig konzentriert", "high": "hoch konzentriert"}


def pareto_figure(points: Any) -> go.Figure:
    """Cumulative share over the share of organisations, highest first."""
    xs, ys = [0.0] + [p[0] for p in points], [0.0] + [p[1] for p in points]
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#1f5f99"}, name="Pareto"))
    fig.update_layout(margin={"l": 40, "r": 10, "t": 10, "b": 40}, height=320, showlegend=False,
                      xaxis={"tickformat": ".0%", "title": "Anteil Organisationen"},
                      yaxis={"tickformat": ".0%", "title": "kumulierter Anteil"}, separators=",.")
    return fig


@callback(Output(Concentration.FIGURES, "children"), Output(Concentration.PARETO, "figure"),
          Output(Concentration.FLAGGED, "children"),
          Input(Concentration.ASPECT, "value"), Input(Concentration.BY, "value"), Input(Shell.AS_OF, "date"))
def show_concentration(aspect: str, by: str, as_of: str | None) -> tuple[Any, go.Figure, Any]:
    """HHI with its band, Gini, top shares; the curve; the flagged organisations (group roots with `group`)."""
    try:
        rep = concentration(engine(), current_user(), aspect, parse_as_of(as_of), by=by)
    except Forbidden as exc:
        return html.P(str(exc), className="empty"), pareto_figure([]), []
    f = rep.figures
    tiles = [
        kpi_tile(Concentration.kpi("n"), "Organisationen", number(f.n), f"Summe {money(f.total)}"),
        kpi_tile(Concentration.kpi("hhi"), "HHI", number(f.hhi), BAND_LABELS.get(f.band, f.band),
                 "bad" if f.band == "high" else ""),
        kpi_tile(Concentration.kpi("gini"), "Gini", number(f.gini, 3), f"{rep.window} Tage"),
        kpi_tile(Concentration.kpi("top"), "Top 1 %", percent(f.top_shares.get("1")),
                 f"Top 20 %: {percent(f.top_shares.get('20'))}"),
    ]
    flagged = [html.Tr([html.Td(html.A(x.organisation_id, href=f"/organisation?id={x.organisation_id}")),
                        html.Td(money(x.metric)), html.Td(percent(x.share))]) for x in f.flagged]
    table = html.Table([html.Thead(html.Tr([html.Th("Organisation"), html.Th("Betrag"), html.Th("Anteil")])),
                        html.Tbody(flagged)], className="contacts-table") if flagged else html.P(
        "Niemand über der Schwelle.", className="empty")
    return tiles, pareto_figure(rep.pareto), table
