"""Reading interchange tables from CSV folders and workbooks (spec/interchange.md, "Containers")."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from etl.sources import tables as source_mod
from etl.sources.tables import open_tables


def _frame(folder: Path, table: str = "organisations") -> tuple[object, pd.DataFrame]:
    sources, problems = open_tables(folder)
    assert problems == []
    source = next(s for s in sources if s.table == table)
    chunks = list(source.chunks())
    return source, pd.concat([c.frame for c in chunks]) if chunks else pd.DataFrame()


def test_utf8_with_bom_and_leading_zeros(tmp_path: Path) -> None:
    """Containers: UTF-8 with BOM is read; text stays text (postcode 05021, 0049 ... keep their zeros)."""
    (tmp_path / "organisations.csv").write_bytes(
        "\ufeffid,name,postcode,phone\nO1,Größe GmbH,05021,0049 6151 12345\n".encode())
    source, frame = _frame(tmp_path)
    assert source.columns == ["id", "name", "postcode", "phone"]
    assert frame.loc[2].tolist() == ["O1", "Größe GmbH", "05021", "0049 6151 12345"]


def test_windows_1252_and_semicolon_detected(tmp_path: Path) -> None:
    """Containers: a Windows-1252, ;-separated file (German Excel) is detected without configuration."""
    (tmp_path / "organisations.csv").write_bytes("id;name;city\nO1;Müller & Söhne;Köln\n".encode("cp1252"))
    source, frame = _frame(tmp_path)
    assert source.dialect.encoding == "cp1252" and source.dialect.sep == ";" and source.german
    assert frame.loc[2, "name"] == "Müller & Söhne" and frame.loc[2, "city"] == "Köln"


def test_row_numbers_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    """Bad input: rows are numbered like a spreadsheet (header 1), blank rows skipped but counted."""
    (tmp_path / "organisations.csv").write_text('id,name\nO1,"two\nlines"\n\nO3,c\n,\nO5,e\n')
    _, frame = _frame(tmp_path)
    assert frame.index.tolist() == [2, 4, 6]
    assert frame.loc[6, "name"] == "e"


def test_quoted_newline_counts_as_one_row(tmp_path: Path) -> None:
    """Bad input: a quoted value spanning lines is one spreadsheet row."""
    (tmp_path / "organisations.csv").write_text('id,name\nO1,"two\nlines"\nO2,b\n')
    _, frame = _frame(tmp_path)
    assert frame.index.tolist() == [2, 3]
    assert frame.loc[2, "name"] == "two\nlines"


def test_blocks_split_between_records_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Containers: a large file read in blocks gives the same rows and row numbers as one block."""
    rows = "".join(f'I{i},"x\n{i}",{i:05d}\n' for i in range(300))
    (tmp_path / "invoices.csv").write_text("id,number,organisation_id\n" + rows)
    _, whole = _frame(tmp_path, "invoices")
    monkeypatch.setattr(source_mod, "BLOCK_BYTES", 97)
    sources, _ = open_tables(tmp_path)
    chunks = list(sources[0].chunks())
    assert len(chunks) > 10
    parts = pd.concat([c.frame for c in chunks])
    pd.testing.assert_frame_equal(parts, whole)
    assert whole.index.tolist() == list(range(2, 302)) and whole.loc[301, "organisation_id"] == "00299"
    assert b"".join(c.raw for c in chunks) == rows.encode()


def test_malformed_line_is_a_problem_with_its_row(tmp_path: Path) -> None:
    """Bad input: a line with too many fields is reported with its row; the other rows keep their numbers."""
    (tmp_path / "organisations.csv").write_text("id,name\nO1,a\nO2,b,extra\nO3,c\n")
    sources, _ = open_tables(tmp_path)
    chunks = list(sources[0].chunks())
    assert [p.row for p in chunks[0].problems] == [3]
    assert chunks[0].frame.index.tolist() == [2, 4] and not chunks[0].clean


def test_binary_garbage_names_the_file(tmp_path: Path) -> None:
    """Bad input: a file that is not text is an error naming that file."""
    (tmp_path / "invoices.csv").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "agents.csv").write_text("id,name\nA1,Anna\n")
    sources, problems = open_tables(tmp_path)
    assert [s.table for s in sources] == ["agents"]
    assert [p.file for p in problems] == ["invoices.csv"] and "not a text file" in problems[0].message


def test_missing_tables_and_unknown_files_are_ignored(tmp_path: Path) -> None:
    """Containers: any table may be missing; other files are not tables."""
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    (tmp_path / "Agents.csv").write_text("id,name\nA1,Anna\n")
    sources, problems = open_tables(tmp_path)
    assert [s.table for s in sources] == ["agents"] and problems == []


def test_not_a_folder_or_workbook_is_wrong_usage(tmp_path: Path) -> None:
    """Command line contract: a path that is no folder or workbook is wrong usage."""
    with pytest.raises(InvalidInput):
        open_tables(tmp_path / "missing")


def test_workbook_sheets_become_text(tmp_path: Path) -> None:
    """Containers: one sheet per table; typed cells become the text a CSV would hold."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "invoices"
    ws.append(["id", "organisation_id", "invoice_date", "amount_net", "paid_date", "dunning_level", "number"])
    ws.append(["I1", "O1", date(2024, 2, 1), 12.5, datetime(2024, 3, 1, 10, 30), 2, "00017"])
    ws.append([None, None, None, None, None, None, None])
    ws.append(["I2", "O1", "2024-02-02", 3.0, None, None, None])
    wb.create_sheet("Notes").append(["free text"])
    wb.save(tmp_path / "data.xlsx")
    sources, problems = open_tables(tmp_path / "data.xlsx")
    assert problems == [] and [(s.table, s.sheet, s.file) for s in sources] == [("invoices", "invoices", "data.xlsx")]
    frame = pd.concat([c.frame for c in sources[0].chunks()])
    assert frame.index.tolist() == [2, 4]
    assert frame.loc[2].tolist() == ["I1", "O1", "2024-02-01", "12.5", "2024-03-01T10:30:00", "2", "00017"]
    assert frame.loc[4, "amount_net"] == "3" and frame.loc[4, "paid_date"] == ""


def test_broken_workbook_is_a_problem(tmp_path: Path) -> None:
    """Bad input: an .xlsx that is no workbook is reported with its name."""
    (tmp_path / "data.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    sources, problems = open_tables(tmp_path / "data.xlsx")
    assert sources == [] and problems[0].file == "data.xlsx"


_PLAIN_CELL = st.text(st.characters(blacklist_characters='"\r\n\x00,;', blacklist_categories=("Cs",)), max_size=6)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(_PLAIN_CELL, min_size=3, max_size=3), min_size=1, max_size=20),
       sep=st.sampled_from([",", ";"]), crlf=st.booleans(), last_newline=st.booleans())
def test_plain_blocks_read_by_pyarrow_as_pandas_reads_them(rows: list[list[str]], sep: str, crlf: bool,
                                                          last_newline: bool) -> None:
    """Containers: a block without quotes is parsed by pyarrow; every cell is the text pandas' parser reads."""
    if any(all(not c for c in row) for row in rows):
        rows = [[c or "x" for c in row] for row in rows]  # an all-empty row of one field would be a blank line
    newline = "\r\n" if crlf else "\n"
    text = newline.join(sep.join(row) for row in rows) + (newline if last_newline else "")
    block = text.encode()
    source = source_mod.TableSource("invoices", Path("invoices.csv"), "invoices.csv", ["a", "b", "c"],
                                    dialect=source_mod.CsvDialect(sep, "utf-8", newline))
    assert source_mod._is_plain(block, source.dialect)
    plain = source_mod._parse_plain_block(block, 3, sep)
    by_pandas, problems, records = source_mod._parse_any_block(source, block, 2)
    assert plain is not None and problems == [] and records == len(rows)
    assert plain.astype(object).values.tolist() == by_pandas.values.tolist() == rows


def test_blank_and_short_lines_without_quotes_keep_their_row_numbers(tmp_path: Path) -> None:
    """Bad input: a blank line (counted, skipped) and a line with too few fields go to pandas' parser."""
    (tmp_path / "organisations.csv").write_text("id,name\nO1,a\n\nO3,c\n")
    _, frame = _frame(tmp_path)
    assert frame.index.tolist() == [2, 4] and frame.loc[4, "name"] == "c"
    (tmp_path / "agents.csv").write_text("id\nA1\n\nA3\n")  # one column: a blank line is an empty cell
    _, agents = _frame(tmp_path, "agents")
    assert agents.index.tolist() == [2, 4] and agents["id"].tolist() == ["A1", "A3"]
    (tmp_path / "organisations.csv").write_text("id,name,city\nO1,a,x\nO2,b\nO3,c,z\n")
    _, short = _frame(tmp_path)
    assert short.index.tolist() == [2, 3, 4] and short.loc[4, "city"] == "z"
