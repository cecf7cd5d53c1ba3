"""The API's request and response documents (pydantic), from which the OpenAPI 3 document is generated.

Dates are ISO (`YYYY-MM-DD`), money plain numbers in euro (`.` as decimal point); German formats never
appear in the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

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


class OrganisationsQuery(AsOfQuery):
    start: int = Field(0, ge=0, le=MAX_INT, description="first row (0-based)")
    limit: int = Field(100, ge=0, le=MAX_INT, description="rows per page (the service returns at most 1000)")
    sort: str = Field("", max_length=500, description="column ids, comma-separated; a leading - sorts descending")
    filters: str = Field("", max_length=10_000, description="an AG Grid filterModel as JSON")


class OrganisationsPage(BaseModel):
    """One page of the organisation list and the total count of rows the filters leave."""

    start: int
    limit: int
    row_count: int
    rows: list[dict[str, Any]]


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


class AbcQuery(AsOfQuery):
    model: str | None = Field(None, max_length=40, description="the ABC model (default: the configured one)")


class AbcPage(BaseModel):
    aspect: str
    model: str
    as_of: date
    rows: list[dict[str, Any]]


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


__all__ = [
    "AbcPage", "AbcQuery", "AsOfQuery", "CallerInfo", "ConcentrationQuery", "Document", "Error", "ImportBatch",
    "ImportDone", "ImportProblem", "ImportRefused", "OrganisationsPage", "OrganisationsQuery", "RecordQuery",
]


class PageQuery(AsOfQuery):
    """A page of a long list: `limit` rows from `offset`."""

    limit: int = Field(50, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=MAX_INT)


class TimelinePage(BaseModel):
    """One page of the record's timeline, newest first; `next_offset` is null on the last page."""

    offset: int
    limit: int
    next_offset: int | None
    entries: list[dict[str, Any]]


class Rows(BaseModel):
    """Rows of a list, and how many."""

    count: int
    rows: list[dict[str, Any]]


class ActivityQuery(BaseModel):
    by: str = Field("agent", pattern="^(agent|organisation|contact|kind)$")
    period: str = Field("month", pattern="^(week|month|quarter)$")
    date_from: date | None = None
    date_until: date | None = None


class Assignment(BaseModel):
    """Land an inbox item at an organisation (and one of its contacts)."""

    organisation_id: str = Field(min_length=1, max_length=64)
    contact_id: str | None = Field(None, min_length=1, max_length=64)


class Done(BaseModel):
    ok: bool
