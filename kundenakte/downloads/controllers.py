"""`/download/controllers.xlsx?as_of=2026-03-15`: the controllers' workbook (kundenakte.export.controllers) as the
signed-in user may see it.

The sheets are those of the user's areas (a relationship's list, the organisation list, the concentration); a
user who may not read master data gets 403 (the refusal is audited by the policy), a malformed date 400; the
workbook handed out is written to the audit log like the command line's export.
"""

from __future__ import annotations

import tempfile
from datetime import date

from flask import Response, abort, current_app, g, request

from core.errors import Forbidden, NotFound
from kundenakte.downloads import downloads
from kundenakte.downloads.lists import attachment
from kundenakte.export import export_controllers
from services import audit
from services.users import CurrentUser


@downloads.get("/controllers.xlsx")
def controllers_workbook() -> Response:
    """The workbook at the shell's as-of date (default today)."""
    raw = request.args.get("as_of") or ""
    try:
        as_of = date.fromisoformat(raw[:10]) if raw else date.today()
    except ValueError:
        abort(400, "as_of must be a date YYYY-MM-DD")
    user: CurrentUser = g.kundenakte_user
    engine = current_app.extensions["kundenakte"]["engine"]
    buffer = tempfile.TemporaryFile()  # noqa: SIM115 (closed by attachment or on refusal)
    try:
        summary = export_controllers(engine, user, buffer, as_of, source="Kundenakte")
    except (Forbidden, NotFound):
        buffer.close()
        abort(403)
    audit.record_now(engine, user, "export", "/download/controllers.xlsx",
                     f"controllers' workbook, {summary.described()}, as of {as_of.isoformat()}")
    return attachment(buffer, "controlling", as_of)


__all__ = ["controllers_workbook"]
