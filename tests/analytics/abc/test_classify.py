"""Rank and cut (spec/analytics.md, "ABC classification": rank = 1 + strictly higher, A if q < 0.20, B if q < 0.80)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from analytics.abc import class_limits, classification, cut, letter
from core.businessconfig import AbcConfig, BusinessConfig, save_config
from core.errors import InvalidInput
from tests.analytics.abc.rows import invoice, org, worked_example
from tests.support import seed

D = date(2025, 6, 30)


def frame(metrics: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame({"organisation_id": [f"o{i}" for i in range(len(metrics))],
                         "metric": metrics, "movement": [m is not None for m in metrics]})


def letters(metrics: list[float | None], **shares: float) -> list[str | None]:
    out = cut(frame(metrics), **shares).set_index("organisation_id")
    return [None if pd.isna(v) else v for v in out.loc[[f"o{i}" for i in range(len(metrics))], "class"]]


def test_worked_example_500_to_100() -> None:
    """ABC: five customers with 500, 400, 300, 200, 100 are A, B, B, B, C."""
    assert letters([500, 400, 300, 200, 100]) == ["A", "B", "B", "B", "C"]


@pytest.mark.parametrize(("metrics", "expected"), [
    ([500, 500, 300, 200, 100], ["A", "A", "B", "B", "C"]),
    ([500, 400, 300, 200, 200], ["A", "B", "B", "B", "B"]),
    ([100, 100, 100, 100, 100], ["A", "A", "A", "A", "A"]),
])
def test_ties_share_the_best_rank_and_take_the_better_letter(metrics: list[float], expected: list[str]) -> None:
    """ABC: equal metrics share the best rank among them; ties on a boundary take the better letter."""
    assert letters(metrics) == expected


def test_no_movement_means_no_letter_and_no_metric() -> None:
    """ABC: those without movement keep the relationship and get no letter; n counts the ranked only."""
    out = cut(frame([300, None, 100]))
    row = out.set_index("organisation_id").loc["o1"]
    assert pd.isna(row["class"]) and pd.isna(row["metric"]) and pd.isna(row["rank"])
    assert list(out["n"]) == [2, 2, 2]
    assert letters([300, None, 100]) == ["A", None, "B"]


def test_shares_are_exact_at_the_boundaries() -> None:
    """ABC: q = (r-1)/n against 0.20 and 0.80 exactly (with n = 10, rank 9 is the first C, not a B)."""
    assert class_limits(10) == (2, 8)
    assert [letter(r, 10) for r in (2, 3, 8, 9)] == ["A", "B", "B", "C"]
    assert class_limits(5, 0.1, 0.5) == (1, 3)


def test_configured_shares_change_the_cut() -> None:
    """ABC: the shares 20/60/20 are configurable."""
    assert letters([500, 400, 300, 200, 100], a_share=0.4, b_share=0.2) == ["A", "A", "B", "C", "C"]


def test_classification_in_the_database_on_the_worked_example(engine: Engine) -> None:
    """ABC: the worked example through the database, with a customer without movement listed without letter."""
    rows = worked_example()
    rows["organisations"].append({**org("quiet"), "key_account_manager_id": None})
    rows["invoices"].append(invoice("iq", "quiet", "2023-01-01", 9))
    seed(engine, rows)
    with engine.connect() as conn:
        out = classification(conn, "customer", D).set_index("organisation_id")
    assert out["class"].fillna("").to_dict() == {"a": "A", "b": "B", "c": "B", "d": "B", "e": "C", "quiet": ""}
    assert out.loc["a", "metric"] == 500 and pd.isna(out.loc["quiet", "metric"])
    assert list(out["n"].unique()) == [5]


def test_configured_window_and_model_come_from_business_config(engine: Engine) -> None:
    """ABC: models, windows and shares are configurable (BusinessConfig in the database)."""
    seed(engine, {
        "organisations": [org("a"), org("b")],
        "invoices": [invoice("i1", "a", "2025-06-01", 100), invoice("i2", "b", "2025-06-29", 50)],
    })
    with engine.begin() as conn:
        save_config(conn, BusinessConfig(abc=AbcConfig(windows={"invoices": 10})))
    with engine.connect() as conn:
        out = classification(conn, "customer", D).set_index("organisation_id")
    assert out["class"].fillna("").to_dict() == {"a": "", "b": "A"}


def test_unknown_model_is_invalid_input(engine: Engine) -> None:
    """ABC: a model the aspect does not have is refused (CLI exit 2)."""
    with engine.connect() as conn, pytest.raises(InvalidInput, match="unknown model 'ratings'"):
        classification(conn, "customer", D, "ratings")
