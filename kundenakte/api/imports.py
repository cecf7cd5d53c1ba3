"""POST /api/v1/import: module data pushed by another system, imported all or nothing (issue 21).

The body is a JSON batch (`application/json`: `{"tables": {"invoices": [{...}], ...}}`), a zipped CSV folder
(`application/zip`) or a workbook (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`).
201 with the rows per table; 422 with every problem as {table, row_index, row, column, message} where the
data is refused (nothing written); 400 where the upload's shape is wrong. Sizes are capped before parsing.
"""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import jsonify, request
from spectree import Response

from core.errors import ImportRejected, InvalidInput, Problem
from core.vocabulary import TokenScope
from kundenakte.api.context import current_user, engine
from kundenakte.api.models import Error, ImportBatch, ImportDone, ImportRefused
from kundenakte.api.routes import API_PREFIX, api
from kundenakte.api.scopes import token_scope
from kundenakte.api.spec import BINARY, SPEC
from services.commands.upload_import import UploadKind, import_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"application/json": UploadKind.JSON, "application/zip": UploadKind.ZIP,
         "application/x-zip-compressed": UploadKind.ZIP, XLSX: UploadKind.XLSX}
#: the types an import may be sent as (kundenakte.web lets the files through from a token, to this route only)
IMPORT_TYPES = frozenset(KINDS)
SPEC.raw_body(f"{API_PREFIX}/import", "post", {t: BINARY for t in sorted(IMPORT_TYPES - {"application/json"})},
              json=True)


def problem_document(p: Problem) -> dict[str, object]:
    """One problem for the caller: the table, the 0-based index in its JSON list (a CSV's row 2 is the first
    row of data), the file's row, the column and the message."""
    table = p.file.rsplit("/", 1)[-1].removesuffix(".csv")
    index = p.row - 2 if p.row is not None and p.file.endswith(".csv") else None
    return {"table": p.sheet or table, "row_index": index, "row": p.row, "column": p.column, "message": p.message}


@api.post("/import")
@token_scope(TokenScope.IMPORT, uploads=IMPORT_TYPES - {"application/json"})
@SPEC.validate(json=ImportBatch, resp=Response(HTTP_201=ImportDone, HTTP_422=ImportRefused, HTTP_400=Error,
                                               HTTP_401=Error, HTTP_403=Error), tags=["import"], skip_validation=True)
def import_batch() -> tuple[FlaskResponse, int]:
    """Module data in the interchange format, all or nothing (a zip of a CSV folder or a workbook with a token)."""
    kind = KINDS.get(request.mimetype)
    if kind is None:
        raise InvalidInput(f"Content-Type must be one of {', '.join(sorted(KINDS))}")
    if kind is UploadKind.JSON:
        body = request.get_json(silent=True)
        if body is None:
            raise InvalidInput("the body is not JSON")
    else:
        body = request.get_data(cache=False)
    try:
        report = import_upload(engine(), current_user(), kind, body)
    except ImportRejected as exc:
        return jsonify({"error": "import_refused", "written": False,
                        "problems": [problem_document(p) for p in exc.problems]}), 422
    return jsonify({"source": kind.value, "inserted": report.inserted, "updated": report.updated,
                    "tables": {t.table: {"inserted": t.inserted, "updated": t.updated} for t in report.tables},
                    "unassigned": report.unassigned}), 201
