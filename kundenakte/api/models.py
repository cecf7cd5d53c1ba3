"""The API's request and response documents (pydantic), from which the OpenAPI 3 document is generated.

Dates are ISO (`YYYY-MM-DD`), money plain numbers in euro (`.` as decimal point); German formats never
appear in the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: the largest paging number or window the API takes (kundenakte.api.routes.MAX_INT)
MAX_INT = 10_000_000


class Error(BaseModel):
    """A refused request: what was wrong, and the kind of refusal."""

    error: str
    kind: str | None = None


class AsOfQuery(BaseModel):
    """The as-of date every figure is computed for (default: today)."""

    as_of: date | None = Field(None, description="ISO date YYYY-MM-DD; default today")


class PageQuery(AsOfQuery):
    """A page of a list: `limit` rows from `offset` (every list route takes them)."""

    limit: int = Field(100, ge=1, le=1000, description="rows per page, 1 to 1000")
    offset: int = Field(0, ge=0, le=MAX_INT, description="rows skipped before the page (0-based)")


class Page(BaseModel):
    """One page of a list: `total` rows match the filters; `next_offset` is null on the last page."""

    offset: int
    limit: int
    total: int
    next_offset: int | None
    rows: list[dict[str, Any]]


class OrganisationsQuery(PageQuery):
    sort: str = Field("", max_length=500, description="column ids, comma-separated; a leading - sorts descending")
    filters: str = Field("", max_length=10_000, description="an AG Grid filterModel as JSON")


class RecordQuery(AsOfQuery):
    timeline_limit: int = Field(50, ge=0, le=MAX_INT)
    timeline_offset: int = Field(0, ge=0, le=MAX_INT)


class Document(BaseModel):
    """A JSON document whose fields are described in the route's text."""

    model_config = ConfigDict(extra="allow")


class CallerInfo(BaseModel):
    """Who is calling: null where unknown; `reason` says why nothing was found."""

    model_config = ConfigDict(extra="allow")
    number: str
    contact_id: str | None = None
    organisation_id: str | None = None
    key_account_manager_id: str | None = None
    reason: str | None = None


class AbcQuery(PageQuery):
    model: str | None = Field(None, max_length=40, description="the ABC model (default: the configured one)")


class AbcPage(Page):
    """The classification at `as_of`: rows organisation_id, name, class (A, B, C or null without movement),
    metric, rank, n; company-wide ranks, the rows the user may see."""

    aspect: str
    model: str
    as_of: date


class ConcentrationQuery(AsOfQuery):
    window: int | None = Field(None, ge=1, le=MAX_INT, description="days of the window (default: the model's)")
    by: str = Field("organisation", pattern="^(organisation|group)$")


class ImportBatch(BaseModel):
    """Module data in the interchange format: per table a list of rows {column: value}."""

    tables: dict[str, list[dict[str, Any]]]


class ImportProblem(BaseModel):
    table: str
    row_index: int | None = Field(None, description="0-based index in the batch's list of the table")
    row: int | None = None
    column: str | None = None
    message: str


class ImportRefused(BaseModel):
    error: str
    written: bool
    problems: list[ImportProblem]


class ImportDone(BaseModel):
    source: str
    inserted: int
    updated: int
    tables: dict[str, dict[str, int]]
    unassigned: int





# --- the record's lists, activity, the inbox ---------------------------------------------------------------


class TimelineQuery(PageQuery):
    limit: int = Field(50, ge=1, le=500, description="entries per page, 1 to 500")
    types: str = Field("", max_length=200, description="comma-separated: email, call, appointment, note, task, "
                                                       "invoice, quote, ticket, document (default: all readable)")
    since: date | None = Field(None, description="first day, ISO date")
    until: date | None = Field(None, description="last day, ISO date (at most as_of)")


class TimelinePage(Page):
    """The record's timeline newest first (rows: at, kind, ref, title, amount, status, contact) and per readable
    type its entries in the date range (`total` sums the chosen types)."""

    counts: dict[str, int]


class ActivityQuery(PageQuery):
    by: str = Field("agent", pattern="^(agent|organisation|contact|kind)$")
    period: str = Field("month", pattern="^(week|month|quarter)$")
    date_from: date | None = None
    date_until: date | None = None


class InboxQuery(PageQuery):
    limit: int = Field(100, ge=1, le=500, description="rows per page, 1 to 500")
    kind: str | None = Field(None, pattern="^(email|call|appointment)$")
    reason: str | None = Field(None, pattern="^(no_match|freemail|ambiguous_domain|ambiguous_number)$")


class InboxPage(Page):
    """What waits unassigned, newest first (rows: activity_id, kind, reason, address, occurred_at, direction,
    subject, source_id), with the counts per reason and kind."""

    by_reason: dict[str, int]
    by_kind: dict[str, int]


class Assignment(BaseModel):
    """Land an inbox item at an organisation (and one of its contacts)."""

    organisation_id: str = Field(min_length=1, max_length=64)
    contact_id: str | None = Field(None, min_length=1, max_length=64)


class Done(BaseModel):
    ok: bool


# --- ABC: explain and movements ---------------------------------------------------------------------------------


class ExplainQuery(AsOfQuery):
    model: str | None = Field(None, max_length=40, description="the ABC model (default: the configured one)")
    limit: int = Field(100, ge=1, le=1000, description="documents behind the metric per page")
    offset: int = Field(0, ge=0, le=MAX_INT)


class MetricDocument(BaseModel):
    kind: str
    id: str
    date: date | None
    amount: float
    number: str | None = None


class Window(BaseModel):
    first: date
    last: date


class Explanation(BaseModel):
    """Why an organisation has its letter: metric, rank of n, the lowest metrics of A and B, and a page of the
    documents the metric adds up (`documents_total` of them)."""

    organisation_id: str
    aspect: str
    model: str
    as_of: date
    window: Window | None
    holds: bool
    movement: bool
    metric: float | None
    rank: int | None
    n: int
    letter: str | None
    threshold_a: float | None
    threshold_b: float | None
    documents_total: int
    documents_offset: int
    documents: list[MetricDocument]


class MovementsQuery(PageQuery):
    model_config = ConfigDict(populate_by_name=True)
    date_from: date = Field(alias="from", description="the earlier date, ISO")
    date_to: date = Field(alias="to", description="the later date, ISO")
    model: str | None = Field(None, max_length=40, description="the ABC model (default: the configured one)")
    moved: bool = Field(True, description="only the organisations whose letter changed (false: every holder)")


class MovementsPage(Page):
    """Classes at `from` and at `to` with one model: the matrix before x after (`-`: no letter) over the
    organisations the user may see, and their rows (organisation_id, name, class_before, class_after,
    transition, metric_before, metric_after, rank_before, rank_after)."""

    aspect: str
    model: str
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    matrix: dict[str, dict[str, int]]


# --- the dashboard's writes ------------------------------------------------------------------------------------


class NewRating(BaseModel):
    """A supplier rating: time, quality and cost from 1 (poor) to 5 (excellent) on a day not in the future."""

    model_config = ConfigDict(extra="forbid")
    rated_at: date = Field(description="ISO date, today or earlier")
    time: float = Field(ge=1, le=5, allow_inf_nan=False)
    quality: float = Field(ge=1, le=5, allow_inf_nan=False)
    cost: float = Field(ge=1, le=5, allow_inf_nan=False)
    note: str | None = Field(None, max_length=2000)


class RatingAdded(BaseModel):
    id: str
    organisation_id: str


class RelationshipSetting(BaseModel):
    """`{"mode": "auto"}`: the documents decide; `{"mode": "fixed", "roles": [...]}`: exactly these roles, for good
    (an empty list: none)."""

    model_config = ConfigDict(extra="forbid")
    mode: Literal["auto", "fixed"]
    roles: list[Literal["prospect", "customer", "supplier"]] | None = Field(None, max_length=3)


class RelationshipState(BaseModel):
    mode: str
    roles: list[str]


class RelationshipFixed(BaseModel):
    """The setting before and after; `changed` false when it was already so (nothing written); account numbers
    handed out for roles held now for the first time."""

    organisation_id: str
    before: RelationshipState
    after: RelationshipState
    changed: bool
    account_numbers: int


# --- inbound traces over HTTP ----------------------------------------------------------------------------------


class CallRow(BaseModel):
    """One call as `calls.csv` has it (interchange.md): timestamps ISO, numbers as written."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=500)
    occurred_at: str = Field(min_length=1, max_length=40, description="ISO timestamp")
    direction: str = Field(min_length=1, max_length=20, description="in or out")
    caller_number: str | None = Field(None, max_length=80)
    callee_number: str | None = Field(None, max_length=80)
    agent_id: str | None = Field(None, max_length=64)
    duration_minutes: float | None = Field(None, ge=0, allow_inf_nan=False)


class CallBatch(BaseModel):
    calls: list[CallRow] = Field(max_length=100_000)


class Skipped(BaseModel):
    """What could not be read: the upload, the position in an mbox or the row of a call log, and why."""

    file: str
    position: int | None = Field(None, description="mbox: the mail's position; calls: the CSV row (2 = first)")
    row_index: int | None = Field(None, description="calls sent as JSON: the 0-based index in `calls`")
    reason: str


class InboundDone(BaseModel):
    """Traces read and activities added (the same mail again adds nothing), what was skipped, and how many of
    the added ones wait in the inbox."""

    read: int
    added: int
    unchanged: int
    skipped: list[Skipped]


__all__ = [
    "AbcPage", "AbcQuery", "ActivityQuery", "AsOfQuery", "Assignment", "CallBatch", "CallRow", "CallerInfo",
    "ConcentrationQuery", "Document", "Done", "Error", "ExplainQuery", "Explanation", "ImportBatch", "ImportDone",
    "ImportProblem", "ImportRefused", "InboundDone", "InboxPage", "InboxQuery", "MetricDocument", "MovementsPage",
    "MovementsQuery", "NewRating", "OrganisationsQuery", "Page", "PageQuery", "RatingAdded", "RecordQuery",
    "RelationshipFixed", "RelationshipSetting", "RelationshipState", "Skipped", "TimelinePage", "TimelineQuery",
    "Window",
]
