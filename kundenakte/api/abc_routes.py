"""ABC beyond the classes (issue 21): why an organisation has its letter, and who moved between two dates.

Thin: parse, call services/abc.py with the request's user (the area of the aspect's figures decides: prospects
the pipeline, customers billing, suppliers purchasing; an organisation the user may not see is 404), answer JSON.
Classes are ranked company-wide; rows and the matrix count only the organisations the user may see.
"""

from __future__ import annotations

from datetime import date

from flask import Response, jsonify, request

from core.errors import InvalidInput, NotFound
from core.vocabulary import AbcModel, Aspect
from kundenakte.api.context import current_user, engine
from kundenakte.api.jsonify import plain
from kundenakte.api.models import ExplainQuery, Explanation, MovementsPage, MovementsQuery
from kundenakte.api.paging import paging
from kundenakte.api.routes import _as_of, api
from kundenakte.api.spec import SPEC, answers


def _aspect(word: str) -> Aspect:
    if word not in tuple(Aspect):
        raise NotFound(f"no ABC aspect {word!r}")
    return Aspect(word)


def _model(aspect: Aspect) -> AbcModel | None:
    """?model= as one of the aspect's models (None: the configured one); another word is InvalidInput."""
    from services.abc import model_of

    word = request.args.get("model")
    return model_of(aspect, word) if word else None


def _day(name: str) -> date:
    value = request.args.get(name)
    if not value:
        raise InvalidInput(f"{name} is required: an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} is not a date (YYYY-MM-DD): {value!r}") from exc


def _flag(name: str, default: bool) -> bool:
    value = request.args.get(name)
    if value in (None, ""):
        return default
    if value not in ("true", "false"):
        raise InvalidInput(f"{name} must be true or false, not {value!r}")
    return value == "true"


@api.get("/abc/<aspect>/explain/<organisation_id>")
@SPEC.validate(query=ExplainQuery, resp=answers(Explanation), tags=["analytics"], skip_validation=True)
def explain(aspect: str, organisation_id: str) -> Response:
    """Why the organisation has its letter at D: metric, rank of n, the A and B thresholds, the window, and the
    documents the metric adds up (a page of them: ?limit=&offset=)."""
    from services.abc import AbcParams, abc_explain

    chosen = _aspect(aspect)
    page = paging()
    found = abc_explain(engine(), current_user(), organisation_id, AbcParams(chosen, _model(chosen), _as_of()))
    document = plain(found)
    documents = document.pop("documents")
    return jsonify({**document, "documents_total": len(documents), "documents_offset": page.offset,
                    "documents": documents[page.offset:page.end]})


@api.get("/abc/<aspect>/movements")
@SPEC.validate(query=MovementsQuery, resp=answers(MovementsPage), tags=["analytics"], skip_validation=True)
def movements(aspect: str) -> Response:
    """Classes at ?from=D1 against ?to=D2 (one model): the matrix before x after and, paged, the organisations
    whose letter changed (?moved=false: every holder at either date)."""
    from services.abc import MovementParams, abc_movements

    chosen = _aspect(aspect)
    page = paging()
    moved_only = _flag("moved", True)
    found = abc_movements(engine(), current_user(),
                          MovementParams(chosen, _day("from"), _day("to"), _model(chosen)))
    rows = plain(found.moved if moved_only else found.table)
    matrix = {str(before): {str(after): int(n) for after, n in row.items()}
              for before, row in found.matrix.to_dict(orient="index").items()}
    return jsonify({"aspect": found.aspect, "model": found.model, "from": found.before.isoformat(),
                    "to": found.after.isoformat(), "matrix": matrix, **page.slice(rows)})
