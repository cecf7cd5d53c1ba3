"""The explain panel of the ABC page: why an organisation has its letter, with the documents behind the metric."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.components.abc import MODEL_LABELS, metric_text
from dashboard.components.format import number, when

#: documents listed in the panel (the sum covers all of them)
MAX_DOCUMENTS = 50
DOCUMENT_LABELS = {"invoice": "Rechnung", "incoming_invoice": "Eingangsrechnung", "time_entry": "Zeiteintrag",
                   "quote": "Angebot", "rating": "Bewertung", "revenue_potential": "Umsatzpotenzial",
                   "opportunity": "Verkaufschance"}


def explain_hint() -> html.Div:
    """What the panel shows before a row is chosen."""
    return html.Div([html.H2("Begründung"),
                     html.P("Zeile anklicken: Kennzahl, Rang, Schwellen und die Belege dahinter.", className="empty")])


def _documents(e: Any) -> list[Any]:
    if not e.documents:
        return []
    shown = e.documents[:MAX_DOCUMENTS]
    rows = [html.Tr([html.Td(DOCUMENT_LABELS.get(d.kind, d.kind)), html.Td(d.id), html.Td(when(d.date)),
                     html.Td(metric_text(e.model, d.amount), className="num")]) for d in shown]
    more = len(e.documents) - len(shown)
    foot = [html.Tr([html.Td(f"… und {number(more)} weitere", colSpan=4, className="muted")])] if more else []
    head = html.Thead(html.Tr([html.Th("Art"), html.Th("Beleg"), html.Th("Datum"), html.Th("Wert", className="num")]))
    return [html.H3(f"Belege ({number(len(e.documents))})"),
            html.Div(html.Table([head, html.Tbody(rows + foot)], className="data-table"), className="table-scroll")]


def explain_panel(e: Any, name: str | None) -> html.Div:
    """Letter, metric, rank of n, the A and B thresholds, the window and the documents of one explanation."""
    title = f"{name or e.organisation_id}: " + (f"Klasse {e.letter}" if e.letter else "keine Klasse")
    if not e.holds:
        reason = "Hält die Beziehung am Stichtag nicht und wird daher nicht eingestuft."
    elif not e.movement:
        reason = "Keine Bewegung im Zeitraum: die Beziehung bleibt, eine Klasse gibt es nicht."
    else:
        reason = (f"Rang {number(e.rank)} von {number(e.n)} eingestuften Organisationen; gleiche Kennzahlen "
                  "teilen sich den besten Rang.")
    window = f"{when(e.window.first)} – {when(e.window.last)}" if e.window else "ohne Zeitfenster"
    facts = [
        ("Modell", MODEL_LABELS.get(e.model, e.model)), ("Zeitraum", window), ("Stichtag", when(e.as_of)),
        ("Kennzahl", metric_text(e.model, e.metric)),
        ("Rang", f"{number(e.rank)} von {number(e.n)}" if e.rank else f"– von {number(e.n)}"),
        ("A ab", metric_text(e.model, e.threshold_a)), ("B ab", metric_text(e.model, e.threshold_b)),
    ]
    return html.Div([
        html.H2("Begründung"),
        html.H3(title, className=f"explain-title letter-{(e.letter or 'none').lower()}"),
        html.P(reason, className="explain-reason"),
        html.Dl([part for label, value in facts for part in (html.Dt(label), html.Dd(value))], className="facts"),
        *_documents(e),
    ])


__all__ = ["MAX_DOCUMENTS", "explain_hint", "explain_panel"]
