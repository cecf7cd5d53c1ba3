"""Checks in Arrow (etl.plain_check) pass only what etl.validate passes unchanged (spec/interchange.md,
"Tables", "Bad input"): a chunk they let through is loaded as written, so they may refuse more, never less."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.plain_check import column_passes, strictly_increasing
from etl.sources.tables import open_tables
from etl.tables import TABLES, Column
from etl.validate import ProblemLog, TableCheck, check_values

COLUMNS = [
    Column("name", "text", required=True, max_length=6),
    Column("note", "text", max_length=6),
    Column("level", "int", low=0, high=3, default="0", nullable=False),
    Column("count", "int", low=-(2**15), high=2**15 - 1),
    Column("amount", "number"),
    Column("rating", "number", low=1, high=5),
    Column("day", "date", required=True),
    Column("paid", "date"),
    Column("status", "enum", values=("open", "paid", "cancelled")),
    Column("active", "bool"),
]

ODD_CELLS = st.one_of(
    st.sampled_from(["", " ", "  x", "open ", "nan", "inf", "-Infinity", " 5", "12.0", "1,5", "1.234,5", "٣",
                     "2026-1-05", "2026-02-30", "Größe", "a\tb"]),
    st.text(max_size=8),
)
KIND_CELLS = {
    "text": st.text(max_size=8),
    "int": st.from_regex(r"[+-]?[0-9]{1,6}(\.0)?", fullmatch=True),
    "number": st.from_regex(r"[+-]?[0-9]{0,5}(\.[0-9]{0,2})?([eE][+-]?[0-9])?", fullmatch=True),
    "date": st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(1890, 2210), st.integers(0, 13),
                      st.integers(0, 32)),
    "enum": st.sampled_from(["open", "paid", "cancelled", "Paid", "sent", ""]),
    "bool": st.sampled_from(["true", "false", "TRUE", "1", "0", "yes", "no", "ja", "nein", "t", ""]),
}


@st.composite
def column_and_cells(draw: st.DrawFn) -> tuple[Column, list[str]]:
    """A column and cells mostly of its kind, now and then an odd one."""
    col = draw(st.sampled_from(COLUMNS))
    kind = KIND_CELLS[col.kind]
    return col, draw(st.lists(st.one_of(kind, kind, kind, ODD_CELLS), min_size=1, max_size=6))


@settings(max_examples=600, deadline=None)
@given(case=column_and_cells(), german=st.booleans())
def test_a_column_passing_in_arrow_passes_etl_validate_unchanged(case: tuple[Column, list[str]],
                                                                 german: bool) -> None:
    """Tables: whatever column_passes accepts, check_values accepts without a problem and without rewriting."""
    col, cells = case
    cells = [c for c in cells if "\x00" not in c and "\r" not in c and "\n" not in c]
    if not cells or not column_passes(col, pa.array(cells, pa.string())):
        return
    distinct = pd.Series(pd.unique(np.array(cells, dtype=object)), dtype=object)
    _norm, faults, same = check_values(col, distinct, german)
    assert same, (col.name, cells)
    assert not [f.key for f in faults if f.mask.any()], (col.name, cells)


def test_plain_values_pass_and_problems_fall_back() -> None:
    """Tables: plain values pass in Arrow; a value to report or rewrite sends the chunk to etl.validate."""
    by_name = {c.name: c for c in COLUMNS}
    assert column_passes(by_name["day"], pa.array(["2026-01-31", "1999-12-01"]))
    assert not column_passes(by_name["day"], pa.array(["2026-02-30"]))  # impossible (pyarrow makes it March 2)
    assert not column_passes(by_name["day"], pa.array(["2023-02-29", "2026-04-31"]))
    assert column_passes(by_name["day"], pa.array(["2024-02-29"]))
    assert not column_passes(by_name["day"], pa.array(["2026-01-05", ""]))  # required and empty
    assert column_passes(by_name["paid"], pa.array(["2026-01-05", ""]))  # empty: null
    assert not column_passes(by_name["level"], pa.array(["1", ""]))  # the default would fill it: rewritten
    assert not column_passes(by_name["level"], pa.array(["4"]))  # out of range
    assert not column_passes(by_name["status"], pa.array(["Paid"]))  # lower-cased there: rewritten
    assert column_passes(by_name["active"], pa.array(["TRUE", "no", ""]))  # PostgreSQL reads them as written
    assert not column_passes(by_name["note"], pa.array(["   "]))  # blanks are stored as empty
    assert not column_passes(by_name["name"], pa.array(["seven77"]))  # too long


def test_ids_in_file_order() -> None:
    assert strictly_increasing(pa.array(["A1", "A2", "B"])) and strictly_increasing(pa.array(["x"]))
    assert not strictly_increasing(pa.array(["A1", "A1"])) and not strictly_increasing(pa.array(["B", "A"]))
    assert strictly_increasing(pa.array(["Z", "Ä", "Ö"])) == ("Z" < "Ä" < "Ö")  # code point order, as Python


@pytest.mark.parametrize("bad", [False, True])
def test_a_table_checked_in_arrow_gives_what_etl_validate_gives(tmp_path: Path, bad: bool) -> None:
    """Bad input: the same problems and the same references and ids, whichever way the chunks were checked."""
    rows = [f"I{i:03d},O{i % 7},2026-01-{1 + i % 28:02d},{i}.50,{'paid' if i % 5 else 'open'},{i % 3}"
            for i in range(200)]
    if bad:
        rows[50] = "I050,O1,2026-02-30,12.50,paid,0"
        rows[120] = "I119,O1,2026-01-02,12.50,Sent,0"  # row 122: the id of row 121 again, an unknown status
    (tmp_path / "invoices.csv").write_text("id,organisation_id,invoice_date,amount_net,status,dunning_level\n"
                                           + "\n".join(rows) + "\n")
    results = []
    for raw_only in (True, False):
        (source,), _ = open_tables(tmp_path)
        log = ProblemLog()
        check = TableCheck(TABLES["invoices"], source, log, raw_only=raw_only)
        chunks = [check.check(chunk) for chunk in source.chunks()]
        check.finish()
        refs = sorted(v for _, codes, norm in check._refs["organisation_id"] for v in norm.to_numpy()[codes])
        results.append(([(p.row, p.column, p.message) for p in log.problems()], refs, list(check.ids),
                        [c.raw_loadable for c in chunks]))
    assert results[0] == results[1]
    problems = results[0][0]
    assert bool(problems) == bad
    if bad:
        assert [(row, column) for row, column, _ in problems] == [(52, "invoice_date"), (122, "id"), (122, "status")]
