"""The controllers' workbook (issue 21, item 5): one sheet per relationship, the organisation list, the concentration
with a native chart and the Info sheet, read back with openpyxl as Excel would read it; and the German CSV."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine

from core.errors import Forbidden
from core.vocabulary import Area, Aspect, Level, Role, Scope
from kundenakte.export import export_controllers, export_sheet_csv
from kundenakte.export.workbook import MONEY_FORMAT
from services.lists import ListParams
from services.policy import set_level, set_scope
from services.users import SYSTEM, CurrentUser
from tests.kundenakte.export.controllers_data import HOSTILE, OPEN_AT_D, D, seed_controllers

LIST_SHEETS = ["Kunden", "Interessenten", "Lieferanten"]
ALL_SHEETS = [*LIST_SHEETS, "Organisationen", "Konzentration Kunden", "Konzentration Lieferanten", "Info"]
EXTERNAL = CurrentUser(id="ext", role=Role.EXTERNAL, contact_id="x1", organisation_id="c1")


@pytest.fixture
def company(engine: Engine) -> Engine:
    return seed_controllers(engine)


def workbook_of(engine: Engine, user: CurrentUser, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "controlling.xlsx"
    export_controllers(engine, user, path, D)
    return openpyxl.load_workbook(path)


def cells_by_id(sheet: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The header and, per id, the cells of its row by header."""
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return header, {str(r[0].value): dict(zip(header, r, strict=True)) for r in rows[1:]}


def info_of(book: openpyxl.Workbook) -> dict[str, list[Any]]:
    facts: dict[str, list[Any]] = {}
    for label, value in book["Info"].iter_rows(min_row=2, values_only=True):
        facts.setdefault(label, []).append(value)
    return facts


def test_sheets_with_frozen_header_filter_and_formats(company: Engine, tmp_path: Path) -> None:
    """Every sheet the command line may have, in order; each list sheet has its header frozen (with id and name),
    an autofilter over all rows, money in euro, last touch as a date cell, ids and postcodes as text."""
    book = workbook_of(company, SYSTEM, tmp_path)
    assert book.sheetnames == ALL_SHEETS
    for name in [*LIST_SHEETS, "Organisationen"]:
        sheet = book[name]
        assert sheet.freeze_panes == "C2", name
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}", name
    header, customers = cells_by_id(book["Kunden"])
    assert header == ["ID", "Name", "ABC", "Kennzahl invoices (365 Tage)", "Rang", "Kundennummer",
                      "Key Account Manager", "Offene Posten", "Letzter Kontakt", "PLZ", "Ort"]
    assert list(customers)[:2] == ["c1", "c2"]  # ABC order: the highest metric first
    c1 = customers["c1"]
    assert c1["Kennzahl invoices (365 Tage)"].value == pytest.approx(5300.5)
    assert c1["Kennzahl invoices (365 Tage)"].number_format == MONEY_FORMAT
    assert (c1["ABC"].value, c1["Rang"].value, c1["Key Account Manager"].value) == ("A", 1, "Anna Agent")
    for org, amount in OPEN_AT_D.items():
        if org in customers:
            cell = customers[org]["Offene Posten"]
            assert cell.value == pytest.approx(amount) and cell.data_type == "n" and cell.number_format == MONEY_FORMAT
    assert customers["c4"]["Offene Posten"].value == 0
    touch = c1["Letzter Kontakt"]
    assert touch.is_date and touch.value == datetime(2026, 3, 13, 10, 30) and touch.number_format == "dd.mm.yyyy"
    assert customers["c2"]["Letzter Kontakt"].value is None
    assert c1["PLZ"].value == "01067" and c1["PLZ"].data_type == "s"
    assert c1["Kundennummer"].data_type == "s" and c1["Kundennummer"].value.isdigit()
    _, suppliers = cells_by_id(book["Lieferanten"])
    assert suppliers["s1"]["Offene Posten"].value == pytest.approx(OPEN_AT_D["s1"])  # not the one dated after D
    assert suppliers["s2"]["Offene Posten"].value == 0
    header, prospects = cells_by_id(book["Interessenten"])
    assert "Offene Posten" not in header and prospects["p1"]["Angebot gültig"].value is True
    # widths fit the texts: the name column as wide as the longest name, the ABC column narrow
    names = max(len(str(r["Name"].value)) for r in customers.values())
    assert names <= book["Kunden"].column_dimensions["B"].width <= names + 3
    assert book["Kunden"].column_dimensions["C"].width < 10


def test_organisation_list_sheet_takes_the_letters_of_the_relationship_sheets(company: Engine,
                                                                             tmp_path: Path) -> None:
    """The organisation list is a sheet too (the contract's workbook); its letters are those of the lists."""
    book = workbook_of(company, SYSTEM, tmp_path)
    _, orgs = cells_by_id(book["Organisationen"])
    _, customers = cells_by_id(book["Kunden"])
    _, suppliers = cells_by_id(book["Lieferanten"])
    assert len(orgs) == 17
    assert {i: orgs[i]["ABC Kunde"].value for i in customers} == {i: r["ABC"].value for i, r in customers.items()}
    assert {i: orgs[i]["ABC Lieferant"].value for i in suppliers} == {i: r["ABC"].value for i, r in suppliers.items()}
    assert orgs["c1"]["Offene Posten"].value == pytest.approx(OPEN_AT_D["c1"])


def test_concentration_sheets_hold_the_figures_and_a_pareto_chart(company: Engine, tmp_path: Path) -> None:
    """Top shares, Gini, HHI with their formats, the flagged organisations, and a native scatter chart whose series
    read the curve points on the same sheet."""
    book = workbook_of(company, SYSTEM, tmp_path)
    sheet = book["Konzentration Kunden"]
    assert sheet.freeze_panes == "A2"
    figures = {r[0].value: r[1] for r in sheet.iter_rows(min_row=2, max_row=10)}
    assert figures["Anzahl Organisationen"].value == 7  # c1, c2, c4 and the four with a hostile name
    assert figures["Summe"].value == pytest.approx(5300.5 + 1200 + 100 + 100) and figures["Summe"].number_format \
        == MONEY_FORMAT
    assert 0 < figures["Gini"].value < 1 and figures["Gini"].number_format == "0.000"
    assert figures["HHI"].value > 0 and figures["Anteil der größten 20 %"].number_format == "0.0%"
    flagged = [r for r in sheet.iter_rows(values_only=True) if r[0] in ("c1", "c2")]
    assert [r[0] for r in flagged] == ["c1", "c2"] and flagged[0][2] == "Alpha Kunde GmbH"
    (chart,) = sheet._charts
    assert chart.tagname == "scatterChart" and len(chart.series) == 3
    assert all(s.yVal.numRef.f.startswith("'Konzentration Kunden'!") for s in chart.series)
    first = int(chart.series[0].xVal.numRef.f.split("$")[2].split(":")[0])
    assert sheet.cell(first, 1).value == 0 and sheet.cell(first - 1, 1).value.startswith("Anteil der")
    assert sheet.auto_filter.ref.startswith(f"A{first - 1}:C")
    assert len(book["Konzentration Lieferanten"]._charts) == 1


def test_hostile_texts_stay_texts_with_the_quote_prefix(company: Engine, tmp_path: Path) -> None:
    """ASVS 1.2.10: names (and an id, a postcode, a city) starting with = + - @ tab CR are text cells with Excel's
    quotePrefix, in every sheet; ordinary texts are written as they are."""
    book = workbook_of(company, SYSTEM, tmp_path)
    for name in ("Kunden", "Organisationen"):
        _, rows = cells_by_id(book[name])
        for org, text in HOSTILE.items():
            cell = rows[org]["Name"]
            assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True), (name, org)
        assert rows["-h3"]["ID"].quotePrefix and rows["-h3"]["ID"].data_type == "s"
        # a carriage return is stored as the file format's escape _x000D_ (Excel reads it back as CR; openpyxl not)
        assert rows["h1"]["Ort"].value == "_x000D_Wagenrücklauf" and rows["h1"]["Ort"].quotePrefix
        assert not rows["c1"]["Name"].quotePrefix and not rows["c1"]["ID"].quotePrefix
    _, customers = cells_by_id(book["Kunden"])
    assert customers["-h3"]["PLZ"].value == "-0815" and customers["-h3"]["PLZ"].quotePrefix
    assert all(c.data_type != "f" for row in book["Kunden"].iter_rows() for c in row)


def test_info_sheet_says_as_of_by_whom_and_what_was_used(company: Engine, tmp_path: Path) -> None:
    book = workbook_of(company, SYSTEM, tmp_path)
    info = info_of(book)
    assert info["Stand (as of)"] == [datetime(2026, 3, 15)] and info["Exportiert von"] == ["Kommandozeile"]
    assert book["Info"]["B2"].is_date
    assert info["Blatt Kunden"] == ["8 Zeilen"] and info["Blatt Organisationen"] == ["17 Zeilen"]
    assert info["Modell Lieferanten"][0].startswith("ratings, 90 Tage")
    assert info["Filter"][0].startswith("keine") and "Nicht enthalten" not in info


@pytest.mark.parametrize(("role", "sheets", "left_out"), [
    (Role.SALES, ["Kunden", "Interessenten", "Organisationen", "Info"], 3),
    (Role.PURCHASING, ["Lieferanten", "Organisationen", "Konzentration Lieferanten", "Info"], 3),
    (Role.ACCOUNTING, ["Kunden", "Lieferanten", "Organisationen", "Konzentration Kunden",
                       "Konzentration Lieferanten", "Info"], 1),
    (Role.SUPPORT, ["Organisationen", "Info"], 5),
])
def test_a_role_gets_the_sheets_of_its_areas(company: Engine, tmp_path: Path, role: Role, sheets: list[str],
                                             left_out: int) -> None:
    """Need-to-know (spec, "Security"): a relationship's sheet needs its area (prospects: pipeline, customers:
    billing, suppliers: purchasing), the concentration analytics as well; the Info sheet names what is missing."""
    user = CurrentUser(id=f"user-{role.value}", role=role, agent_id="ag1")
    book = workbook_of(company, user, tmp_path)
    assert book.sheetnames == sheets
    info = info_of(book)
    assert info["Exportiert von"] == [user.id] and len(info["Nicht enthalten"]) == left_out
    if "Lieferanten" not in sheets:
        assert any(t.startswith("Lieferanten (keine Leseberechtigung für Einkauf") for t in info["Nicht enthalten"])


def test_an_external_contact_gets_its_own_organisation_only(company: Engine, tmp_path: Path) -> None:
    book = workbook_of(company, EXTERNAL, tmp_path)
    assert book.sheetnames == ["Organisationen", "Info"]
    _, orgs = cells_by_id(book["Organisationen"])
    assert list(orgs) == ["c1"]
    assert orgs["c1"]["Offene Posten"].value is None and orgs["c1"]["ABC Kunde"].value is None  # no billing


def test_own_accounts_see_their_rows_with_company_wide_letters(company: Engine, tmp_path: Path) -> None:
    """A role narrowed to own accounts: the rows of the agent's accounts, letters and ranks as for everybody."""
    _, everything = cells_by_id(workbook_of(company, SYSTEM, tmp_path)["Kunden"])
    set_scope(company, SYSTEM, Role.ACCOUNTING, Scope.OWN_ACCOUNTS)
    book = workbook_of(company, CurrentUser(id="bert", role=Role.ACCOUNTING, agent_id="ag2"), tmp_path)
    _, customers = cells_by_id(book["Kunden"])
    _, orgs = cells_by_id(book["Organisationen"])
    assert list(customers) == ["c2"] and set(orgs) == {"c2", "p2"}
    assert [customers["c2"][k].value for k in ("ABC", "Rang")] == [everything["c2"][k].value for k in ("ABC", "Rang")]


def test_a_user_without_master_data_is_refused_before_anything_is_written(company: Engine) -> None:
    set_level(company, SYSTEM, Role.SUPPORT, Area.MASTER_DATA, Level.NONE)
    target = io.BytesIO()
    with pytest.raises(Forbidden):
        export_controllers(company, CurrentUser(id="s", role=Role.SUPPORT), target, D)
    assert target.getvalue() == b""


def test_german_csv_of_a_sheet(company: Engine, tmp_path: Path) -> None:
    """`;`, decimal comma, UTF-8 with BOM, dd.mm.yyyy, CRLF; a text that starts like a formula gets a leading '."""
    path = tmp_path / "kunden.csv"
    assert export_sheet_csv(company, SYSTEM, Aspect.CUSTOMER, path, D) == 8
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ("ID;Name;ABC;Kennzahl invoices (365 Tage);Rang;Kundennummer;Key Account Manager;"
                        "Offene Posten;Letzter Kontakt;PLZ;Ort")
    c1 = lines[1].split(";")
    assert c1[:5] == ["c1", "Alpha Kunde GmbH", "A", "5300,50", "1"]
    assert c1[7:10] == ["300,50", "13.03.2026", "01067"]
    frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"ID": str, "PLZ": str})
    names = dict(zip(frame["ID"], frame["Name"], strict=True))
    assert names["'-h3"] == "'@SUM(A1:A2)" and names["h1"] == "'+1 Plus GmbH" and names["h2"] == "'-2 Minus AG"
    assert names["h4"] == "'\tTab KG" and names["c4"] == "'" + HOSTILE["c4"]
    assert frame.loc[frame["ID"] == "c2", "Offene Posten"].item() == pytest.approx(200.0)
    assert frame["Offene Posten"].dtype == "float64"


def test_german_csv_of_the_prospects_says_ja_and_nein(company: Engine, tmp_path: Path) -> None:
    path = tmp_path / "interessenten.csv"
    export_sheet_csv(company, SYSTEM, Aspect.PROSPECT, path, D)
    frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert dict(zip(frame["ID"], frame["Angebot gültig"], strict=True)) == {
        "p1": "ja", "p5": "ja", "p3": "ja", "p2": "ja", "p4": "ja", "p7": "nein"}


def test_the_list_csv_of_the_dashboard_has_the_pages_rows(company: Engine) -> None:
    """The lists' CSV (the dashboard's download) writes the list workbook's columns and rows."""
    from kundenakte.export import export_list_csv

    target = io.BytesIO()
    assert export_list_csv(company, SYSTEM, ListParams(Aspect.CUSTOMER, letter="B", as_of=D), target) == 4
    frame = pd.read_csv(io.BytesIO(target.getvalue()), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame.columns[:4]) == ["ID", "ABC", "Rang", "Name"] and set(frame["ABC"]) == {"B"}
