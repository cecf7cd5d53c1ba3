"""Read interchange tables from a CSV folder or one .xlsx workbook (spec/interchange.md, "Containers").

Every cell is read as text (a postcode `05021` keeps its zero); types are checked later by
etl.validate. Encoding (UTF-8 with or without BOM, else Windows-1252) and separator (`,` or `;`)
are detected, not configured. CSV files are read in blocks of whole records, each block parsed by
pandas and kept as bytes too, so a clean block can be bulk-loaded exactly as it was written.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from core.errors import InvalidInput, Problem
from etl.tables import TABLE_ORDER

BLOCK_BYTES = 16 << 20
#: text cells parsed by pyarrow stay Arrow arrays in pandas ("" for an empty cell, never null)
ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
XLSX_CHUNK_ROWS = 100_000
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BAD_LINE = re.compile(r"Skipping line (\d+): (.*)")


class NotText(Exception):
    """The file is not a text file in UTF-8 or Windows-1252."""


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: what PostgreSQL's COPY needs to read its bytes unchanged."""

    sep: str
    encoding: str  # python codec name: utf-8 or cp1252
    newline: str

    @property
    def pg_encoding(self) -> str:
        return "UTF8" if self.encoding == "utf-8" else "WIN1252"


@dataclass
class Chunk:
    """Consecutive rows of one table: text cells ("" = empty), index = spreadsheet row number."""

    frame: pd.DataFrame
    #: the rows' bytes as written in the file (CSV), or None
    raw: bytes | None = None
    #: True when `raw` holds exactly the rows of `frame` (no blank or malformed lines)
    clean: bool = False
    problems: list[Problem] = field(default_factory=list)


@dataclass
class TableSource:
    """One table in the import: a CSV file or a workbook sheet, read chunk by chunk."""

    table: str
    path: Path
    file: str
    #: header names, stripped and lower-cased, in file order
    columns: list[str]
    sheet: str | None = None
    dialect: CsvDialect | None = None
    #: `;`-separated: decimal commas and DD.MM.YYYY dates are allowed (what German Excel writes)
    german: bool = False
    size: int = 0
    _data_start: int = 0

    def where(self, row: int | None = None, column: str | None = None, message: str = "") -> Problem:
        return Problem(self.file, row, column, message, self.sheet)

    def chunks(self) -> Iterator[Chunk]:
        """The data rows in chunks (CSV: blocks of about 16 MB; xlsx: 100,000 rows)."""
        if self.sheet is not None:
            yield from _xlsx_chunks(self)
        elif self.dialect is not None:
            yield from _csv_chunks(self)


# --------------------------------------------------------------------------- CSV


def _record_end(data: bytes, start: int = 0) -> int:
    """Offset just after the first complete record at `start` (quotes balanced), or -1."""
    pos = start
    while True:
        nl = data.find(b"\n", pos)
        if nl < 0:
            return -1
        if data.count(b'"', start, nl) % 2 == 0:
            return nl + 1
        pos = nl + 1


def _last_record_end(data: bytes) -> int:
    """Offset just after the last complete record in `data` (quotes balanced), or 0."""
    cut = data.rfind(b"\n") + 1
    while cut > 0 and data.count(b'"', 0, cut) % 2:
        cut = data.rfind(b"\n", 0, cut - 1) + 1
    return cut


def _detect_encoding(path: Path) -> str:
    """utf-8 when the whole file decodes as UTF-8, else cp1252; NotText for binary data."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    first = True
    with open(path, "rb") as fh:
        while piece := fh.read(BLOCK_BYTES):
            if b"\x00" in piece:
                raise NotText("binary data (NUL bytes): not a text file")
            if first:
                sample = piece[:65536]
                text = sample.decode("utf-8", errors="replace")
                if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
                    raise NotText("binary data: not a text file")
                first = False
            if utf8:
                try:
                    decoder.decode(piece)
                except UnicodeDecodeError:
                    utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        return "utf-8"
    with open(path, "rb") as fh:
        while piece := fh.read(BLOCK_BYTES):
            try:
                piece.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise NotText("neither UTF-8 nor Windows-1252 text") from exc
    return "cp1252"


def open_csv(table: str, path: Path, name: str) -> TableSource:
    """Sniff a `<table>.csv`: encoding, separator, line ending and header; NotText for garbage."""
    encoding = _detect_encoding(path)
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    size = path.stat().st_size
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        return TableSource(table, path, name, [], size=size)
    end = _record_end(head)
    if end < 0:
        end = len(head)
    header_bytes = head[:end]
    text = header_bytes.decode(encoding)
    text = text.removeprefix("\ufeff")
    sep = ";" if text.count(";") > text.count(",") else ","
    newline = "\r\n" if header_bytes.endswith(b"\r\n") else "\n"
    names = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    columns = [n.strip().lower() for n in names]
    return TableSource(table, path, name, columns, dialect=CsvDialect(sep, encoding, newline), german=sep == ";",
                       size=size, _data_start=end)


def _is_plain(block: bytes, dialect: CsvDialect) -> bool:
    """A UTF-8 block without quotes or stray carriage returns: every line is one record. (A blank line
    is a line of one field: pyarrow refuses it in a wider table, and pandas' parser then reads the block.)"""
    if dialect.encoding != "utf-8" or b'"' in block:
        return False
    return b"\r" not in block or (b"\n\r" not in block and block.count(b"\r") == block.count(b"\r\n"))


def _parse_plain_block(block: bytes, width: int, sep: str) -> pd.DataFrame | None:
    """A plain block parsed by pyarrow into text columns held as Arrow arrays (no Python object per
    cell: 3x faster than pandas' parser on the invoices, and factorised in C++); None when a line has
    the wrong number of fields (pandas' parser then reports it)."""
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(block),
            read_options=pa_csv.ReadOptions(column_names=[str(i) for i in range(width)], use_threads=False,
                                            block_size=max(1 << 20, len(block) + 1)),
            parse_options=pa_csv.ParseOptions(delimiter=sep, quote_char=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(map(str, range(width)), pa.string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas(types_mapper={pa.string(): ARROW_TEXT}.get)
    frame.columns = pd.RangeIndex(width)
    return frame


def _parse_block(source: TableSource, block: bytes, first_row: int) -> tuple[pd.DataFrame, list[Problem], int]:
    """Parse one block of whole records: (frame indexed by spreadsheet row, problems, records seen)."""
    dialect = source.dialect
    assert dialect is not None
    width = len(source.columns)
    if width and _is_plain(block, dialect):
        plain = _parse_plain_block(block, width, dialect.sep)
        if plain is not None:
            plain.index = pd.Index(np.arange(first_row, first_row + len(plain)), name="row")
            return plain, [], len(plain)
    return _parse_any_block(source, block, first_row)


def _parse_any_block(source: TableSource, block: bytes, first_row: int) -> tuple[pd.DataFrame, list[Problem], int]:
    """`_parse_block` by pandas' parser: quoted values, blank and malformed lines, Windows-1252."""
    dialect = source.dialect
    assert dialect is not None
    width = len(source.columns)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = pd.read_csv(io.BytesIO(block), sep=dialect.sep, header=None, names=list(range(width)), dtype=object,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False, index_col=False,
                            on_bad_lines="warn", encoding=dialect.encoding, engine="c")
    skipped: list[int] = []
    problems: list[Problem] = []
    for w in caught:
        for line in str(w.message).splitlines():
            m = _BAD_LINE.match(line.strip())
            if m:
                row = first_row + int(m.group(1)) - 1
                skipped.append(row)
                problems.append(source.where(row, None, f"malformed line: {m.group(2)}"))
    records = len(frame) + len(skipped)
    rows = np.arange(first_row, first_row + records)
    if skipped:
        rows = rows[~np.isin(rows, skipped)]
    frame.index = pd.Index(rows, name="row")
    return frame, problems, records


def _drop_blank(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """Drop rows whose cells are all empty; True when some were dropped."""
    if frame.shape[1] == 0:
        return frame, False
    column = frame.iloc[:, 0]
    if column.dtype == ARROW_TEXT:
        maybe = (column.str.strip() == "").to_numpy(dtype=bool)
    else:
        first = column.to_numpy(dtype=object)
        maybe = (first == "") | np.fromiter(map(str.isspace, first), bool, len(first))
    if not maybe.any():
        return frame, False
    sub = frame[maybe]
    blank = sub.apply(lambda c: c.str.strip() == "").all(axis=1)
    if not blank.any():
        return frame, False
    return frame.drop(index=sub.index[blank]), True


def _name_columns(source: TableSource, frame: pd.DataFrame) -> pd.DataFrame:
    """Positional columns to header names; unnamed and repeated columns are dropped."""
    keep: dict[int, str] = {}
    for i, name in enumerate(source.columns):
        if name and name not in keep.values():
            keep[i] = name
    return frame[list(keep)].rename(columns=keep)


def _csv_chunks(source: TableSource) -> Iterator[Chunk]:
    first_row = 2
    leftover = b""
    with open(source.path, "rb") as fh:
        fh.seek(source._data_start)
        eof = False
        while not eof:
            piece = fh.read(BLOCK_BYTES)
            eof = not piece
            buf = leftover + piece
            if eof:
                block, leftover = buf, b""
            else:
                cut = _last_record_end(buf)
                if cut == 0:
                    leftover = buf
                    continue
                block, leftover = buf[:cut], buf[cut:]
            if not block or block.isspace():  # (isspace stops at the first other byte)
                if block:
                    first_row += block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
                continue
            frame, problems, records = _parse_block(source, block, first_row)
            first_row += records
            frame, dropped = _drop_blank(frame)
            yield Chunk(_name_columns(source, frame), block, clean=not problems and not dropped, problems=problems)


# --------------------------------------------------------------------------- xlsx


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold (ISO dates, plain numbers, true/false)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    return str(value)


def _xlsx_chunks(source: TableSource) -> Iterator[Chunk]:
    import openpyxl

    wb = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    try:
        ws = wb[source.sheet]
        rows = ws.iter_rows(min_row=2, values_only=True)
        width = len(source.columns)
        row_no = 2
        while True:
            batch = []
            for values in rows:
                cells = [_cell_text(v) for v in values[:width]]
                batch.append(cells + [""] * (width - len(cells)))
                if len(batch) >= XLSX_CHUNK_ROWS:
                    break
            if not batch:
                return
            frame = pd.DataFrame(batch, columns=list(range(width)), index=pd.RangeIndex(row_no, row_no + len(batch)),
                                 dtype=object)
            frame.index = pd.Index(np.asarray(frame.index), name="row")
            row_no += len(batch)
            frame, _ = _drop_blank(frame)
            yield Chunk(_name_columns(source, frame))
    finally:
        wb.close()


def _open_xlsx(path: Path) -> tuple[list[TableSource], list[Problem]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError variants for garbage
        return [], [Problem(path.name, None, None, f"not an .xlsx workbook ({type(exc).__name__}: {exc})")]
    sources = []
    try:
        by_name = {s.strip().lower(): s for s in wb.sheetnames}
        for table in TABLE_ORDER:
            sheet = by_name.get(table)
            if sheet is None:
                continue
            header = next(wb[sheet].iter_rows(min_row=1, max_row=1, values_only=True), ())
            columns = [_cell_text(v).strip().lower() for v in header]
            while columns and not columns[-1]:
                columns.pop()
            sources.append(TableSource(table, path, path.name, columns, sheet=sheet, size=1))
    finally:
        wb.close()
    return sources, []


# --------------------------------------------------------------------------- entry point


def open_tables(path: Path) -> tuple[list[TableSource], list[Problem]]:
    """The tables at `path` (a folder of `<table>.csv` or one `.xlsx`), in load order, and unreadable files."""
    if path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        return _open_xlsx(path)
    if not path.is_dir():
        raise InvalidInput(f"{path}: not a folder of CSV files or an .xlsx workbook")
    files = {p.name.lower(): p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv"}
    sources: list[TableSource] = []
    problems: list[Problem] = []
    for table in TABLE_ORDER:
        file = files.get(f"{table}.csv")
        if file is None:
            continue
        try:
            sources.append(open_csv(table, file, file.name))
        except NotText as exc:
            problems.append(Problem(file.name, None, None, str(exc)))
    return sources, problems


__all__ = ["Chunk", "CsvDialect", "NotText", "TableSource", "open_csv", "open_tables"]
