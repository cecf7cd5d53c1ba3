"""`/download/<list>.xlsx` and `.csv`: the workbook (or German CSV) of a list as it is on screen (the page's query).

`/download/customers.xlsx?abc=A&q=gmbh&sort=metric:desc&as_of=2026-03-15` (and prospects, suppliers; `.csv`
for the German CSV of the same rows: `;`, decimal comma, UTF-8 with BOM) takes the parameters of the list's
address; `/download/organisations.xlsx?filter=<AG Grid filter model>&sort=name:asc` those of the organisation
list's grid. The services decide what the signed-in user may see: a user who may not read the list's area gets
403 (the refusal is audited by the policy), a malformed query 400; every file handed out is written to the
audit log.
"""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from typing import IO, Any

from flask import Response, abort, current_app, g, request, send_file

from core.errors import Forbidden, InvalidInput, NotFound
from core.vocabulary import Aspect
from kundenakte.downloads import downloads
from kundenakte.export import export_list, export_list_csv, export_organisations
from services import audit
from services.grid import SortKey
from services.lists import ListParams
from services.users import CurrentUser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the German CSV: UTF-8 (with a byte order mark), `;` between fields (RFC 4180 allows another separator)
CSV = "text/csv; charset=utf-8"
LISTS = {"customers": Aspect.CUSTOMER, "prospects": Aspect.PROSPECT, "suppliers": Aspect.SUPPLIER}
#: a filter model longer than this is no grid's
MAX_FILTER = 20_000


def _engine() -> Any:
    return current_app.extensions["kundenakte"]["engine"]


def attachment(buffer: IO[bytes], name: str, as_of: date, suffix: str = "xlsx") -> Response:
    """The finished file (written through a temporary file, which is closed here) as an attachment."""
    buffer.seek(0)
    data = buffer.read()
    buffer.close()
    return send_file(io.BytesIO(data), mimetype=CSV if suffix == "csv" else XLSX, as_attachment=True,
                     download_name=f"{name}-{as_of.isoformat()}.{suffix}", max_age=0)


def _refused(exc: Exception) -> None:
    abort(403 if isinstance(exc, Forbidden | NotFound) else 400)


@downloads.get("/customers.xlsx")
@downloads.get("/prospects.xlsx")
@downloads.get("/suppliers.xlsx")
@downloads.get("/customers.csv")
@downloads.get("/prospects.csv")
@downloads.get("/suppliers.csv")
def aspect_list_workbook() -> Response:
    """The list of one relationship with the page's view, letter, search, sort and as-of date: a workbook, or
    (`.csv`) the German CSV of the same rows and columns (kundenakte.export.german_csv)."""
    name, _dot, suffix = request.path.rsplit("/", 1)[-1].partition(".")
    user: CurrentUser = g.kundenakte_user
    engine = _engine()
    try:
        params = ListParams.from_query(LISTS[name], request.args.to_dict(), strict=True)
    except InvalidInput:
        abort(400)
    as_of = params.as_of or date.today()
    buffer = tempfile.TemporaryFile()  # noqa: SIM115 (closed by attachment or on refusal)
    try:
        rows = (export_list_csv if suffix == "csv" else export_list)(engine, user, params, buffer)
    except (Forbidden, NotFound, InvalidInput) as exc:
        buffer.close()
        _refused(exc)
    audit.record_now(engine, user, "export", f"/download/{name}.{suffix}"[:200],
                     f"{rows} rows, as of {as_of.isoformat()}, {request.query_string.decode()[:300]}")
    return attachment(buffer, name, as_of, suffix)


def _sort(word: str) -> tuple[SortKey, ...]:
    if not word:
        return ()
    field, _sep, direction = word.partition(":")
    if direction not in ("asc", "desc") or not field:
        raise InvalidInput("malformed sort")
    return (SortKey(field[:60], direction == "desc"),)


@downloads.get("/organisations.xlsx")
def organisation_list_workbook() -> Response:
    """The organisation list with the grid's filter model, sort and the as-of date."""
    user: CurrentUser = g.kundenakte_user
    engine = _engine()
    try:
        raw = request.args.get("filter", "")
        if len(raw) > MAX_FILTER:
            raise InvalidInput("filter too long")
        filters = json.loads(raw) if raw else {}
        if not isinstance(filters, dict):
            raise InvalidInput("malformed filter")
        sort = _sort(request.args.get("sort", ""))
        as_of = date.fromisoformat(request.args["as_of"][:10]) if request.args.get("as_of") else date.today()
    except (InvalidInput, ValueError):
        abort(400)
    buffer = tempfile.TemporaryFile()  # noqa: SIM115 (closed by attachment or on refusal)
    described = [("Spaltenfilter", json.dumps(filters, ensure_ascii=False))] if filters else []
    if sort:
        described.append(("Sortierung", f"{sort[0].col_id} {'absteigend' if sort[0].descending else 'aufsteigend'}"))
    try:
        rows = export_organisations(engine, user, buffer, as_of, filters=filters, sort=sort, source="Kundenakte",
                                    described=described)
    except (Forbidden, NotFound, InvalidInput) as exc:
        buffer.close()
        _refused(exc)
    audit.record_now(engine, user, "export", "/download/organisations.xlsx",
                     f"{rows} rows, as of {as_of.isoformat()}, {request.query_string.decode()[:300]}")
    return attachment(buffer, "organisationen", as_of)
