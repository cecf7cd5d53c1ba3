"""Agent activity page: the heatmap and the course over time for the period up to the as-of date, and the drill
into one agent (analytics; the drill also needs the activities area)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, html

from core.errors import Forbidden, InvalidInput, NotFound
from core.vocabulary import Area, Period
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.components.activity import (
    agent_options,
    drill_hint,
    drill_panel,
    heatmap_figure,
    heatmap_note,
    over_time_figure,
    range_text,
)
from dashboard.context import current_user, engine, parse_as_of
from dashboard.i18n import _
from dashboard.ids import Activity, Shell
from services.activity import ActivityParams, activity_overview, agent_drill


@callback(Area.ANALYTICS,
          Output(Activity.HEATMAP, "figure"), Output(Activity.OVER_TIME, "figure"), Output(Activity.AGENT, "options"),
          Output(Activity.RANGE, "children"),
          Input(Activity.PERIOD, "value"), Input(Activity.AGENT, "value"), Input(Shell.AS_OF, "date"))
def show_activity(period: str, agent: str | None, as_of: str | None) -> tuple[go.Figure, go.Figure, list[Any], Any]:
    """Agents x kinds in the periods up to D; activities and hours per period (of the chosen agent, if any)."""
    params = ActivityParams(Period(period), parse_as_of(as_of), agent or None)
    page = activity_overview(engine(), current_user(), params)
    text = range_text(page) + " · " + heatmap_note(page)
    if page.own_only:
        text += " · " + _("Sie sehen nur Ihre eigene Arbeit.")
    options = agent_options(page)
    if agent and all(o["value"] != agent for o in options):
        options.insert(0, {"label": agent, "value": agent})
    return heatmap_figure(page), over_time_figure(page), options, text


@callback(Area.ANALYTICS,
          Output(Activity.DRILL, "children"),
          Input(Activity.AGENT, "value"), Input(Activity.PERIOD, "value"), Input(Shell.AS_OF, "date"))
def show_agent(agent: str | None, period: str, as_of: str | None) -> Any:
    """The organisations and contacts the chosen agent touched in the same periods."""
    if not agent:
        return drill_hint()
    try:
        drill = agent_drill(engine(), current_user(), ActivityParams(Period(period), parse_as_of(as_of), agent))
    except Forbidden:
        return html.P(_("Ihre Rolle darf Aktivitäten nicht lesen; die Administration kann es erlauben."),
                      className="empty")
    except (NotFound, InvalidInput):
        return html.P(_("Diesen Mitarbeiter gibt es nicht oder Sie dürfen seine Arbeit nicht sehen."),
                      className="empty")
    return drill_panel(drill)


#: a click on a row of the heatmap chooses that agent
clientside_callback(ClientsideFunction(namespace="activity", function_name="choose"),
                    Output(Activity.AGENT, "value"), Input(Activity.HEATMAP, "clickData"), prevent_initial_call=True)

#: period and agent go into the query string
clientside_callback(ClientsideFunction(namespace="activity", function_name="syncQuery"),
                    Output(Activity.QUERY, "data"), Input(Activity.PERIOD, "value"), Input(Activity.AGENT, "value"))


__all__ = ["show_activity", "show_agent"]
