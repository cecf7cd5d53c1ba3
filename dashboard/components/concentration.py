"""Concentration page pieces: the Pareto curve, the eight-quarter trend and the flagged organisations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from core.vocabulary import Grouping
from dashboard.components.format import money, percent, record_href, when

BAND_LABELS = {"unconcentrated": "nicht konzentriert", "moderate": "mäßig konzentriert", "high": "hoch konzentriert"}
_LAYOUT = {"margin": {"l": 50, "r": 50, "t": 10, "b": 40}, "height": 320, "separators": ",.",
           "plot_bgcolor": "#f5f7fa", "paper_bgcolor": "#ffffff"}


def pareto_figure(points: Sequence[tuple[float, float]]) -> go.Figure:
    """Cumulative share over the share of organisations, highest first."""
    xs, ys = [0.0] + [p[0] for p in points], [0.0] + [p[1] for p in points]
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#1f5f99"}, name="Pareto"))
    fig.update_layout(**_LAYOUT, showlegend=False,
                      xaxis={"tickformat": ".0%", "title": "Anteil Organisationen", "range": [0, 1]},
                      yaxis={"tickformat": ".0%", "title": "kumulierter Anteil", "range": [0, 1.02]})
    return fig


def trend_figure(trend: Sequence[Any]) -> go.Figure:
    """HHI (left axis) and Gini and the top-20 % share (right axis, percent) at the end of each quarter."""
    xs = [when(t.quarter_end) for t in trend]
    fig = go.Figure([
        go.Scatter(x=xs, y=[t.figures.hhi for t in trend], name="HHI", mode="lines+markers",
                   line={"color": "#1f5f99"}, hovertemplate="HHI %{y:,.0f}<extra></extra>"),
        go.Scatter(x=xs, y=[t.figures.gini for t in trend], name="Gini", mode="lines+markers", yaxis="y2",
                   line={"color": "#b7791f"}, hovertemplate="Gini %{y:.3f}<extra></extra>"),
        go.Scatter(x=xs, y=[t.figures.top_shares.get("20", 0.0) for t in trend], name="Top 20 %",
                   mode="lines+markers", yaxis="y2", line={"color": "#2f855a", "dash": "dot"},
                   hovertemplate="Top 20 %: %{y:.1%}<extra></extra>"),
    ])
    fig.update_layout(**_LAYOUT, legend={"orientation": "h", "y": 1.12, "x": 0},
                      xaxis={"title": "Quartalsende", "type": "category"},
                      yaxis={"title": "HHI", "rangemode": "tozero", "tickformat": ",.0f"},
                      yaxis2={"title": "Gini / Anteil", "overlaying": "y", "side": "right", "range": [0, 1],
                              "dtick": 0.25, "tickformat": ".0%", "showgrid": False})
    return fig


def flagged_table(flags: Sequence[Any], names: Mapping[str, str], by: Grouping) -> html.Table | html.P:
    """Name (linked to the record; the group's root by group), amount, share, highest first."""
    if not flags:
        return html.P("Niemand über der Schwelle.", className="empty")
    prefix = "Konzern " if by is Grouping.GROUP else ""
    rows = [html.Tr([
        html.Td(dcc.Link(prefix + names.get(f.organisation_id, f.organisation_id), href=record_href(f.organisation_id),
                         className="org-link")),
        html.Td(money(f.metric), className="num"), html.Td(percent(f.share), className="num"),
    ]) for f in flags]
    head = html.Thead(html.Tr([html.Th("Organisation"), html.Th("Betrag", className="num"),
                               html.Th("Anteil", className="num")]))
    return html.Table([head, html.Tbody(rows)], className="data-table")


__all__ = ["BAND_LABELS", "flagged_table", "pareto_figure", "trend_figure"]
