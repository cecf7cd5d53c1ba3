"""GET routes of /api/v1: parse the query, call one service with the request's user, return JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, request

from core.errors import Forbidden, InvalidInput, KundenakteError, NotFound
from core.vocabulary import ACCOUNT_ASPECTS, Aspect, Grouping
from kundenakte.api.context import current_user, engine
from kundenakte.api.jsonify import plain
from kundenakte.api.models import (
    AbcPage,
    AbcQuery,
    CallerInfo,
    ConcentrationQuery,
    Document,
    OrganisationsQuery,
    Page,
    RecordQuery,
)
from kundenakte.api.paging import paging, whole_number
from kundenakte.api.spec import SPEC, answers
from services.grid import GridRequest, SortKey, grid_page
from services.record import organisation_record

API_PREFIX = "/api/v1"
api = Blueprint("api_v1", __name__, url_prefix=API_PREFIX, static_folder="static")

ERROR_STATUS = ((InvalidInput, 400), (Forbidden, 403), (NotFound, 404))


def _as_of() -> date | None:
    value = request.args.get("as_of")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"as_of is not a date (YYYY-MM-DD): {value!r}") from exc


def _int(name: str, default: int) -> int:
    """A whole number from 0 to MAX_INT of the query string; anything else is InvalidInput (400)."""
    return whole_number(name, default)


def _sort(value: str) -> tuple[SortKey, ...]:
    """`sort=name,-revenue_12m`: column ids, a leading minus for descending."""
    return tuple(SortKey(part.lstrip("-"), part.startswith("-")) for part in value.split(",") if part.strip())


def _filters(value: str) -> dict[str, Any]:
    """`filters=` an AG Grid filterModel as JSON."""
    try:
        parsed = json.loads(value) if value else {}
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"filters is not JSON: {exc}") from exc
    if not isinstance(parsed, dict):
        raise InvalidInput("filters must be a JSON object (AG Grid filterModel)")
    return parsed


@api.errorhandler(KundenakteError)
def _error(exc: KundenakteError) -> tuple[Response, int]:
    """Domain errors as JSON: refused parameters 400, not allowed 403, unknown 404, anything else 422."""
    status = next((code for kind, code in ERROR_STATUS if isinstance(exc, kind)), 422)
    return jsonify({"error": str(exc), "kind": type(exc).__name__}), status


@api.get("/organisations")
@SPEC.validate(query=OrganisationsQuery, resp=answers(Page), tags=["organisations"], skip_validation=True)
def organisations() -> Response:
    """The organisation list as the grid shows it, paged: ?offset=0&limit=100&sort=name,-revenue_12m&filters={...}
    &as_of=D (rows: id, name, city, relationships, revenue, open items, ABC letters, key account manager, ...)."""
    page = paging()
    grid = GridRequest(page.offset, page.end, _sort(request.args.get("sort", "")),
                       _filters(request.args.get("filters", "")), _as_of())
    found = grid_page(engine(), current_user(), grid)
    return jsonify(page.document(found.row_count, plain(found.rows)))


@api.get("/organisations/<organisation_id>")
@SPEC.validate(query=RecordQuery, resp=answers(Document), tags=["organisations"], skip_validation=True)
def organisation(organisation_id: str) -> Response:
    """One customer record: list line, master data, contacts, tiles and a page of the timeline."""
    record = organisation_record(engine(), current_user(), organisation_id, _as_of(),
                                 timeline_limit=_int("timeline_limit", 50), timeline_offset=_int("timeline_offset", 0))
    return jsonify(plain(record))


@api.get("/caller/<path:number>")
@SPEC.validate(query=None, resp=answers(CallerInfo), tags=["telephony"], skip_validation=True)
def caller(number: str) -> Response:
    """Who is calling: the phone system's look-up (interchange.md, Phone); `<path:...>`: German numbers are
    written with a slash (`06151/1234567`), which arrives decoded."""
    from services.inbound import lookup_caller

    return jsonify(plain(lookup_caller(engine(), current_user(), number)))


SPEC.choices(f"{API_PREFIX}/abc/{{aspect}}", "aspect", list(Aspect))
SPEC.choices(f"{API_PREFIX}/abc/{{aspect}}/explain/{{organisation_id}}", "aspect", list(Aspect))
SPEC.choices(f"{API_PREFIX}/abc/{{aspect}}/movements", "aspect", list(Aspect))
SPEC.choices(f"{API_PREFIX}/concentration/{{aspect}}", "aspect", list(ACCOUNT_ASPECTS))


@api.get("/abc/<aspect>")
@SPEC.validate(query=AbcQuery, resp=answers(AbcPage), tags=["analytics"], skip_validation=True)
def abc(aspect: str) -> Response:
    """ABC classes of one relationship at D, paged in rank order: ?model=M&as_of=D&limit=&offset=."""
    from services.abc import AbcParams, abc_report, model_of

    if aspect not in tuple(Aspect):
        raise NotFound(f"no ABC aspect {aspect!r}")
    chosen = Aspect(aspect)
    page = paging()
    word = request.args.get("model")
    model = model_of(chosen, word) if word else None
    report = abc_report(engine(), current_user(), AbcParams(chosen, model, _as_of()))
    return jsonify({"aspect": report.aspect, "model": report.model, "as_of": report.as_of.isoformat(),
                    **page.slice(plain(report.records()))})


@api.get("/concentration/<aspect>")
@SPEC.validate(query=ConcentrationQuery, resp=answers(Document), tags=["analytics"], skip_validation=True)
def concentration(aspect: str) -> Response:
    """Concentration risk at D: ?as_of=D&window=DAYS&by=organisation|group (spec/analytics.md)."""
    from services.concentration import concentration as concentration_report
    from services.concentration import report_document

    if aspect not in ACCOUNT_ASPECTS:
        raise NotFound(f"no concentration aspect {aspect!r}")
    by = request.args.get("by", Grouping.ORGANISATION.value)
    if by not in tuple(Grouping):
        raise InvalidInput(f"by must be {' or '.join(Grouping)}, not {by!r}")
    window = request.args.get("window")
    rep = concentration_report(engine(), current_user(), Aspect(aspect), _as_of(),
                               None if not window else _int("window", 0), Grouping(by))
    return jsonify(plain(report_document(rep)))


@api.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3 document of this API (generated by spectree from the routes and kundenakte/api/models.py)."""
    return jsonify(SPEC.spec)
