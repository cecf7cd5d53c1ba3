"""The explain panel of the ABC page: why an organisation has its letter, with the documents behind the metric.

A document is named as the record names it: an invoice or quote by its number (`RE-2026-000123`,
interchange.md's `number`), only a document without one by its id.
"""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.components.abc import metric_text, model_label
from dashboard.components.format import number, when
from dashboard.i18n import _

#: documents listed in the panel (the sum covers all of them)
MAX_DOCUMENTS = 50


def document_label(kind: str) -> str:
    return {"invoice": _("Rechnung"), "incoming_invoice": _("Eingangsrechnung"), "time_entry": _("Zeiteintrag"),
            "quote": _("Angebot"), "rating": _("Bewertung"), "revenue_potential": _("Umsatzpotenzial"),
            "opportunity": _("Verkaufschance")}.get(kind, kind)


def explain_hint() -> html.Div:
    """What the panel shows before a row is chosen."""
    return html.Div([html.H2(_("Begründung")),
                     html.P(_("Zeile anklicken: Kennzahl, Rang, Schwellen und die Belege dahinter."),
                            className="empty")])


def _documents(e: Any) -> list[Any]:
    if not e.documents:
        return []
    shown = e.documents[:MAX_DOCUMENTS]
    rows = [html.Tr([html.Td(document_label(d.kind)), html.Td(d.label, title=d.id), html.Td(when(d.date)),
                     html.Td(metric_text(e.model, d.amount), className="num")]) for d in shown]
    more = len(e.documents) - len(shown)
    foot = [html.Tr([html.Td(_("… und {n} weitere", n=number(more)), colSpan=4, className="muted")])] if more else []
    head = html.Thead(html.Tr([html.Th(_("Art")), html.Th(_("Beleg")), html.Th(_("Datum")),
                               html.Th(_("Wert"), className="num")]))
    return [html.H3(_("Belege ({n})", n=number(len(e.documents)))),
            html.Div(html.Table([head, html.Tbody(rows + foot)], className="data-table"), className="table-scroll")]


def _reason(e: Any) -> str:
    if not e.holds:
        return _("Hält die Beziehung am Stichtag nicht und wird daher nicht eingestuft.")
    if not e.movement:
        return _("Keine Bewegung im Zeitraum: die Beziehung bleibt, eine Klasse gibt es nicht.")
    return _("Rang {rank} von {n} eingestuften Organisationen; gleiche Kennzahlen teilen sich den besten Rang.",
             rank=number(e.rank), n=number(e.n))


def explain_panel(e: Any, name: str | None) -> html.Div:
    """Letter, metric, rank of n, the A and B thresholds, the window and the documents of one explanation."""
    who = name or e.organisation_id
    title = _("{name}: Klasse {letter}", name=who, letter=e.letter) if e.letter else _("{name}: keine Klasse",
                                                                                      name=who)
    window = f"{when(e.window.first)} – {when(e.window.last)}" if e.window else _("ohne Zeitfenster")
    facts = [
        (_("Modell"), model_label(e.model)), (_("Zeitraum"), window), (_("Stichtag"), when(e.as_of)),
        (_("Kennzahl"), metric_text(e.model, e.metric)),
        (_("Rang"), _("{rank} von {n}", rank=number(e.rank) if e.rank else "–", n=number(e.n))),
        (_("A ab"), metric_text(e.model, e.threshold_a)), (_("B ab"), metric_text(e.model, e.threshold_b)),
    ]
    return html.Div([
        html.H2(_("Begründung")),
        html.H3(title, className=f"explain-title letter-{(e.letter or 'none').lower()}"),
        html.P(_reason(e), className="explain-reason"),
        html.Dl([part for label, value in facts for part in (html.Dt(label), html.Dd(value))], className="facts"),
        *_documents(e),
    ])


__all__ = ["MAX_DOCUMENTS", "document_label", "explain_hint", "explain_panel"]
