"""What the download tests share: a response read as the workbook it must be."""

from __future__ import annotations

import io
from typing import Any

import openpyxl


def book(response: Any) -> openpyxl.Workbook:
    """The response's body as a workbook, after checking it was a 200 with Excel's media type."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))
