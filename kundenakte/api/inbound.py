"""Inbound traces as their own endpoints (issue 21, "Import over HTTP"): a mail, a calendar, a call log.

    POST /api/v1/inbound/mail      message/rfc822 (one .eml) or application/mbox
    POST /api/v1/inbound/calendar  text/calendar (.ics)
    POST /api/v1/inbound/calls     text/csv (calls.csv as interchange.md has it) or application/json {"calls": [...]}

Read and matched exactly as `kundenakte inbound` reads a folder (services/commands/upload_inbound.py): the same mail
twice is one activity; what lands nowhere waits in the inbox. The size is checked before the body is read (413),
each kind within its own limit and the server's (KUNDENAKTE_MAX_CONTENT_LENGTH). 200 with what was read, added and
skipped; 422 when nothing at all could be read (not a mail, a calendar that does not parse). A token needs the
`import` scope, its user edit level of activities.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from spectree import Response as Answers

from core.errors import InvalidInput
from core.vocabulary import TokenScope
from kundenakte.api.bodies import body_of
from kundenakte.api.context import current_user, engine
from kundenakte.api.models import CallBatch, Error, InboundDone
from kundenakte.api.routes import API_PREFIX, api
from kundenakte.api.scopes import token_scope
from kundenakte.api.spec import BINARY, SPEC, TEXT
from services.commands.upload_inbound import InboundKind, call_log, read_upload

MIB = 1024 * 1024
#: the largest upload of each kind (the server's own limit may be lower)
LIMITS: dict[InboundKind, int] = {
    InboundKind.MAIL: 25 * MIB,
    InboundKind.MBOX: 256 * MIB,
    InboundKind.CALENDAR: 16 * MIB,
    InboundKind.CALLS: 64 * MIB,
}
MAIL_TYPES = {"message/rfc822": InboundKind.MAIL, "application/mbox": InboundKind.MBOX}
CALENDAR_TYPES = {"text/calendar": InboundKind.CALENDAR}
CALL_TYPES = {"text/csv": InboundKind.CALLS}

SPEC.raw_body(f"{API_PREFIX}/inbound/mail", "post", {t: BINARY for t in MAIL_TYPES})
SPEC.raw_body(f"{API_PREFIX}/inbound/calendar", "post", {t: TEXT for t in CALENDAR_TYPES})
SPEC.raw_body(f"{API_PREFIX}/inbound/calls", "post", {t: TEXT for t in CALL_TYPES}, json=True)
#: 422 answers what was skipped, like 200
ANSWERS = Answers(HTTP_200=InboundDone, HTTP_400=Error, HTTP_401=Error, HTTP_403=Error, HTTP_404=Error,
                  HTTP_413=Error, HTTP_422=InboundDone)


class TooLarge(InvalidInput):
    """An upload over its kind's limit (answered 413 before the body is read)."""


def _limit(kind: InboundKind) -> int:
    server = current_app.config.get("MAX_CONTENT_LENGTH")
    return min(LIMITS[kind], server) if server else LIMITS[kind]


def _body(kind: InboundKind) -> bytes:
    """The raw body, refused (TooLarge) by its declared length before reading and by what arrived after."""
    limit = _limit(kind)
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(f"the upload has {request.content_length:,} bytes, at most {limit:,}")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the upload has more than {limit:,} bytes")
    return data


def _kind(types: dict[str, InboundKind]) -> InboundKind:
    kind = types.get(request.mimetype)
    if kind is None:
        raise InvalidInput(f"Content-Type must be {' or '.join(sorted(types))}")
    return kind


def _answer(kind: InboundKind, data: bytes, *, json_rows: bool = False) -> tuple[Response, int]:
    report = read_upload(engine(), current_user(), kind, data)
    skipped = [{"file": name, "position": position,
                "row_index": position - 2 if json_rows and position is not None else None, "reason": reason}
               for name, position, reason in report.skipped]
    status = 422 if report.read == 0 and report.unchanged == 0 and skipped else 200
    return jsonify({"read": report.read, "added": report.added, "unchanged": report.unchanged,
                    "skipped": skipped}), status


@api.errorhandler(TooLarge)
def _too_large(exc: TooLarge) -> tuple[Response, int]:
    """An upload over its limit: 413 (more specific than the blueprint's 400 for other refused input)."""
    return jsonify({"error": str(exc), "kind": "TooLarge"}), 413


@api.post("/inbound/mail")
@token_scope(TokenScope.IMPORT, uploads=frozenset(MAIL_TYPES))
@SPEC.validate(resp=ANSWERS, tags=["inbound"], skip_validation=True)
def inbound_mail() -> tuple[Response, int]:
    """One mail as it came from the server (`message/rfc822`, an .eml) or a mailbox (`application/mbox`):
    matched by sender or recipients (interchange.md, "Assignment of inbound traces")."""
    kind = _kind(MAIL_TYPES)
    return _answer(kind, _body(kind))


@api.post("/inbound/calendar")
@token_scope(TokenScope.IMPORT, uploads=frozenset(CALENDAR_TYPES))
@SPEC.validate(resp=ANSWERS, tags=["inbound"], skip_validation=True)
def inbound_calendar() -> tuple[Response, int]:
    """A calendar (`text/calendar`, .ics): each appointment, each occurrence of a series (open-ended ones up to a
    year ahead), matched by organiser and attendees."""
    kind = _kind(CALENDAR_TYPES)
    return _answer(kind, _body(kind))


@api.post("/inbound/calls")
@token_scope(TokenScope.IMPORT, uploads=frozenset(CALL_TYPES))
@SPEC.validate(json=CallBatch, resp=ANSWERS, tags=["inbound"], skip_validation=True)
def inbound_calls() -> tuple[Response, int]:
    """A phone system's call log: `text/csv` with the columns of calls.csv (id, occurred_at, direction,
    caller_number, callee_number, agent_id, duration_minutes), or the same rows as JSON `{"calls": [...]}`;
    a row that cannot be read is skipped with its row (CSV) or index (JSON), the others are kept."""
    kind = InboundKind.CALLS
    if request.mimetype == "application/json":
        if request.content_length is not None and request.content_length > _limit(kind):
            raise TooLarge(f"the upload has {request.content_length:,} bytes, at most {_limit(kind):,}")
        rows = [row.model_dump() for row in body_of(CallBatch).calls]
        if not rows:
            raise InvalidInput("calls is empty")
        return _answer(kind, call_log(rows), json_rows=True)
    if request.mimetype not in CALL_TYPES:
        raise InvalidInput("Content-Type must be text/csv or application/json")
    return _answer(kind, _body(kind))
