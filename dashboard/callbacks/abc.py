"""ABC page: the classification of the chosen relationship at the as-of date."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dash import Input, Output

from dashboard.callbacks.registry import callback
from dashboard.components.abc import MAX_ROWS
from dashboard.components.format import number, when
from dashboard.context import current_user, engine, parse_as_of
from dashboard.ids import Abc, Shell
from kundenakte.services.abc import AbcParams, abc_report


@callback(Output(Abc.GRID, "rowData"), Output(Abc.SUMMARY, "children"),
          Input(Abc.ASPECT, "value"), Input(Shell.AS_OF, "date"))
def show_abc(aspect: str, as_of: str | None) -> tuple[list[dict[str, Any]], str]:
    """Rows by rank (those without a letter last) and the count per letter."""
    report = abc_report(engine(), current_user(), AbcParams(aspect, as_of=parse_as_of(as_of)))
    records = sorted(report.records(), key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"] or ""))
    counts = Counter(r["class"] for r in records)
    summary = " · ".join(f"{letter}: {number(counts.get(letter, 0))}" for letter in ("A", "B", "C"))
    shown = "" if len(records) <= MAX_ROWS else f" · die ersten {number(MAX_ROWS)} gezeigt"
    rows = [{"id": r["organisation_id"], **r} for r in records[:MAX_ROWS]]
    return rows, (f"{summary} · ohne Klasse: {number(counts.get(None, 0))} · Modell {report.model} · "
                  f"Stand {when(report.as_of)}{shown}")
