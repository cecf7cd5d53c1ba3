"""Forecast page pieces: whose forecast (URL state and the selector), the tiles, the chart and the table.

Invoiced revenue is drawn as solid bars, the weighted pipeline as hatched bars and the mean monthly revenue
as a dashed line, each named in the legend, so colour is never the only signal. Month names and number
separators come from plotly's locale (`graph_config`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
from dash import html

from core.errors import KundenakteError
from dashboard.components.format import money, number, when
from dashboard.components.tiles import kpi_tile
from dashboard.context import engine, request_user
from dashboard.i18n import Language, _, language
from dashboard.ids import Forecast as Ids
from services.forecast import Forecast, ForecastParams, Owners, forecast_owners

_LAYOUT = {"margin": {"l": 70, "r": 20, "t": 10, "b": 50}, "height": 380, "plot_bgcolor": "#f5f7fa",
           "paper_bgcolor": "#ffffff", "barmode": "group", "legend": {"orientation": "h", "y": -0.18}}
_BLUE, _ORANGE, _GREY = "#1f5f99", "#b7791f", "#616e7c"


def owner_value(query: Mapping[str, str]) -> str:
    """The selector's value from `?team=...` or `?agent=...` (everyone: empty)."""
    if query.get("agent"):
        return f"agent:{query['agent']}"
    if query.get("team"):
        return f"team:{query['team']}"
    return ""


def parse_owner(value: object) -> tuple[str | None, str | None]:
    """(team, agent_id) of the selector's value; the service checks both."""
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        raise ValueError("not an owner")
    kind, _sep, ident = value.partition(":")
    if kind == "team" and ident:
        return ident, None
    if kind == "agent" and ident:
        return None, ident
    raise ValueError("not an owner")


def params_of(owner: object, as_of: Any) -> ForecastParams:
    team, agent = parse_owner(owner)
    return ForecastParams(as_of=as_of, team=team, agent_id=agent)


def owner_options(owners: Owners | None = None) -> list[dict[str, str]]:
    """Everyone, each team, each agent (with its team); the signed-in user's (nothing outside a request)."""
    if owners is None:
        user = request_user()
        if user is None:
            return [{"label": _("Alle Teams und Mitarbeiter"), "value": ""}]
        try:
            owners = forecast_owners(engine(), user)
        except KundenakteError:
            owners = Owners((), ())
    options = [{"label": _("Alle Teams und Mitarbeiter"), "value": ""}]
    options += [{"label": _("Team {team}", team=t), "value": f"team:{t}"} for t in owners.teams]
    options += [{"label": f"{name} ({team})" if team else name, "value": f"agent:{ident}"}
                for ident, name, team in owners.agents]
    return options


def graph_config() -> dict[str, Any]:
    """dcc.Graph's config: plotly's locale in the user's language (assets/plotly-locale-de.js), no mode bar."""
    return {"locale": "de" if language() is Language.DE else "en", "displaylogo": False, "displayModeBar": False}


def empty_figure() -> go.Figure:
    fig = go.Figure()
    fig.update_layout(**_LAYOUT)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def forecast_figure(report: Forecast) -> go.Figure:
    """Bars per month: revenue invoiced (solid), weighted pipeline (hatched); the mean monthly revenue (dashed)."""
    months = [m.month.isoformat() for m in report.months]
    fig = go.Figure()
    money_hover = "%{x|%B %Y}: %{y:,.2f} €<extra>%{fullData.name}</extra>"
    if report.shows_revenue:
        fig.add_bar(x=months, y=[m.revenue for m in report.months], name=_("Umsatz fakturiert"),
                    marker={"color": _BLUE}, hovertemplate=money_hover)
    if report.shows_pipeline:
        fig.add_bar(x=months, y=[m.pipeline for m in report.months], name=_("Pipeline gewichtet"),
                    marker={"color": _ORANGE, "pattern": {"shape": "/", "fgcolor": "#ffffff", "solidity": 0.3}},
                    hovertemplate=money_hover)
    average = report.average_revenue
    if average is not None:
        fig.add_scatter(x=months, y=[average] * len(months), mode="lines", name=_("Umsatz im Monatsmittel"),
                        line={"color": _GREY, "dash": "dash", "width": 2}, hovertemplate=money_hover)
    fig.update_layout(**_LAYOUT)
    fig.update_xaxes(type="date", tickformat="%b %Y", dtick="M1", title_text=_("Monat"))
    fig.update_yaxes(title_text=_("Euro (netto)"), tickformat=",.0f", rangemode="tozero")
    return fig


def forecast_tiles(report: Forecast) -> list[html.Div]:
    tiles = []
    if report.shows_pipeline:
        tiles.append(kpi_tile(Ids.kpi("pipeline"), _("Pipeline gewichtet"), money(report.pipeline_total),
                              _("{n} offene Verkaufschancen", n=number(report.opportunities_total))))
    if report.shows_revenue:
        this_month = next((m.revenue for m in report.months if m.month == report.as_of.replace(day=1)), None)
        tiles.append(kpi_tile(Ids.kpi("average"), _("Umsatz im Monatsmittel"), money(report.average_revenue),
                              _("letzte {n} volle Monate", n=number(len(report.months) - _future(report) - 1))))
        tiles.append(kpi_tile(Ids.kpi("month"), _("Umsatz laufender Monat"), money(this_month),
                              _("bis {day}", day=when(report.as_of))))
    return tiles


def _future(report: Forecast) -> int:
    return sum(1 for m in report.months if m.month > report.as_of.replace(day=1))


def forecast_note(report: Forecast) -> list[Any]:
    """What the page shows and what it leaves out (a part the role may not see), and the empty state."""
    lines: list[Any] = [html.P(_("Gewichtet: Zielwert × Wahrscheinlichkeit des Status am {day}; erwarteter "
                                 "Abschluss {days} Tage nach Anlage, ältere Chancen im laufenden Monat.",
                                 day=when(report.as_of), days=number(report.cycle_days)), className="summary")]
    if not report.shows_revenue:
        lines.append(html.P(_("Ohne Berechtigung für Rechnungen: Nur die Pipeline wird gezeigt."),
                            className="forecast-part"))
    if not report.shows_pipeline:
        lines.append(html.P(_("Ohne Berechtigung für die Pipeline: Nur der fakturierte Umsatz wird gezeigt."),
                            className="forecast-part"))
    if report.is_empty:
        lines.append(html.P(_("Keine Zahlen für diese Auswahl: weder offene Verkaufschancen noch Rechnungen. "
                              "Wählen Sie „Alle Teams und Mitarbeiter“ oder einen anderen Stand, oder legen Sie "
                              "Verkaufschancen an."), className="empty"))
    return lines


def forecast_table(report: Forecast) -> html.Table:
    """One row per month: revenue, weighted pipeline, opportunities (– where a part does not apply)."""
    head = [html.Th(_("Monat"), scope="col")]
    if report.shows_revenue:
        head.append(html.Th(_("Umsatz fakturiert"), scope="col", className="num"))
    if report.shows_pipeline:
        head += [html.Th(_("Pipeline gewichtet"), scope="col", className="num"),
                 html.Th(_("Verkaufschancen"), scope="col", className="num")]
    body = []
    month_of_d = report.as_of.replace(day=1)
    for m in report.months:
        label = _month_label(m.month)
        cells: list[Any] = [html.Th(label + (" " + _("(bis {day})", day=when(report.as_of)) if m.month == month_of_d
                                             else ""), scope="row")]
        if report.shows_revenue:
            cells.append(html.Td(money(m.revenue) if m.revenue is not None else "–", className="num"))
        if report.shows_pipeline:
            cells += [html.Td(money(m.pipeline) if m.pipeline is not None else "–", className="num"),
                      html.Td(number(m.opportunities) if m.opportunities is not None else "–", className="num")]
        body.append(html.Tr(cells, className="current" if m.month == month_of_d else None))
    return html.Table([html.Thead(html.Tr(head)), html.Tbody(body)], className="forecast-table")


MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def _month_label(month: Any) -> str:
    names = MONTHS_DE if language() is Language.DE else MONTHS_EN
    return f"{names[month.month - 1]} {month.year}"


__all__ = [
    "empty_figure", "forecast_figure", "forecast_note", "forecast_table", "forecast_tiles", "graph_config",
    "owner_options", "owner_value", "params_of", "parse_owner",
]
