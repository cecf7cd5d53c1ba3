"""`kundenakte concentration` and `kundenakte activity` (spec/analytics.md, command-line contract)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine

from kundenakte.cli import main
from tests.support import seed


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _inv(i: str, org: str, amount: float, day: str = "2026-05-01", status: str = "paid") -> dict[str, object]:
    return {"id": i, "organisation_id": org, "invoice_date": day, "amount_net": amount, "status": status}


CONC = {
    "organisations": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"},
                      {"id": "c1", "name": "C child", "parent_id": "c"}],
    "invoices": [_inv("1", "a", 50), _inv("2", "b", 30), _inv("3", "c", 12), _inv("4", "c1", 8),
                 _inv("5", "a", 999, status="cancelled"), _inv("6", "b", 500, day="2025-01-01")],
}


def test_concentration_json(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON object with n, total, hhi, band, gini, top_shares ("1".."20") and flagged, highest first."""
    seed(engine, CONC)
    assert main(["concentration", "--aspect", "customer", "--as-of", "2026-06-30", "--format", "json",
                 "--db", _url(engine)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["n"], doc["total"], doc["band"]) == (4, 100.0, "high")
    assert doc["hhi"] == pytest.approx(2500 + 900 + 144 + 64)
    assert doc["gini"] == pytest.approx((-3 * 8 - 12 + 30 + 3 * 50) / 400)
    assert doc["top_shares"] == {"1": 0.5, "5": 0.5, "10": 0.5, "20": 0.5}
    assert [(f["organisation_id"], f["metric"], f["share"]) for f in doc["flagged"]] == [
        ("a", 50.0, 0.5), ("b", 30.0, 0.3), ("c", 12.0, 0.12)]
    assert len(doc["trend"]) == 8 and doc["window"] == 365 and doc["as_of"] == "2026-06-30"


def test_concentration_by_group_and_window(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--by group adds c1 to its root c; --window 600 brings back the invoice of 2025-01-01."""
    seed(engine, CONC)
    assert main(["concentration", "--aspect", "customer", "--as-of", "2026-06-30", "--by", "group",
                 "--window", "600", "--db", _url(engine)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["by"] == "group" and doc["n"] == 3 and doc["total"] == 600.0
    assert [(f["organisation_id"], f["metric"]) for f in doc["flagged"]] == [("b", 530.0)]


def test_concentration_csv_lists_the_flagged(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--format csv writes the flagged organisations with plain numbers."""
    seed(engine, CONC)
    assert main(["concentration", "--aspect", "customer", "--as-of", "2026-06-30", "--format", "csv",
                 "--db", _url(engine)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "organisation_id,metric,share", "a,50,0.5", "b,30,0.3", "c,12,0.12"]


def test_concentration_of_suppliers_without_data(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """No incoming invoices: n 0, HHI 0, unconcentrated, nothing flagged."""
    assert main(["concentration", "--aspect", "supplier", "--db", _url(engine)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["n"], doc["hhi"], doc["band"], doc["flagged"]) == (0, 0.0, "unconcentrated", [])


def test_concentration_wrong_usage(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """A window under one day is wrong usage (exit 2); so is an unknown aspect (argparse)."""
    assert main(["concentration", "--aspect", "customer", "--window", "0", "--db", _url(engine)]) == 2
    assert "window" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["concentration", "--aspect", "prospect", "--db", _url(engine)])
    assert exc.value.code == 2


ACT = {
    "organisations": [{"id": "o1", "name": "One"}],
    "activities": [
        {"id": "a1", "kind": "call", "occurred_at": "2026-01-26T08:00:00", "agent_id": "ann",
         "organisation_id": "o1", "duration_minutes": 12.5},
        {"id": "a2", "kind": "email", "occurred_at": "2026-03-31T23:00:00", "agent_id": "ann",
         "organisation_id": "o1"},
    ],
    "time_entries": [{"id": "e1", "agent_id": "ann", "entry_date": "2026-02-02", "hours": 1.5,
                      "organisation_id": "o1"},
                     {"id": "e2", "agent_id": "bob", "entry_date": "2026-04-01", "hours": 2}],
}


def _csv(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


@pytest.mark.parametrize(("by", "period", "expected"), [
    ("agent", "quarter", [("2026-Q1", "ann", "2", "12.5", "1.5"), ("2026-Q2", "bob", "0", "0", "2")]),
    ("organisation", "month", [("2026-01", "o1", "1", "12.5", "0"), ("2026-02", "o1", "0", "0", "1.5"),
                               ("2026-03", "o1", "1", "0", "0")]),
    ("kind", "week", [("2026-W05", "call", "1", "12.5", ""), ("2026-W14", "email", "1", "0", "")]),
])
def test_activity_csv(engine: Engine, capsys: pytest.CaptureFixture[str], by: str, period: str,
                      expected: list[tuple[str, ...]]) -> None:
    """One row per group and period: period, group column, activities, minutes, hours (plain numbers)."""
    seed(engine, ACT)
    assert main(["activity", "--by", by, "--period", period, "--format", "csv", "--db", _url(engine)]) == 0
    rows = _csv(capsys.readouterr().out)
    column = {"agent": "agent_id", "organisation": "organisation_id", "kind": "kind"}[by]
    assert [(r["period"], r[column], r["activities"], r["minutes"], r["hours"]) for r in rows] == expected


def test_activity_from_until(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--from/--until bound activities and hours, both days included."""
    seed(engine, ACT)
    assert main(["activity", "--from", "2026-02-01", "--until", "2026-03-31", "--format", "csv",
                 "--db", _url(engine)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "period,agent_id,activities,minutes,hours", "2026-02,ann,0,0,1.5", "2026-03,ann,1,0,0"]


def test_activity_refuses_from_after_until(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--from after --until is wrong usage: exit 2 with a message."""
    assert main(["activity", "--from", "2026-03-01", "--until", "2026-02-01", "--db", _url(engine)]) == 2
    assert "--from" in capsys.readouterr().err


def test_a_database_that_cannot_be_reached_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing PostgreSQL database (or a refused connection) names the cause in one line, no traceback
    (spec/analytics.md, "Command line contract": exit 1 on refused input)."""
    from kundenakte.cli import main
    from tests.conftest import PG_URL

    missing = PG_URL.rsplit("/", 1)[0] + "/kundenakte_no_such_database"
    assert main(["abc", "--aspect", "customer", "--db", missing]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kundenakte abc: the database cannot be used:")
    assert "kundenakte_no_such_database" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
