"""Routes beyond the list and the record (issue 21): the timeline paged and filtered, contacts, agent activity, the
inbox and assigning an inbox item. Thin: parse, call one service with the request's user, answer JSON; every
list paged with `limit`/`offset` and its `total` (kundenakte.api.paging)."""

from __future__ import annotations

from datetime import date

from flask import Response, jsonify, request
from spectree import Response as Answers

from core.errors import InvalidInput
from core.vocabulary import ActivityGrouping, ActivityKind, InboxReason, Period, TokenScope
from kundenakte.api.context import current_user, engine
from kundenakte.api.jsonify import plain
from kundenakte.api.models import (
    ActivityQuery,
    Assignment,
    Done,
    Error,
    InboxPage,
    InboxQuery,
    Page,
    PageQuery,
    TimelinePage,
    TimelineQuery,
)
from kundenakte.api.paging import MAX_INT, paging
from kundenakte.api.routes import _as_of, api
from kundenakte.api.scopes import token_scope
from kundenakte.api.spec import SPEC, answers

#: the most timeline entries one page holds (services.record_timeline.MAX_PAGE)
TIMELINE_PAGE = 500
#: the most inbox items one page holds (services.inbox.MAX_ROWS)
INBOX_PAGE = 500


def _date(name: str) -> date | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} is not a date (YYYY-MM-DD): {value!r}") from exc


def _choice(name: str, default: str | None, allowed: tuple[str, ...]) -> str | None:
    value = request.args.get(name, default)
    if value is not None and value not in allowed:
        raise InvalidInput(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


@api.get("/organisations/<organisation_id>/timeline")
@SPEC.validate(query=TimelineQuery, resp=answers(TimelinePage), tags=["organisations"], skip_validation=True)
def timeline(organisation_id: str) -> Response:
    """The record's timeline as the dashboard shows it, newest first, a page at a time: every trace of the
    organisation and its contacts, filtered by ?types=ticket,invoice&since=D&until=D."""
    from services.record_timeline import TimelineFilter, timeline_page

    page = paging(50, TIMELINE_PAGE)
    types = request.args.get("types") or None
    flt = TimelineFilter.parse(types, _date("since"), _date("until"))
    found = timeline_page(engine(), current_user(), organisation_id, _as_of(), flt, limit=page.limit,
                          offset=page.offset)
    chosen = found.readable if found.filter.types is None else found.filter.types
    total = sum(n for kind, n in found.counts.items() if kind in chosen)
    return jsonify({**page.document(total, plain(found.entries)),
                    "counts": {kind.value: n for kind, n in found.counts.items()}})


@api.get("/organisations/<organisation_id>/contacts")
@SPEC.validate(query=PageQuery, resp=answers(Page), tags=["organisations"], skip_validation=True)
def contacts(organisation_id: str) -> Response:
    """The organisation's contacts by name (an external user: their own contact only)."""
    from services.record import organisation_record

    page = paging()
    record = organisation_record(engine(), current_user(), organisation_id, None, timeline_limit=0)
    return jsonify(page.slice(plain(record.contacts)))


@api.get("/activity")
@SPEC.validate(query=ActivityQuery, resp=answers(Page), tags=["analytics"], skip_validation=True)
def agent_activity() -> Response:
    """Activities, minutes and hours per period and agent (or organisation, contact, kind): rows period, the
    group's column, activities, minutes, hours."""
    from services.activity import activity

    page = paging()
    by = _choice("by", "agent", tuple(ActivityGrouping))
    period = _choice("period", "month", tuple(Period))
    report = activity(engine(), current_user(), ActivityGrouping(by), Period(period), _date("date_from"),
                      _date("date_until"))
    return jsonify(page.slice(plain(list(report.rows))))


@api.get("/inbox")
@SPEC.validate(query=InboxQuery, resp=answers(InboxPage), tags=["inbox"], skip_validation=True)
def inbox() -> Response:
    """Mails, calls and appointments that matched nothing, newest first, with the reason: ?kind=&reason=."""
    from services.inbox import inbox as inbox_view

    page = paging(100, INBOX_PAGE)
    kind = _choice("kind", None, tuple(ActivityKind))
    reason = _choice("reason", None, tuple(InboxReason))
    view = inbox_view(engine(), current_user(), ActivityKind(kind) if kind else None,
                      InboxReason(reason) if reason else None, limit=page.limit, offset=page.offset)
    return jsonify({**page.document(view.total, plain(view.entries)),
                    "by_reason": {k.value: n for k, n in view.by_reason.items()},
                    "by_kind": {k.value: n for k, n in view.by_kind.items()}})


@api.post("/inbox/<int(min=1):activity_id>/assign")
@token_scope(TokenScope.WRITE)
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
