"""`/download/concentration.xlsx?aspect=customer&by=group&as_of=2026-03-15`: the concentration page as a workbook.

The query is the page's (its aspect, grouping and the shell's as-of date; `window` as on the command line); the
workbook holds what the signed-in user may read: a role without analytics, or without the aspect's own area,
gets 403 and the refusal is in the audit log (services.policy); a download is audited as an export.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from urllib.parse import urlencode

from flask import Response, abort, current_app, g, request, send_file

from core.errors import Forbidden, InvalidInput
from core.vocabulary import ACCOUNT_ASPECTS, Aspect, Grouping
from kundenakte.downloads import downloads
from kundenakte.export.concentration import export_concentration
from services import audit
from services.users import CurrentUser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_WORDS = {Aspect.CUSTOMER: "umsatz", Aspect.SUPPLIER: "einkauf"}


def _choice(name: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    value = request.args.get(name, default)
    if value not in allowed:
        abort(400, f"{name} must be one of {', '.join(allowed)}")
    return value


def _as_of() -> date | None:
    value = request.args.get("as_of") or None
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        abort(400, "as_of must be a date YYYY-MM-DD")


def _window() -> int | None:
    value = request.args.get("window") or None
    if value is None:
        return None
    if not value.isdigit() or len(value) > 6:
        abort(400, "window must be a number of days")
    return int(value)


@downloads.get("/concentration.xlsx")
def concentration_workbook() -> Response:
    """The workbook of /concentration's view (400 for a malformed query, 403 when the user may not read it)."""
    aspect = Aspect(_choice("aspect", tuple(ACCOUNT_ASPECTS), Aspect.CUSTOMER))
    by = Grouping(_choice("by", tuple(Grouping), Grouping.ORGANISATION))
    as_of, window = _as_of(), _window()
    user: CurrentUser = g.kundenakte_user
    engine = current_app.extensions["kundenakte"]["engine"]
    view = "/concentration?" + urlencode({"aspect": aspect.value, "by": by.value,
                                         **({"as_of": as_of.isoformat()} if as_of else {})})
    buffer = BytesIO()
    try:
        rep = export_concentration(engine, user, buffer, aspect, as_of=as_of, by=by, window=window, view=view)
    except Forbidden:
        abort(403)
    except InvalidInput as exc:
        abort(400, str(exc))
    audit.record_now(engine, user, "export", "concentration.xlsx",
                     f"concentration {aspect.value} {by.value}, as of {rep.as_of.isoformat()}, window {rep.window}")
    buffer.seek(0)
    name = f"konzentration-{FILE_WORDS[aspect]}-{by.value}-{rep.as_of.isoformat()}.xlsx"
    return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=name)


__all__ = ["concentration_workbook"]
