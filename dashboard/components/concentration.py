"""Concentration page pieces: its state in the URL, the figure tiles, the Pareto and Lorenz curves, the
eight-quarter trend and the flagged organisations (spec/analytics.md, "Concentration risk").

Curves are drawn in percent points (0 to 100) with the language's percent sign as tick suffix ("20 %" in
German, "20%" in English); decimal and thousands separators come from the graph's locale (`graph_config`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
from dash import dcc, html

from core.vocabulary import ACCOUNT_ASPECTS, Aspect, Grouping
from dashboard.components.format import fixed, money, number, percent, record_href, when
from dashboard.components.tiles import kpi_tile
from dashboard.context import engine, request_user
from dashboard.i18n import Language, _, language
from dashboard.ids import Concentration
from services.concentration import readable_aspects

#: the tabs of the page, the first the default
TABS = ("curves", "trend", "flagged")
_LAYOUT = {"margin": {"l": 60, "r": 20, "t": 10, "b": 50}, "height": 340,
           "plot_bgcolor": "#f5f7fa", "paper_bgcolor": "#ffffff"}
_BLUE, _ORANGE, _GREEN, _GREY = "#1f5f99", "#b7791f", "#2f855a", "#8a94a6"


# --- words -----------------------------------------------------------------------------------------------------


def aspect_label(aspect: Aspect) -> str:
    """What the aspect's metric is: revenue of customers, purchases from suppliers."""
    return _("Umsatz (Kunden)") if aspect is Aspect.CUSTOMER else _("Einkauf (Lieferanten)")


def grouping_options() -> list[dict[str, str]]:
    """Per organisation, or per group (an organisation with every company below it in the parent tree)."""
    return [{"label": _("je Organisation"), "value": Grouping.ORGANISATION},
            {"label": _("je Gruppe"), "value": Grouping.GROUP}]


def tab_label(tab: str) -> str:
    return {"curves": _("Kurven"), "trend": _("Entwicklung"), "flagged": _("Auffällige")}[tab]


def band_label(band: str) -> str:
    """The HHI band as competition authorities read it."""
    return {"unconcentrated": _("nicht konzentriert"), "moderate": _("mäßig konzentriert"),
            "high": _("hoch konzentriert")}.get(band, band)


def units_label(by: Grouping) -> str:
    """Whose shares the figures are: organisations, or groups."""
    return _("Gruppen") if by is Grouping.GROUP else _("Organisationen")


def _share_axis(by: Grouping, order: str) -> str:
    if by is Grouping.GROUP:
        return _("Anteil der Gruppen, größte zuerst") if order == "desc" else _("Anteil der Gruppen, kleinste zuerst")
    if order == "desc":
        return _("Anteil der Organisationen, größte zuerst")
    return _("Anteil der Organisationen, kleinste zuerst")


def _metric_axis(aspect: Aspect) -> str:
    return _("kumulierter Anteil am Umsatz") if aspect is Aspect.CUSTOMER else _("kumulierter Anteil am Einkauf")


def _percent_sign() -> str:
    return "\u00a0%" if language() is Language.DE else "%"


def graph_config() -> dict[str, Any]:
    """dcc.Graph's config: plotly's locale in the user's language (assets/plotly-locale-de.js), no mode bar."""
    return {"locale": "de" if language() is Language.DE else "en", "displaylogo": False, "displayModeBar": False}


# --- the page's state ------------------------------------------------------------------------------------------


def offered_aspects() -> tuple[Aspect, ...]:
    """The aspects whose concentration the signed-in user may read (all outside a request: Dash's start-up
    validation renders every layout once); none for a role without analytics."""
    user = request_user()
    return ACCOUNT_ASPECTS if user is None else tuple(readable_aspects(engine(), user))


@dataclass(frozen=True)
class PageState:
    """The page's state as its address carries it: `?aspect=supplier&by=group&tab=trend`."""

    aspect: Aspect = Aspect.CUSTOMER
    by: Grouping = Grouping.ORGANISATION
    tab: str = TABS[0]

    @classmethod
    def from_query(cls, query: Mapping[str, Any], offered: Sequence[Aspect] = ACCOUNT_ASPECTS) -> PageState:
        """Anything unknown falls back to the default; an aspect not `offered` to the first one offered."""
        word, by, tab = query.get("aspect"), query.get("by"), query.get("tab")
        aspect = Aspect(word) if word in offered else (offered[0] if offered else cls.aspect)
        return cls(aspect, Grouping(by) if by in tuple(Grouping) else cls.by, tab if tab in TABS else cls.tab)


def download_href(aspect: Aspect, by: Grouping, as_of: date | None) -> str:
    """The workbook of what the page shows (kundenakte/downloads/concentration.py), with the page's query."""
    query = {"aspect": aspect.value, "by": by.value, **({"as_of": as_of.isoformat()} if as_of else {})}
    return "/download/concentration.xlsx?" + urlencode(query)


# --- tiles -----------------------------------------------------------------------------------------------------


def figure_tiles(figures: Any, window: int, by: Grouping) -> list[html.Div]:
    """Count and total, HHI with its band, Gini over the window, the top shares."""
    f = figures
    return [
        kpi_tile(Concentration.kpi("n"), units_label(by), number(f.n), _("Summe {total}", total=money(f.total))),
        kpi_tile(Concentration.kpi("hhi"), "HHI", number(f.hhi), band_label(f.band),
                 "bad" if f.band == "high" else ""),
        kpi_tile(Concentration.kpi("gini"), "Gini", fixed(f.gini, 3), _("{days} Tage", days=number(window))),
        kpi_tile(Concentration.kpi("top"), _("Top 1 %"), percent(f.top_shares.get("1")),
                 _("Top 20 %: {share}", share=percent(f.top_shares.get("20")))),
    ]


# --- figures ---------------------------------------------------------------------------------------------------


def empty_figure(message: str) -> go.Figure:
    """A chart without data that says why (and what to do) instead of empty axes."""
    fig = go.Figure()
    fig.update_layout(**_LAYOUT, xaxis={"visible": False}, yaxis={"visible": False},
                      annotations=[{"text": message, "showarrow": False, "xref": "paper", "yref": "paper",
                                    "x": 0.5, "y": 0.5, "font": {"size": 14, "color": "#4a5568"}}])
    return fig


def no_invoices_message(aspect: Aspect) -> str:
    if aspect is Aspect.CUSTOMER:
        return _("Keine Ausgangsrechnungen im Zeitraum – einen anderen Stichtag wählen.")
    return _("Keine Eingangsrechnungen im Zeitraum – einen anderen Stichtag wählen.")


def _curve_axes(by: Grouping, aspect: Aspect, order: str) -> dict[str, Any]:
    sign = _percent_sign()
    axis = {"range": [0, 100], "dtick": 20, "ticksuffix": sign, "tickformat": ".0f", "zeroline": False}
    return {"xaxis": {**axis, "title": {"text": _share_axis(by, order)}},
            "yaxis": {**axis, "range": [0, 101], "title": {"text": _metric_axis(aspect)}}}


def _curve_xy(points: Sequence[tuple[float, float]]) -> tuple[list[float], list[float]]:
    return [0.0] + [100 * p[0] for p in points], [0.0] + [100 * p[1] for p in points]


def _hover(by: Grouping) -> str:
    sign = _percent_sign()
    who = units_label(by)
    return f"{who}: %{{x:.1f}}{sign}<br>" + _("Anteil") + f": %{{y:.1f}}{sign}<extra></extra>"


def pareto_figure(points: Sequence[tuple[float, float]], by: Grouping = Grouping.ORGANISATION,
                  aspect: Aspect = Aspect.CUSTOMER) -> go.Figure:
    """Cumulative share of the metric over the share of organisations (or groups), highest first."""
    if not points:
        return empty_figure(no_invoices_message(aspect))
    xs, ys = _curve_xy(points)
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", line={"color": _BLUE, "width": 2.5},
                               name=_("Pareto-Kurve"), hovertemplate=_hover(by)))
    fig.update_layout(**_LAYOUT, showlegend=False, **_curve_axes(by, aspect, "desc"))
    return fig


def lorenz_figure(points: Sequence[tuple[float, float]], gini: float, by: Grouping = Grouping.ORGANISATION,
                  aspect: Aspect = Aspect.CUSTOMER) -> go.Figure:
    """The Lorenz curve (lowest first) against the diagonal of equal shares; the Gini in the legend: the area
    between the two, doubled."""
    if not points:
        return empty_figure(no_invoices_message(aspect))
    xs, ys = _curve_xy(points)
    fig = go.Figure([
        go.Scatter(x=[0, 100], y=[0, 100], mode="lines", line={"color": _GREY, "dash": "dash", "width": 1.5},
                   name=_("Gleichverteilung"), hoverinfo="skip"),
        go.Scatter(x=xs, y=ys, mode="lines", line={"color": _ORANGE, "width": 2.5}, fill="tonexty",
                   fillcolor="rgba(183, 121, 31, 0.12)",
                   name=_("Lorenz-Kurve (Gini {gini})", gini=fixed(gini, 3)), hovertemplate=_hover(by)),
    ])
    fig.update_layout(**_LAYOUT, showlegend=True, legend={"x": 0.02, "y": 0.98, "bgcolor": "rgba(255,255,255,0.8)"},
                      **_curve_axes(by, aspect, "asc"))
    return fig


def trend_figure(trend: Sequence[Any]) -> go.Figure:
    """HHI (left axis), Gini and the top-20 % share (right axis, 0 to 1) at the end of each quarter."""
    if not trend:
        return empty_figure(_("Kein Verlauf"))
    xs = [when(t.quarter_end) for t in trend]
    tops = [t.figures.top_shares.get("20", 0.0) for t in trend]
    fig = go.Figure([
        go.Scatter(x=xs, y=[t.figures.hhi for t in trend], name="HHI", mode="lines+markers",
                   line={"color": _BLUE}, hovertemplate="HHI %{y:,.0f}<extra></extra>"),
        go.Scatter(x=xs, y=[t.figures.gini for t in trend], name="Gini", mode="lines+markers", yaxis="y2",
                   line={"color": _ORANGE}, hovertemplate="Gini %{y:.3f}<extra></extra>"),
        go.Scatter(x=xs, y=tops, name=_("Top 20 %"), mode="lines+markers", yaxis="y2",
                   line={"color": _GREEN, "dash": "dot"}, customdata=[percent(v) for v in tops],
                   hovertemplate=_("Top 20 %") + ": %{customdata}<extra></extra>"),
    ])
    fig.update_layout(**{**_LAYOUT, "margin": {"l": 60, "r": 60, "t": 10, "b": 50}},
                      legend={"orientation": "h", "y": 1.12, "x": 0},
                      xaxis={"title": {"text": _("Quartalsende")}, "type": "category"},
                      yaxis={"title": {"text": "HHI"}, "rangemode": "tozero", "tickformat": ",.0f"},
                      yaxis2={"title": {"text": _("Gini · Anteil (0 bis 1)")}, "overlaying": "y", "side": "right",
                              "range": [0, 1], "dtick": 0.25, "tickformat": ".2f", "showgrid": False})
    return fig


# --- the flagged ---------------------------------------------------------------------------------------------


def flagged_table(flags: Sequence[Any], names: Mapping[str, str], by: Grouping) -> html.Table | html.P:
    """Name (linked to the record; by group the group's root), amount, share, highest first."""
    if not flags:
        return html.P(_("Niemand erreicht die Schwelle: keine Organisation hält einen auffälligen Anteil."),
                      className="empty")
    group = by is Grouping.GROUP
    rows = [html.Tr([
        html.Td(dcc.Link(_("Gruppe {name}", name=names.get(f.organisation_id, f.organisation_id)) if group
                         else names.get(f.organisation_id, f.organisation_id),
                         href=record_href(f.organisation_id), className="org-link")),
        html.Td(money(f.metric), className="num"), html.Td(percent(f.share), className="num"),
    ]) for f in flags]
    head = html.Thead(html.Tr([html.Th(_("Gruppe") if group else _("Organisation")),
                               html.Th(_("Betrag"), className="num"), html.Th(_("Anteil"), className="num")]))
    return html.Table([head, html.Tbody(rows)], className="data-table")


__all__ = [
    "TABS", "PageState", "aspect_label", "band_label", "download_href", "empty_figure", "figure_tiles",
    "flagged_table", "graph_config", "grouping_options", "lorenz_figure", "no_invoices_message", "offered_aspects",
    "pareto_figure", "tab_label", "trend_figure", "units_label",
]
