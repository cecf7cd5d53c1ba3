"""An import that arrives over HTTP (issue 21): a JSON batch, a zipped CSV folder or a workbook, imported
exactly as `kundenakte import` imports a folder (same validation, all or nothing) by an admin; audited."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from core.errors import InvalidInput
from etl.uploads import check_zip, unpack_csv_folder, write_json_batch
from services import audit
from services.commands.imports import ImportReport, run_import
from services.policy import require_admin
from services.users import CurrentUser


class UploadKind(StrEnum):
    """What the body of POST /api/v1/import is."""

    JSON = "json"
    ZIP = "zip"
    XLSX = "xlsx"


def import_upload(engine: Engine, user: CurrentUser, kind: UploadKind, body: Any) -> ImportReport:
    """Import `body` (the parsed JSON batch, or the uploaded file's bytes) as `user` (an admin), all or nothing.

    Raises ImportRejected (every problem named) or InvalidInput (the upload's shape) and writes nothing then."""
    require_admin(engine, user, "import")
    with tempfile.TemporaryDirectory(prefix="kundenakte-upload-") as work:
        folder = Path(work) / "batch"
        folder.mkdir()
        if kind is UploadKind.JSON:
            write_json_batch(body, folder)
            target = folder
        else:
            if not isinstance(body, bytes | bytearray) or not body:
                raise InvalidInput("the upload is empty")
            upload = Path(work) / f"upload.{kind.value}"
            upload.write_bytes(body)
            if kind is UploadKind.ZIP:
                unpack_csv_folder(upload, folder)
                target = folder
            else:
                check_zip(upload, what="the workbook")
                target = upload
        report = run_import(engine, target)
    audit.record_now(engine, user, "import_http", f"{kind.value}: {report.inserted} new, {report.updated} updated")
    return report


__all__ = ["UploadKind", "import_upload"]
