"""Supplier ratings page pieces: the page's state in the URL, the grid's columns, the score trend of one supplier,
its ratings, and the form of a new rating (spec/analytics.md, "ABC classification", model `ratings`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import dash_ag_grid as dag
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.components.dropdown import dropdown_labels
from dashboard.components.format import fixed, number, record_href, when
from dashboard.components.grid import BLOCK_SIZE, MAX_BLOCKS, TEXT_FILTER
from dashboard.components.grid_locale import grid_locale_text
from dashboard.i18n import Language, _, language
from dashboard.ids import Ratings
from services.ratings import SORTABLE, SupplierDetail, SupplierRow, Weights

CRITERIA = ("time", "quality", "cost")
#: a change of the score smaller than this is "unchanged" (the scores are shown with two decimals)
STEADY = 0.005
_BLUE, _GREY = "#1f5f99", "#8a94a6"


def criterion_label(criterion: str) -> str:
    return {"time": _("Termintreue"), "quality": _("Qualität"), "cost": _("Kosten")}[criterion]


def graph_config() -> dict[str, Any]:
    """dcc.Graph's config: plotly's locale in the user's language (assets/plotly-locale-de.js), no mode bar."""
    return {"locale": "de" if language() is Language.DE else "en", "displaylogo": False, "displayModeBar": False}


# --- the page's state ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageState:
    """What the URL holds: the chosen supplier and the grid's sort (`score:desc`)."""

    supplier: str | None = None
    sort_col: str | None = None
    descending: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> PageState:
        """Read `supplier` and `sort`; an unknown column or direction is dropped, not an error."""
        supplier = query.get("supplier") or None
        if supplier is not None and (len(supplier) > 64 or "\x00" in supplier):
            supplier = None
        col, _sep, direction = (query.get("sort") or "").partition(":")
        if col not in SORTABLE or direction not in ("asc", "desc"):
            return cls(supplier)
        return cls(supplier, col, direction == "desc")


# --- the grid --------------------------------------------------------------------------------------------------


def rating_columns(state: PageState) -> list[dict[str, Any]]:
    """Name (a link to the record), letter, score, its change, the three averages, count, last rating."""
    def col(field: str, header: str, **more: Any) -> dict[str, Any]:
        out = {"field": field, "colId": field, "headerName": header, **more}
        if field == state.sort_col:
            out["sort"] = "desc" if state.descending else "asc"
        return out

    score = {"type": "rightAligned", "valueFormatter": {"function": "fixed2(params.value)"}, "minWidth": 84}
    return [
        col("name", _("Lieferant"), cellRenderer="OrganisationLink", flex=3, minWidth=170, **TEXT_FILTER),
        col("class", _("ABC"), width=72, minWidth=64, headerTooltip=_("Lieferanten-ABC mit dem eingestellten Modell"),
            cellClassRules={"abc-a": "params.value === 'A'", "abc-b": "params.value === 'B'",
                            "abc-c": "params.value === 'C'"}),
        col("score", _("Bewertung"), flex=1, headerTooltip=_("Gewichteter Mittelwert im Zeitfenster"),
            **{**score, "minWidth": 104}),
        col("change", _("Trend"), flex=1, minWidth=96, type="rightAligned",
            headerTooltip=_("Veränderung seit der vorigen Bewertung"),
            valueFormatter={"function": "ratingTrend(params.value)"},
            cellClassRules={"trend-up": f"params.value > {STEADY}", "trend-down": f"params.value < -{STEADY}"}),
        *[col(c, criterion_label(c), flex=1, **score) for c in CRITERIA],
        col("ratings", _("Anzahl"), width=84, minWidth=72, type="rightAligned",
            headerTooltip=_("Bewertungen im Zeitfenster"),
            valueFormatter={"function": "deNumber(params.value)"}),
        col("last_rated", _("Zuletzt bewertet"), flex=1, minWidth=110,
            valueFormatter={"function": "ratingDate(params.value)"}),
    ]


def ratings_grid(state: PageState) -> dag.AgGrid:
    """The suppliers on AG Grid's infinite row model: blocks chosen, sorted and filtered by the service in SQL."""
    return dag.AgGrid(
        id=Ratings.GRID,
        columnDefs=rating_columns(state),
        rowModelType="infinite",
        getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True, "minWidth": 64, "wrapHeaderText": True,
                       "autoHeaderHeight": True},
        dashGridOptions={"cacheBlockSize": BLOCK_SIZE, "maxBlocksInCache": MAX_BLOCKS, "rowBuffer": 0,
                         "infiniteInitialRowCount": 1, "animateRows": False, "localeText": grid_locale_text(),
                         "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                         "tooltipShowDelay": 300},
        style={"height": "calc(100vh - 300px)", "minHeight": "380px", "width": "100%"},
        className="ag-theme-alpine",
    )


def rule_text(weights: Weights) -> str:
    """How the score is made, in one line (weights and window from the business configuration)."""
    return _("Bewertung: gewichteter Mittelwert aus Termintreue, Qualität und Kosten (Gewichte {t} : {q} : {c}) "
             "über die Bewertungen der letzten {days} Tage; 1 = schlecht, 5 = sehr gut.",
             t=number(weights.time, 2), q=number(weights.quality, 2), c=number(weights.cost, 2),
             days=number(weights.window_days))


def count_text(n: int) -> str:
    return _("1 Lieferant") if n == 1 else _("{n} Lieferanten", n=number(n))


# --- one supplier ----------------------------------------------------------------------------------------------


def trend_words(row: SupplierRow) -> str:
    """The change since the previous rating date in words and with an arrow (colour is never the only sign)."""
    if row.change is None or row.score_prev is None or row.score_last is None:
        return _("Noch kein Vergleich: nur eine Bewertung.") if row.last_rated else _("Noch nicht bewertet.")
    if abs(row.change) < STEADY:
        return _("→ unverändert bei {score}", score=fixed(row.score_last))
    arrow = "▲" if row.change > 0 else "▼"
    return _("{arrow} von {before} auf {after} ({change}) seit der vorigen Bewertung", arrow=arrow,
             before=fixed(row.score_prev), after=fixed(row.score_last),
             change=("+" if row.change > 0 else "−") + fixed(abs(row.change)))


def trend_figure(detail: SupplierDetail | None) -> go.Figure:
    """The score at each rating date (a line with its points and values), 1 to 5."""
    fig = go.Figure()
    points = detail.points if detail else ()
    if points:
        fig.add_trace(go.Scatter(
            x=[p.day for p in points], y=[p.score for p in points], mode="lines+markers+text",
            text=[fixed(p.score) for p in points], textposition="top center", line={"color": _BLUE, "width": 2},
            marker={"size": 8}, name=_("Bewertung"),
            hovertemplate=("%{x|%d.%m.%Y}" if language() is Language.DE else "%{x|%d/%m/%Y}")
            + ": %{y:.2f}<extra></extra>"))
    fig.update_layout(margin={"l": 40, "r": 20, "t": 20, "b": 40}, height=220, showlegend=False,
                      plot_bgcolor="#f5f7fa", paper_bgcolor="#ffffff",
                      yaxis={"range": [0.8, 5.4], "dtick": 1, "title": None},
                      xaxis={"title": None, "tickformat": "%d.%m.%Y" if language() is Language.DE else "%d/%m/%Y"})
    if not points:
        fig.add_annotation(text=_("Keine Bewertung bis zum Stichtag"), showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font={"color": _GREY})
        fig.update_xaxes(visible=False)
    return fig


def detail_head(detail: SupplierDetail) -> html.Div:
    """Name (link to the record), score and letter at D, the trend in words."""
    row = detail.score
    letter = row.letter or "–"
    return html.Div([
        html.H2(html.A(detail.name, href=record_href(detail.organisation_id), className="org-link")),
        html.Div([
            html.Span([html.Span(_("Bewertung"), className="label"), html.Strong(fixed(row.score))],
                      className="ratings-figure"),
            html.Span([html.Span(_("ABC"), className="label"),
                       html.Strong(letter, className=f"abc-letter abc-{letter.lower() if row.letter else 'none'}")],
                      className="ratings-figure"),
            html.Span([html.Span(_("Im Zeitfenster"), className="label"),
                       html.Strong(_("{n} Bewertungen", n=number(row.ratings)) if row.ratings != 1
                                   else _("1 Bewertung"))], className="ratings-figure"),
        ], className="ratings-figures"),
        html.P(trend_words(row), className=f"ratings-trend {_tone(row)}", role="status"),
    ])


def _tone(row: SupplierRow) -> str:
    if row.change is None or abs(row.change) < STEADY:
        return ""
    return "trend-up" if row.change > 0 else "trend-down"


def history_table(detail: SupplierDetail) -> html.Table | html.P:
    """The supplier's ratings up to D, newest first."""
    if not detail.ratings:
        return html.P(_("Noch keine Bewertung. Erfassen Sie die erste mit dem Formular."), className="empty")
    head = html.Thead(html.Tr([html.Th(t, scope="col") for t in (
        _("Datum"), criterion_label("time"), criterion_label("quality"), criterion_label("cost"), _("Von"),
        _("Notiz"))]))
    body = html.Tbody([html.Tr([html.Td(when(r.rated_at)),
                                *[html.Td(fixed(v, 1), className="num") for v in (r.time, r.quality, r.cost)],
                                html.Td(r.agent or "–"), html.Td(r.note or "")]) for r in detail.ratings])
    return html.Table([head, body], className="ratings-history-table")


def detail_hint() -> html.P:
    return html.P(_("Wählen Sie einen Lieferanten in der Liste oder im Formular: hier erscheinen sein Verlauf und "
                    "seine Bewertungen."), className="empty")


# --- the form --------------------------------------------------------------------------------------------------


def mark_choice(criterion: str) -> html.Fieldset:
    """1 to 5 as radio buttons with their numbers (keyboard: arrow keys), 3 preselected."""
    return html.Fieldset([
        html.Legend(criterion_label(criterion)),
        dcc.RadioItems([{"label": str(v), "value": v} for v in range(1, 6)], 3, id=Ratings.mark(criterion),
                       inline=True, className="ratings-marks"),
    ], className="ratings-mark")


def rating_form(may_rate: bool, supplier: str | None, options: list[dict[str, str]] | None = None) -> html.Section:
    """The form of a new rating, or why there is none (read-only roles); `supplier` is chosen (among `options`)."""
    options = options or []
    if not may_rate:
        return html.Section([
            html.H2(_("Neue Bewertung")),
            html.P(_("Ihre Rolle darf Bewertungen lesen, aber nicht erfassen; das macht der Einkauf."),
                   className="empty notice", role="status"),
            dcc.Dropdown(labels=dropdown_labels(),
                         id=Ratings.SUPPLIER, value=supplier, options=options, style={"display": "none"}),
        ], className="panel ratings-form")
    return html.Section([
        html.H2(_("Neue Bewertung")),
        html.Label(_("Lieferant"), htmlFor=Ratings.SUPPLIER),
        dcc.Dropdown(labels=dropdown_labels(),
                     id=Ratings.SUPPLIER, value=supplier, options=options, searchable=True, clearable=True,
                     placeholder=_("Lieferant suchen …"), className="ratings-supplier"),
        html.Label(_("Datum"), htmlFor=Ratings.DATE),
        dcc.DatePickerSingle(id=Ratings.DATE, date=date.today().isoformat(), max_date_allowed=date.today(),
                             display_format="DD.MM.YYYY", first_day_of_week=1, className="ratings-date"),
        html.Div([mark_choice(c) for c in CRITERIA], className="ratings-marks-row"),
        html.P(_("1 = schlecht, 5 = sehr gut"), className="hint"),
        html.Label(_("Notiz"), htmlFor=Ratings.NOTE),
        dcc.Textarea(id=Ratings.NOTE, value="", maxLength=2000, className="ratings-note"),
        html.Button(_("Bewertung speichern"), id=Ratings.SAVE, n_clicks=0, className="primary"),
        html.Div(id=Ratings.MESSAGE, role="status", className="ratings-message"),
    ], id=Ratings.FORM, className="panel ratings-form")


__all__ = [
    "CRITERIA",
    "PageState",
    "count_text",
    "criterion_label",
    "detail_head",
    "detail_hint",
    "graph_config",
    "history_table",
    "rating_columns",
    "rating_form",
    "ratings_grid",
    "rule_text",
    "trend_figure",
    "trend_words",
]
