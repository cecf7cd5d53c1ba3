"""Agent activity page pieces: the page's state in the URL, the agents x kinds heatmap (the number in every cell),
activities over time, one agent's organisations and contacts (spec/analytics.md, "Activity analysis")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from core.vocabulary import Period
from dashboard.components.format import number, record_href, when
from dashboard.i18n import Language, _, language
from services.activity import MAX_AGENTS, ActivityOverview, AgentDrill

#: the periods the page offers (quarters are for the command line)
PERIODS = (Period.MONTH, Period.WEEK)
#: one colour per kind, the kind's name in the legend and the hover beside it
KIND_COLOURS = {"email": "#1f5f99", "call": "#2f855a", "appointment": "#b7791f", "note": "#6b46c1",
                "task": "#8a94a6"}
_HOURS = "#c05621"


def kind_label(kind: str) -> str:
    return {"email": _("E-Mail"), "call": _("Anruf"), "appointment": _("Termin"), "note": _("Notiz"),
            "task": _("Aufgabe")}.get(kind, kind)


def period_label(period: Period) -> str:
    return {Period.WEEK: _("Wochen"), Period.MONTH: _("Monate"), Period.QUARTER: _("Quartale")}[period]


def period_options() -> list[dict[str, str]]:
    return [{"label": period_label(p), "value": p.value} for p in PERIODS]


def graph_config() -> dict[str, Any]:
    """dcc.Graph's config: plotly's locale in the user's language (assets/plotly-locale-de.js), no mode bar."""
    return {"locale": "de" if language() is Language.DE else "en", "displaylogo": False, "displayModeBar": False}


@dataclass(frozen=True)
class PageState:
    """What the URL holds: the period (`month` default) and the agent drilled into."""

    period: Period = Period.MONTH
    agent: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> PageState:
        """Read `period` and `agent`; an unknown period falls back to months, an odd agent id is dropped."""
        period = Period(query["period"]) if query.get("period") in {p.value for p in PERIODS} else Period.MONTH
        agent = query.get("agent") or None
        if agent is not None and (len(agent) > 64 or "\x00" in agent):
            agent = None
        return cls(period, agent)


def agent_name(agent_id: str | None, name: str) -> str:
    return name or agent_id or _("ohne Mitarbeiter")


def range_text(page: ActivityOverview) -> str:
    return _("{periods} vom {first} bis {last}: {n} Aktivitäten", periods=period_label(page.period),
             first=when(page.first), last=when(page.last), n=number(page.total))


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(margin={"l": 10, "r": 20, "t": 10, "b": 40}, height=height, plot_bgcolor="#f5f7fa",
                      paper_bgcolor="#ffffff")
    return fig


def _empty(fig: go.Figure, text: str) -> go.Figure:
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"color": "#8a94a6"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def heatmap_figure(page: ActivityOverview | None) -> go.Figure:
    """Agents (the most active first, from the top) x kinds: the count in every cell, colour as a second sign."""
    fig = go.Figure()
    rows = page.heatmap if page else ()
    if not rows:
        return _layout(_empty(fig, _("Keine Aktivitäten im Zeitraum")), 240)
    names = [agent_name(r.agent_id, r.name) for r in rows]
    fig.add_trace(go.Heatmap(
        z=[list(r.counts) for r in rows], x=[kind_label(k) for k in page.kinds] if page else [], y=names,
        customdata=[[r.agent_id or ""] * len(r.counts) for r in rows],
        texttemplate="%{z}", colorscale="Blues", showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top")
    return _layout(fig, 80 + 28 * len(rows))


def heatmap_note(page: ActivityOverview) -> str:
    """How many agents the heatmap shows of how many (the rest in the agent choice)."""
    if len(page.agents) <= MAX_AGENTS:
        return _("Klicken Sie auf eine Zeile, um die Arbeit eines Mitarbeiters zu sehen.")
    return _("Die {shown} aktivsten von {n} Mitarbeitern; alle in der Auswahl oben. Klicken Sie auf eine Zeile.",
             shown=number(len(page.heatmap)), n=number(len(page.agents)))


def over_time_figure(page: ActivityOverview | None) -> go.Figure:
    """Activities per period stacked by kind (named in the legend), the hours logged as a line beside them."""
    fig = go.Figure()
    if page is None or not page.over_time:
        return _layout(_empty(fig, _("Keine Aktivitäten im Zeitraum")), 300)
    periods = [p.period for p in page.over_time]
    for i, kind in enumerate(page.kinds):
        fig.add_trace(go.Bar(x=periods, y=[p.counts[i] for p in page.over_time], name=kind_label(kind),
                             marker_color=KIND_COLOURS.get(kind), hovertemplate="%{x}: %{y}<extra>%{fullData.name}"
                             "</extra>"))
    fig.add_trace(go.Scatter(x=periods, y=[p.hours for p in page.over_time], name=_("Stunden"), yaxis="y2",
                             mode="lines+markers", line={"color": _HOURS, "dash": "dot"},
                             hovertemplate="%{x}: %{y:.1f} h<extra></extra>"))
    most = max((sum(p.counts) for p in page.over_time), default=0)
    counts_axis: dict[str, Any] = {"title": _("Aktivitäten"), "rangemode": "tozero", "tickformat": ",d"}
    if most <= 10:  # whole numbers only: no 0,2 activities
        counts_axis.update(tick0=0, dtick=1)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.2, "traceorder": "normal"},
                      yaxis=counts_axis,
                      yaxis2={"title": _("Stunden"), "overlaying": "y", "side": "right", "rangemode": "tozero",
                              "showgrid": False, "tickformat": ",.1f"})
    if sum(sum(p.counts) for p in page.over_time) == 0 and not any(p.hours for p in page.over_time):
        fig.add_annotation(text=_("Keine Aktivitäten im Zeitraum"), showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font={"color": "#8a94a6"})
    return _layout(fig, 340)


def agent_options(page: ActivityOverview) -> list[dict[str, str]]:
    return [{"label": f"{agent_name(r.agent_id, r.name)} ({number(r.total)})", "value": r.agent_id}
            for r in page.agents if r.agent_id]


def drill_hint() -> html.P:
    return html.P(_("Wählen Sie oben einen Mitarbeiter oder klicken Sie auf seine Zeile in der Heatmap: hier "
                    "erscheinen die Organisationen und Kontakte, mit denen er zu tun hatte."), className="empty")


def drill_panel(drill: AgentDrill) -> html.Div:
    """The organisations (links to their records) and contacts the agent's activities touched."""
    head = html.H2(_("{name}: {first} bis {last}", name=drill.name, first=when(drill.first), last=when(drill.last)))
    if not drill.organisations and not drill.contacts:
        return html.Div([head, html.P(_("In diesem Zeitraum keine Aktivitäten bei Organisationen, die Sie sehen "
                                        "dürfen. Wählen Sie einen längeren Zeitraum oder einen anderen Stichtag."),
                                      className="empty")])
    orgs = html.Table([
        html.Thead(html.Tr([html.Th(_("Organisation"), scope="col"), html.Th(_("Aktivitäten"), scope="col"),
                            html.Th(_("Zuletzt"), scope="col")])),
        html.Tbody([html.Tr([html.Td(dcc.Link(o.name, href=record_href(o.organisation_id), className="org-link")),
                             html.Td(number(o.activities), className="num"), html.Td(when(o.last_at))])
                    for o in drill.organisations]),
    ], className="activity-table")
    names = {o.organisation_id: o.name for o in drill.organisations}
    people = html.Table([
        html.Thead(html.Tr([html.Th(_("Kontakt"), scope="col"), html.Th(_("Organisation"), scope="col"),
                            html.Th(_("Aktivitäten"), scope="col")])),
        html.Tbody([html.Tr([html.Td(c.name or c.contact_id),
                             html.Td(dcc.Link(names.get(c.organisation_id, c.organisation_id),
                                              href=record_href(c.organisation_id), className="org-link")),
                             html.Td(number(c.activities), className="num")]) for c in drill.contacts]),
    ], className="activity-table") if drill.contacts else html.P(_("Keine Kontakte genannt."), className="empty")
    return html.Div([head, html.Div([
        html.Section([html.H3(_("Organisationen")), orgs]),
        html.Section([html.H3(_("Kontakte")), people]),
    ], className="two-columns")])


__all__ = [
    "PERIODS",
    "PageState",
    "agent_options",
    "drill_hint",
    "drill_panel",
    "graph_config",
    "heatmap_figure",
    "heatmap_note",
    "kind_label",
    "over_time_figure",
    "period_options",
    "range_text",
]
