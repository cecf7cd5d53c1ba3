"""Why an organisation has its letter: metric, rank, n, the A and B thresholds and the documents behind the metric."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Float, Select, String, cast, literal, null, select

from analytics.abc.classify import classification
from analytics.abc.queries import (
    model_query,
    quote_not_rejected,
    rating_score,
    time_entries_joined,
    time_entry_organisation,
)
from analytics.period import Window
from analytics.relationships import open_opportunities
from analytics.restricted import outside_projects
from core.businessconfig import AbcConfig, BusinessConfig, load_config
from core.schema import IncomingInvoice, Invoice, Organisation, Quote, SupplierRating, TimeEntry
from core.vocabulary import AbcModel, Aspect


@dataclass(frozen=True)
class MetricDocument:
    """One document counted in a metric: its id, date and amount (hours, value or rating score), and the number
    printed on it (invoices, incoming invoices, quotes: `number` of interchange.md, what the record shows)."""

    kind: str
    id: str
    date: date | None
    amount: float
    number: str | None = None

    @property
    def label(self) -> str:
        """What names the document to a person: its number where it has one, else its id."""
        return self.number or self.id


@dataclass(frozen=True)
class Explanation:
    """The classification of one organisation for one aspect at D, with everything needed to check it."""

    organisation_id: str
    aspect: Aspect
    model: AbcModel
    as_of: date
    window: Window | None
    holds: bool
    movement: bool
    metric: float | None
    rank: int | None
    n: int
    letter: str | None
    #: the lowest metric that still gets A / B at D (None when nobody has that letter)
    threshold_a: float | None
    threshold_b: float | None
    documents: tuple[MetricDocument, ...]




def _documents_select(model: AbcModel, organisation_id: str, as_of: date, w: Window | None,
                      config: AbcConfig, hidden_projects: Select | None = None) -> list[Select]:
    """Selects of (kind, id, date, amount, number) of the rows that make up the metric of one organisation."""
    no_number = cast(null(), String)
    if model == AbcModel.INVOICES:
        assert w is not None
        return [select(literal("invoice"), Invoice.id, Invoice.invoice_date, Invoice.amount_net, Invoice.number).where(
            Invoice.organisation_id == organisation_id, Invoice.invoice_date.between(w.first, w.last),
            Invoice.status != "cancelled", outside_projects(Invoice.project_id, hidden_projects))
            .order_by(Invoice.invoice_date, Invoice.id)]
    if model == AbcModel.INCOMING_INVOICES:
        assert w is not None
        inv = IncomingInvoice
        return [select(literal("incoming_invoice"), inv.id, inv.invoice_date, inv.amount_net, inv.number).where(
            inv.organisation_id == organisation_id, inv.invoice_date.between(w.first, w.last),
            (inv.status.is_(None)) | (inv.status != "cancelled")).order_by(inv.invoice_date, inv.id)]
    if model == AbcModel.PROJECT_HOURS:
        assert w is not None
        return [select(literal("time_entry"), TimeEntry.id, TimeEntry.entry_date, TimeEntry.hours, no_number)
                .select_from(time_entries_joined())
                .where(time_entry_organisation() == organisation_id, TimeEntry.entry_date.between(w.first, w.last),
                       outside_projects(TimeEntry.project_id, hidden_projects))
                .order_by(TimeEntry.entry_date, TimeEntry.id)]
    if model == AbcModel.QUOTES:
        assert w is not None
        return [select(literal("quote"), Quote.id, Quote.quote_date, Quote.amount_net, Quote.number).where(
            Quote.organisation_id == organisation_id, Quote.quote_date.between(w.first, w.last),
            quote_not_rejected(as_of)).order_by(Quote.quote_date, Quote.id)]
    if model == AbcModel.RATINGS:
        assert w is not None
        wt, wq, wc, total = rating_score(config)
        r = SupplierRating
        score = cast((wt * r.time + wq * r.quality + wc * r.cost) / total, Float)
        return [select(literal("rating"), r.id, r.rated_at, score, no_number).where(
            r.organisation_id == organisation_id, r.rated_at.between(w.first, w.last)).order_by(r.rated_at, r.id)]
    potential = select(literal("revenue_potential"), Organisation.id, Organisation.revenue_potential_updated_at,
                       cast(Organisation.revenue_potential, Float), no_number).where(
        Organisation.id == organisation_id, Organisation.revenue_potential > 0)
    opps = open_opportunities(as_of).subquery("open_opps")
    opportunities = select(literal("opportunity"), opps.c.id, opps.c.created_at, opps.c.value, no_number).where(
        opps.c.organisation_id == organisation_id).order_by(opps.c.created_at, opps.c.id)
    return {AbcModel.REVENUE_POTENTIAL: [potential], AbcModel.OPPORTUNITIES: [opportunities],
            AbcModel.POTENTIAL_AND_OPPORTUNITIES: [potential, opportunities]}[model]


def _threshold(frame: pd.DataFrame, letter: str) -> float | None:
    values = frame.loc[frame["class"] == letter, "metric"]
    return None if values.empty else float(values.min())


def explain(conn: Connection, organisation_id: str, aspect: Aspect, as_of: date, model: AbcModel | None = None,
            config: BusinessConfig | None = None, hidden_projects: Select | None = None) -> Explanation:
    """The organisation's metric, rank, n, letter, the A/B thresholds at D and its documents (company-wide ranking).

    Documents that hang at one of `hidden_projects` are not listed (the metric and the ranking stay company-wide).
    """
    config = config or load_config(conn)
    query = model_query(aspect, model, config.abc)
    frame = classification(conn, aspect, as_of, query.model, config)
    row = frame.loc[frame["organisation_id"] == organisation_id]
    holds = not row.empty
    movement = bool(holds and row["movement"].iloc[0])
    w = query.window(as_of)
    documents: tuple[MetricDocument, ...] = ()
    if movement:
        documents = tuple(
            MetricDocument(kind, str(doc_id), day, float(amount or 0.0), str(number) if number else None)
            for stmt in _documents_select(query.model, organisation_id, as_of, w, config.abc, hidden_projects)
            for kind, doc_id, day, amount, number in conn.execute(stmt).all()
        )
    return Explanation(
        organisation_id=organisation_id,
        aspect=aspect,
        model=query.model,
        as_of=as_of,
        window=w,
        holds=holds,
        movement=movement,
        metric=float(row["metric"].iloc[0]) if movement else None,
        rank=int(row["rank"].iloc[0]) if movement else None,
        n=int(frame["n"].iloc[0]) if not frame.empty else 0,
        letter=str(row["class"].iloc[0]) if movement else None,
        threshold_a=_threshold(frame, "A"),
        threshold_b=_threshold(frame, "B"),
        documents=documents,
    )


__all__ = ["Explanation", "MetricDocument", "explain"]
