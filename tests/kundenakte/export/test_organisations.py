"""The organisation list workbook for controllers (spec/analytics.md, command line: `kundenakte export PATH.xlsx`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from kundenakte.cli import main
from kundenakte.export import COLUMNS, export_organisations
from services.users import SYSTEM
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.support import own_accounts_user, seed

HEADER = ["ID", "Name", "Muttergesellschaft", "Ort", "Land", "Interessent", "Kunde", "Lieferant", "Kundennummer",
          "Lieferantennummer", "Key Account Manager", "Umsatz 12 Monate", "Offene Rechnungen", "Offene Posten",
          "ABC Kunde", "ABC Interessent", "ABC Lieferant"]


def _sheet_rows(path: Path, sheets: tuple[str, ...] = ("Organisationen", "Info")
                ) -> tuple[list[str], dict[str, dict[str, object]]]:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(sheets)
    sheet = book["Organisationen"]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    return header, {str(r[0]): dict(zip(header, r, strict=True)) for r in values[1:]}


def test_workbook_has_header_rows_and_numbers_as_numbers(engine: Engine, tmp_path: Path) -> None:
    """Export: one row per organisation, money as numbers with a format, yes/no as booleans, ABC letters."""
    seed(engine, org_list_data())
    path = tmp_path / "orgs.xlsx"
    assert export_organisations(engine, SYSTEM, path, AS_OF) == 12
    header, rows = _sheet_rows(path)
    assert header == HEADER == [c.header for c in COLUMNS]
    assert len(rows) == 12
    alpha = rows["o01"]
    assert alpha["Name"] == "Alpha GmbH" and alpha["Key Account Manager"] == "Anna Agent"
    assert isinstance(alpha["Umsatz 12 Monate"], float) and alpha["Umsatz 12 Monate"] == pytest.approx(6234.56)
    assert alpha["Offene Posten"] == pytest.approx(1234.56) and alpha["Offene Rechnungen"] == 1
    assert (alpha["Kunde"], alpha["Lieferant"], alpha["Interessent"]) == (True, True, False)
    assert rows["o04"]["Muttergesellschaft"] == "Alpha GmbH"
    # four ranked customers 6234.56, 3000, 3000, 800 (q = 0, .25, .25, .75) and one without movement (spec, ABC)
    assert [rows[i]["ABC Kunde"] for i in ("o01", "o02", "o03", "o04", "o05")] == ["A", "B", "B", "B", None]
    assert rows["o06"]["ABC Kunde"] is None and rows["o06"]["Kunde"] is False


def test_workbook_layout_for_controllers(engine: Engine, tmp_path: Path) -> None:
    """Export: header with autofilter, frozen header row and name column, euro format, Info sheet with the date."""
    seed(engine, org_list_data())
    path = tmp_path / "orgs.xlsx"
    export_organisations(engine, SYSTEM, path, AS_OF)
    book = openpyxl.load_workbook(path)
    sheet = book["Organisationen"]
    assert sheet.auto_filter.ref == "A1:Q13"
    assert sheet.freeze_panes == "C2"
    money_col = HEADER.index("Umsatz 12 Monate") + 1
    assert "€" in sheet.cell(row=2, column=money_col).number_format
    longest = max(len(str(c.value)) for c in sheet["B"][1:])  # the name column fits the longest name
    assert longest + 2 <= sheet.column_dimensions["B"].width <= longest + 3
    info = {r[0]: r[1] for r in book["Info"].iter_rows(values_only=True)}
    assert info["Stand (as of)"] == datetime(2026, 3, 15)
    assert info["Organisationen"] == 12
    assert "sqlite" in str(info["Quelle"]) or "postgresql" in str(info["Quelle"])


def test_workbook_shows_only_what_the_user_may_see(engine: Engine, tmp_path: Path) -> None:
    """Export (style guide §4): the same permission path as the grid; letters stay company-wide."""
    seed(engine, org_list_data())
    path = tmp_path / "mine.xlsx"
    assert export_organisations(engine, own_accounts_user(engine, "ag2"), path, AS_OF) == 2
    _, rows = _sheet_rows(path)
    assert set(rows) == {"o03", "o05"}
    assert rows["o03"]["ABC Kunde"] == "B"


def test_cli_export_writes_the_file(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract: `kundenakte export PATH.xlsx` writes the workbook (the controllers' workbook, the
    organisation list one of its sheets) and exits 0."""
    path = tmp_path / "out.xlsx"
    assert main(["export", str(path), "--db", db_url, "--as-of", "2026-03-15"]) == 0
    header, rows = _sheet_rows(path, ("Kunden", "Interessenten", "Lieferanten", "Organisationen",
                                      "Konzentration Kunden", "Konzentration Lieferanten", "Info"))
    assert header == HEADER and rows == {}
    assert str(path) in capsys.readouterr().err
