"""Routes beyond the list and the record (issue 21): the timeline paged, contacts, agent activity, the inbox and
assigning an inbox item. Thin: parse, call one service with the request's user, answer JSON."""

from __future__ import annotations

from datetime import date

from flask import Response, jsonify, request
from spectree import Response as Answers

from core.errors import InvalidInput
from core.vocabulary import ActivityGrouping, Period
from kundenakte.api.context import current_user, engine
from kundenakte.api.jsonify import plain
from kundenakte.api.models import ActivityQuery, Assignment, Done, Error, PageQuery, Rows, TimelinePage
from kundenakte.api.routes import MAX_INT, _as_of, _int, api
from kundenakte.api.spec import SPEC, answers

MAX_PAGE = 1000


def _date(name: str) -> date | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} is not a date (YYYY-MM-DD): {value!r}") from exc


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = request.args.get(name, default)
    if value not in allowed:
        raise InvalidInput(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


@api.get("/organisations/<organisation_id>/timeline")
@SPEC.validate(query=PageQuery, resp=answers(TimelinePage), tags=["organisations"], skip_validation=True)
def timeline(organisation_id: str) -> Response:
    """The record's timeline, newest first, a page at a time (every trace of the organisation and its contacts)."""
    from services.record import organisation_timeline

    limit, offset = _int("limit", 50), _int("offset", 0)
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit: 1 to {MAX_PAGE}")
    found = organisation_timeline(engine(), current_user(), organisation_id, _as_of(), limit=limit + 1,
                                  offset=offset)
    more = len(found) > limit
    return jsonify({"offset": offset, "limit": limit, "next_offset": offset + limit if more else None,
                    "entries": plain(found[:limit])})


@api.get("/organisations/<organisation_id>/contacts")
@SPEC.validate(resp=answers(Rows), tags=["organisations"], skip_validation=True)
def contacts(organisation_id: str) -> Response:
    """The organisation's contacts (an external user: as the policy allows)."""
    from services.record import organisation_record

    record = organisation_record(engine(), current_user(), organisation_id, None, timeline_limit=0)
    rows = plain(record.contacts)
    return jsonify({"count": len(rows), "rows": rows})


@api.get("/activity")
@SPEC.validate(query=ActivityQuery, resp=answers(Rows), tags=["analytics"], skip_validation=True)
def agent_activity() -> Response:
    """Activities, minutes and hours per period and agent (or organisation, contact, kind)."""
    from services.activity import activity

    by = _choice("by", "agent", tuple(ActivityGrouping))
    period = _choice("period", "month", tuple(Period))
    report = activity(engine(), current_user(), ActivityGrouping(by), Period(period), _date("date_from"),
                      _date("date_until"))
    rows = plain(list(report.rows))
    return jsonify({"count": len(rows), "rows": rows})


@api.get("/inbox")
@SPEC.validate(resp=answers(Rows), tags=["inbox"], skip_validation=True)
def inbox() -> Response:
    """Mails, calls and appointments that matched nothing, with the reason (oldest first)."""
    from services.inbound import list_inbox

    rows = plain(list_inbox(engine(), current_user()))
    return jsonify({"count": len(rows), "rows": rows})


@api.post("/inbox/<int:activity_id>/assign")
@SPEC.validate(json=Assignment, resp=Answers(HTTP_200=Done, HTTP_400=Error, HTTP_401=Error, HTTP_403=Error,
                                              HTTP_404=Error), tags=["inbox"], skip_validation=True)
def assign(activity_id: int) -> Response:
    """Land an inbox item at an organisation (and contact); its address is remembered where the spec says so."""
    from services.commands.assign import assign_by_hand

    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("organisation_id"), str):
        raise InvalidInput('the body must be {"organisation_id": "...", "contact_id": "..." or null}')
    contact = body.get("contact_id")
    if contact is not None and not isinstance(contact, str):
        raise InvalidInput("contact_id must be text or null")
    if activity_id > MAX_INT * 100:
        raise InvalidInput("no such activity id")
    assign_by_hand(engine(), current_user(), activity_id, body["organisation_id"], contact)
    return jsonify({"ok": True})
