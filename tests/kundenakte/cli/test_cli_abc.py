"""`kundenakte abc` and `kundenakte relationships` (spec/analytics.md, command-line contract)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import Engine

from kundenakte.cli import main
from services.commands.account_numbers import assign_account_numbers
from tests.analytics.abc.rows import invoice, org, quote
from tests.support import seed


def url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def company(engine: Engine) -> Engine:
    seed(engine, {
        "organisations": [org(x) for x in ("a", "b", "c", "d", "e", "quiet", "pros")],
        "invoices": [invoice(f"i{x}", x, "2025-05-01", m) for x, m in
                     zip("abcde", (500, 400, 300, 200, 100.5), strict=True)]
        + [invoice("iq", "quiet", "2023-01-01", 9)],
        "quotes": [quote("q1", "pros", "2025-06-01", 1234.5)],
    })
    return engine


def test_abc_csv(company: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI abc: every customer at the date with organisation_id, class (empty without movement), metric."""
    code, out, _ = run(capsys, "abc", "--aspect", "customer", "--as-of", "2025-06-30", "--format", "csv",
                       "--db", url(company))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["organisation_id", "name", "class", "metric", "rank", "n"]
    got = {r["organisation_id"]: (r["class"], r["metric"], r["rank"], r["n"]) for r in rows}
    assert got == {"a": ("A", "500", "1", "5"), "b": ("B", "400", "2", "5"), "c": ("B", "300", "3", "5"),
                   "d": ("B", "200", "4", "5"), "e": ("C", "100.5", "5", "5"), "quiet": ("", "", "", "5")}


def test_abc_json_and_model(company: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI abc: --format json is a list of objects with the same keys; --model picks the rating model."""
    code, out, _ = run(capsys, "abc", "--aspect", "prospect", "--model", "quotes", "--as-of", "2025-06-30",
                       "--format", "json", "--db", url(company))
    assert code == 0
    assert json.loads(out) == [{"organisation_id": "pros", "name": "Org pros", "class": "A", "metric": 1234.5,
                                "rank": 1, "n": 1}]


def test_abc_unknown_model_is_wrong_usage(company: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI abc: a model the aspect does not have exits 2 with a message."""
    code, out, err = run(capsys, "abc", "--aspect", "supplier", "--model", "quotes", "--format", "csv",
                         "--db", url(company))
    assert code == 2 and out == ""
    assert "unknown model 'quotes'" in err


def test_relationships_csv_with_numbers_as_of(company: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI relationships: one row per organisation, true/false roles, numbers empty before they were valid."""
    with company.begin() as conn:
        assign_account_numbers(conn, date(2025, 6, 30))
    code, out, _ = run(capsys, "relationships", "--as-of", "2024-06-30", "--format", "csv", "--db", url(company))
    assert code == 0
    rows = {r["organisation_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert list(next(iter(rows.values()))) == ["organisation_id", "prospect", "customer", "supplier",
                                                "customer_number", "supplier_number"]
    assert len(rows) == 7
    assert rows["quiet"] == {"organisation_id": "quiet", "prospect": "false", "customer": "true",
                             "supplier": "false", "customer_number": "100000", "supplier_number": ""}
    assert (rows["a"]["customer"], rows["a"]["customer_number"]) == ("false", "")
    code, out, _ = run(capsys, "relationships", "--as-of", "2025-06-30", "--format", "csv", "--db", url(company))
    rows = {r["organisation_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["a"]["customer_number"] == "100001" and rows["pros"]["prospect"] == "true"
