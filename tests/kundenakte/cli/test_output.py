"""The bulk writers of --format csv|json|table write what formatting value by value writes, byte for byte.

The reference is the per-value way the command line wrote before (issue 22, bulk output): each cell
through `csv_value` / `json_value`, rows through csv.writer and json.dump.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from core.frames import TEXT
from kundenakte.cli import main, output
from kundenakte.cli.document import csv_value, json_value
from kundenakte.cli.output import write_frame, write_rows
from tests.analytics.abc.rows import invoice, org
from tests.support import seed

FORMATS = ("csv", "json", "table")


def reference(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Records written one value at a time (the writers before issue 22)."""
    out = io.StringIO()
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([csv_value(r.get(c)) for c in columns])
    elif fmt == "json":
        json.dump([{c: json_value(r.get(c)) for c in columns} for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        cells = [[csv_value(r.get(c)) for c in columns] for r in rows]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
        out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")
    return out.getvalue()


def reference_frame(frame: pd.DataFrame, fmt: str, columns: Sequence[str] | None = None) -> str:
    cols = list(columns) if columns is not None else [str(c) for c in frame.columns]
    return reference(frame.astype(object).where(frame.notna(), None).to_dict("records"), cols, fmt)


def written(frame: pd.DataFrame, fmt: str, columns: Sequence[str] | None = None) -> str:
    out = io.StringIO()
    write_frame(frame, fmt, columns, out)
    return out.getvalue()


#: text that needs CSV quoting or JSON escapes, non-ASCII, whitespace Python's rstrip knows
AWKWARD = ["", " ", "plain", "a,b", 'say "hi"', "line\nbreak", "cr\rlf", "tab\tend", "back\\slash", "nul\x00",
           "\x1f", "\x7f", "Grüße €", "𝄞", "\u2028", "trail  ", "\xa0", "\x85"]
FLOATS = [0.0, -0.0, 1.0, 100.5, 1319261.3899999999, 0.1 + 0.2, 1e15, 1e16, 123456789012345678.0, 1e-5, 1e-7,
          5e-324, -2.5e-12, 1.7976931348623157e308, float("inf"), float("-inf"), float("nan")]


def edge_frame() -> pd.DataFrame:
    n = len(AWKWARD)
    floats = (FLOATS * 2)[:n]
    return pd.DataFrame({
        "text": pd.Series(AWKWARD, dtype="str"),
        "text_python": pd.Series([None if i % 5 == 0 else t for i, t in enumerate(AWKWARD)], dtype=TEXT),
        "text_object": pd.Series([None if i % 4 == 0 else t for i, t in enumerate(AWKWARD)], dtype=object),
        "float": floats,
        "Float64": pd.array([None if i % 3 == 0 else f for i, f in enumerate(floats)], dtype="Float64"),
        "int": np.arange(n) * 10**12 - 3,
        "Int64": pd.array([None if i % 3 == 0 else i for i in range(n)], dtype="Int64"),
        "bool": [i % 2 == 0 for i in range(n)],
        "boolean": pd.array([None if i % 3 == 0 else i % 2 == 0 for i in range(n)], dtype="boolean"),
        "at": pd.Series([pd.NaT if i % 4 == 0 else pd.Timestamp(1969, 12, 31, 23, 59, 59, 999999) + pd.Timedelta(days=i)
                         for i in range(n)], dtype="datetime64[us]"),
        "dates": pd.Series([None if i % 4 == 0 else date(1999, 1, 1 + i) for i in range(n)], dtype=object),
        "datetimes": pd.Series([None if i % 4 == 1 else datetime(2026, 3, 1, 8, i, 5, 250) for i in range(n)],
                               dtype=object),
        "ints_none": pd.Series([None if i % 2 else i for i in range(n)], dtype=object),
        "decimals": pd.Series([None if i % 3 == 0 else Decimal(f"{i}.50") for i in range(n)], dtype=object),
        "mixed": pd.Series([[1, "a", 2.5, None, date(2020, 1, 1), True][i % 6] for i in range(n)], dtype=object),
        "dates_and_times": pd.Series([date(2020, 1, 2) if i % 2 else datetime(2020, 1, 2, 3) for i in range(n)],
                                     dtype=object),
        "category": pd.Categorical([["x", "y,z", None][i % 3] for i in range(n)]),
        "empty": pd.Series([None] * n, dtype=object),
    })


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_kind_of_column_as_before(fmt: str) -> None:
    """Each dtype the reports produce (and a few they don't), awkward text and floats: byte for byte."""
    frame = edge_frame()
    if fmt == "json":  # the per-value JSON refused Decimal: test_decimals_as_their_text_in_csv_and_as_numbers_in_json
        frame = frame.drop(columns="decimals")
    for column in frame.columns:
        assert written(frame[[column]], fmt) == reference_frame(frame[[column]], fmt), column
    assert written(frame, fmt) == reference_frame(frame, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_named_columns_empty_frames_and_rows(fmt: str) -> None:
    """A column the frame lacks is empty; no rows still writes the header; records keep whole numbers whole."""
    frame = edge_frame()
    named = ["float", "missing", "text"]
    assert written(frame, fmt, named) == reference_frame(frame, fmt, named)
    assert written(frame.iloc[:0], fmt) == reference_frame(frame.iloc[:0], fmt)
    rows = [{"id": 1, "at": datetime(2026, 1, 2, 3, 4, 5), "who": None}, {"id": 2, "at": None, "who": "cli"}]
    out = io.StringIO()
    write_rows(rows, ["id", "at", "who", "gone"], fmt, out)
    assert out.getvalue() == reference(rows, ["id", "at", "who", "gone"], fmt)
    out = io.StringIO()
    write_rows([], ["id"], fmt, out)
    assert out.getvalue() == reference([], ["id"], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_rows_joined_a_chunk_at_a_time_as_one(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines are joined and written a chunk of rows at a time: the chunks' edges add and lose nothing."""
    monkeypatch.setattr(output, "CHUNK_ROWS", 3)
    frame = edge_frame().drop(columns="decimals") if fmt == "json" else edge_frame()
    for n in (1, 2, 3, 4, 6, 7, len(frame)):
        assert written(frame.iloc[:n], fmt) == reference_frame(frame.iloc[:n], fmt), n
        assert written(frame.iloc[:n, :1], fmt) == reference_frame(frame.iloc[:n, :1], fmt), n


@pytest.mark.parametrize("fmt", FORMATS)
def test_rows_of_no_columns(fmt: str) -> None:
    """Records without a named column: one empty row (or object) each, as the per-value writers wrote them."""
    out = io.StringIO()
    write_rows([{"id": 1}] * 4, [], fmt, out)
    assert out.getvalue() == reference([{"id": 1}] * 4, [], fmt)


def test_csv_quotes_where_the_csv_module_quotes() -> None:
    """Minimal quoting as csv.writer does it: a comma, a quote or a line feed; a lone empty field as \"\"."""
    frame = pd.DataFrame({"t": pd.Series(["", None, "\r", "a\rb", "x,y", '"', "\n", " lead", "trail ", "plain"],
                                         dtype=object)})
    assert written(frame, "csv") == 't\n""\n""\n\r\na\rb\n"x,y"\n""""\n"\n"\n lead\ntrail \nplain\n'
    assert written(frame, "csv") == reference_frame(frame, "csv")
    frame["u"] = ""
    assert written(frame, "csv").splitlines()[1:3] == [",", ","]


def test_decimals_as_their_text_in_csv_and_as_numbers_in_json() -> None:
    """str(Decimal) in CSV, as before; in JSON a number (the per-value JSON refused Decimal altogether)."""
    frame = pd.DataFrame({"d": pd.Series([Decimal("1.50"), None, Decimal("1E+3")], dtype=object)})
    assert written(frame, "csv") == 'd\n1.50\n""\n1E+3\n'
    assert json.loads(written(frame, "json")) == [{"d": 1.5}, {"d": None}, {"d": 1000.0}]


cell = st.one_of(st.none(), st.text(max_size=6), st.floats(allow_nan=True, allow_infinity=True),
                 st.integers(-(2**62), 2**62), st.booleans(),
                 st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
                 st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cell, st.text(max_size=8), st.floats(), st.integers(-(2**40), 2**40)), max_size=12),
       st.sampled_from(FORMATS))
def test_random_records_as_before(rows: list[tuple[Any, str, float, int]], fmt: str) -> None:
    """Records of any values (mixed columns included), and the same as typed frames: byte for byte."""
    records = [{"any": a, "text": t, "float": f, "int": i} for a, t, f, i in rows]
    out = io.StringIO()
    write_rows(records, ["any", "text", "float", "int"], fmt, out)
    assert out.getvalue() == reference(records, ["any", "text", "float", "int"], fmt)
    frame = pd.DataFrame({"text": pd.Series([r["text"] for r in records], dtype="str"),
                          "float": pd.Series([r["float"] for r in records], dtype="float64"),
                          "int": pd.Series([r["int"] for r in records], dtype="int64")})
    assert written(frame, fmt) == reference_frame(frame, fmt)


@pytest.fixture
def company(engine: Engine) -> str:
    seed(engine, {
        "organisations": [org(x) for x in ("a", "b", "c", "d", "e", "quiet")]
        + [{**org("q,uote"), "name": 'Müller "Bau", GmbH'}],
        "invoices": [invoice(f"i{x}", x, "2025-05-01", m) for x, m in
                     zip(["a", "b", "c", "d", "e", "q,uote"], (500, 400, 300, 200, 100.5, 0.1 + 0.2), strict=True)]
        + [invoice("iq", "quiet", "2023-01-01", 9)],
    })
    return engine.url.render_as_string(hide_password=False)


ABC_CSV = """organisation_id,name,class,metric,rank,n
a,Org a,A,500,1,6
b,Org b,A,400,2,6
c,Org c,B,300,3,6
d,Org d,B,200,4,6
e,Org e,B,100.5,5,6
"q,uote","Müller ""Bau"", GmbH",C,0.3,6,6
quiet,Org quiet,,,,6
"""

ABC_TABLE = """organisation_id  name                class  metric  rank  n
---------------  ------------------  -----  ------  ----  -
a                Org a               A      500     1     6
b                Org b               A      400     2     6
c                Org c               B      300     3     6
d                Org d               B      200     4     6
e                Org e               B      100.5   5     6
q,uote           Müller "Bau", GmbH  C      0.3     6     6
quiet            Org quiet                                6
"""


def test_abc_output_of_a_company(company: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`kundenakte abc` as csv, table and json: the whole text, quoting and the 15-digit metric included."""
    outputs = {}
    for fmt in FORMATS:
        assert main(["abc", "--aspect", "customer", "--as-of", "2025-06-30", "--format", fmt, "--db", company]) == 0
        outputs[fmt] = capsys.readouterr().out
    assert outputs["csv"] == ABC_CSV
    assert outputs["table"] == ABC_TABLE
    assert outputs["json"].startswith('[\n  {\n    "organisation_id": "a",\n    "name": "Org a",\n')
    assert json.loads(outputs["json"])[5] == {"organisation_id": "q,uote", "name": 'Müller "Bau", GmbH',
                                              "class": "C", "metric": 0.3, "rank": 6, "n": 6}
    records = json.loads(outputs["json"])
    assert outputs["json"] == reference(records, list(records[0]), "json")
