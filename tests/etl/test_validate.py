"""Checks and normalisation of interchange values (spec/interchange.md, "Tables", "Bad input")."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Problem
from etl.tables import TABLES
from etl.validate import ProblemLog, check_values


def _check(table: str, column: str, values: list[str], german: bool = False) -> tuple[list[object], dict[str, list]]:
    col = TABLES[table].by_name[column]
    norm, faults, _ = check_values(col, pd.Series(values, dtype=object), german)
    failed = {f.key: [v for v, bad in zip(values, f.mask, strict=True) if bad] for f in faults if f.mask.any()}
    return [None if pd.isna(v) else v for v in norm.tolist()], failed


def test_numbers_plain_and_german() -> None:
    """Containers: a ;-separated file may use decimal commas (1.234,56); a ,-file may not."""
    norm, failed = _check("invoices", "amount_net", ["12.5", "-3", "1.234,56", "0,5", "", "1.234.567"], german=True)
    assert norm == ["12.5", "-3", "1234.56", "0.5", None, "1234567"]
    assert "required value is empty" in failed
    _, failed = _check("invoices", "amount_net", ["1,5", "abc", "1e3"])
    assert failed == {"not a number": ["1,5", "abc"]}


def test_money_out_of_range() -> None:
    """Tables: money fits Numeric(14,2); a larger amount is refused on both databases alike."""
    _, failed = _check("invoices", "amount_gross", ["999999999999.99", "1000000000000"])
    assert failed == {"out of range": ["1000000000000"]}


def test_ratings_between_one_and_five() -> None:
    """Tables: supplier ratings are 1 = poor to 5 = excellent."""
    _, failed = _check("supplier_ratings", "quality", ["1", "5", "0", "6", "4.5"])
    assert failed == {"out of range": ["0", "6"]}


def test_dates_iso_german_and_impossible() -> None:
    """Containers: ISO dates; DD.MM.YYYY only in ;-files; 2026-02-30 is an impossible date."""
    norm, failed = _check("invoices", "due_date", ["2026-03-01", "01.03.2026", "2026-02-30", "1.3.26", "2026-3-1"],
                          german=True)
    assert norm[:2] == ["2026-03-01", "2026-03-01"]
    assert failed == {"impossible date": ["2026-02-30"], "not a date": ["1.3.26", "2026-3-1"]}
    _, failed = _check("invoices", "due_date", ["01.03.2026"])
    assert failed == {"not a date": ["01.03.2026"]}


def test_timestamps_naive_aware_and_german() -> None:
    """Containers: ISO 8601 timestamps (naive = Europe/Berlin); offsets convert to Berlin time."""
    values = ["2026-03-01T14:30", "2026-03-01 14:30:05", "2026-07-01T12:00:00Z", "01.03.2026 14:30", "01.03.2026",
              "2026-02-30T10:00", "yesterday"]
    norm, failed = _check("tickets", "opened_at", values, german=True)
    assert norm[:5] == ["2026-03-01T14:30", "2026-03-01 14:30:05", "2026-07-01T14:00:00", "2026-03-01T14:30:00",
                        "2026-03-01T00:00:00"]
    assert failed == {"impossible timestamp": ["2026-02-30T10:00"], "not a timestamp": ["yesterday"]}


def test_booleans_in_four_spellings() -> None:
    """Containers: booleans true/false, 1/0, ja/nein, yes/no; empty = the schema default."""
    norm, failed = _check("organisations", "vip", ["true", "0", "JA", "nein", "Yes", "no", "", "maybe"])
    assert norm == ["true", "0", "true", "false", "Yes", "no", "false", None]
    assert failed == {"not a boolean": ["maybe"]}


def test_enums_and_role_sets() -> None:
    """Tables: statuses, kinds, direction, relationship_mode, importance and fixed_roles are closed lists."""
    _, failed = _check("activities", "kind", ["call", "Email", "fax"])
    assert failed == {"unknown value": ["fax"]}
    _, failed = _check("activities", "importance", ["low", "urgent"])
    assert failed == {"unknown value": ["urgent"]}
    norm, failed = _check("organisations", "fixed_roles", ["customer;Supplier", "customer;partner", ""])
    assert norm[0] == "customer;supplier" and failed == {"unknown value": ["customer;partner"]}
    norm, _ = _check("organisations", "relationship_mode", ["", "FIXED"])
    assert norm == ["auto", "fixed"]


def test_text_kept_as_written_and_length_checked() -> None:
    """Containers: text stays text; Tables: ids longer than the schema allows are refused."""
    norm, failed = _check("organisations", "postcode", ["05021", "  ", ""])
    assert norm == ["05021", None, None] and failed == {}
    _, failed = _check("invoices", "id", ["x" * 64, "y" * 65])
    assert failed == {"too long": ["y" * 65]}


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=70), min_size=1, max_size=20, unique=True))
def test_length_counts_characters(values: list[str]) -> None:
    """Tables: a value longer than the schema allows is refused, counting characters (umlauts, emoji) not bytes."""
    _, failed = _check("invoices", "id", values)
    assert failed.get("too long", []) == [v for v in values if v.strip() and len(v) > 64]


def test_problem_log_summarises_after_the_limit() -> None:
    """Bad input: every problem is reported; a check failing on very many rows lists some and counts the rest."""

    class Where:
        file, sheet = "invoices.csv", None

    log = ProblemLog(limit=3)
    log.add_rows(Where(), "status", np.arange(2, 12), ["x"] * 10, "unknown value", lambda v: f"bad {v}")
    log.add(Problem("agents.csv", 2, "name", "required value is empty"))
    problems = log.problems()
    assert len(log) == 11
    assert [p.row for p in problems if p.file == "invoices.csv"] == [2, 3, 4, None]
    assert "7 more rows" in problems[3].message
