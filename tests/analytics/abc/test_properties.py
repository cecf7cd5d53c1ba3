"""Properties of the ABC cut and agreement of the SQL path with a plain-pandas reference.

spec/analytics.md, "ABC classification": rank = 1 + strictly higher metrics, q = (r-1)/n, A < 0.20 <= B < 0.80 <= C.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete
from sqlalchemy.pool import StaticPool

from analytics.abc import cut
from core.schema import Invoice, Organisation, OrganisationDomain, metadata
from tests.analytics.abc.rows import classified, invoice, org
from tests.support import seed

D = date(2025, 6, 30)
ORDER = {"A": 0, "B": 1, "C": 2}
metrics = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=60)


def frame(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame({"organisation_id": [f"o{i:03d}" for i in range(len(values))], "metric": values,
                         "movement": [v is not None for v in values]})


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-10**9, max_value=10**9), min_size=1, max_size=200, unique=True))
def test_without_ties_the_counts_are_20_60_20(values: list[int]) -> None:
    """ABC property: without ties the numbers of A, B and C differ from 20/60/20 % of n by less than one each."""
    out = cut(frame([float(v) for v in values]), decimals=0)
    n = len(values)
    counts = out["class"].value_counts()
    for name, share in (("A", 0.2), ("B", 0.6), ("C", 0.2)):
        assert abs(int(counts.get(name, 0)) - share * n) < 1


@settings(max_examples=100, deadline=None)
@given(metrics, st.lists(st.booleans(), min_size=60, max_size=60))
def test_letters_are_monotone_and_no_movement_is_never_lettered(values: list[float], moving: list[bool]) -> None:
    """ABC property: a higher metric never gets a worse letter; an organisation without movement never a letter."""
    data = [v if m else None for v, m in zip(values, moving, strict=False)]
    out = cut(frame(data), decimals=6)
    lettered = out.loc[out["movement"]]
    assert out.loc[~out["movement"], "class"].isna().all()
    assert lettered["class"].notna().all()
    pairs = lettered[["metric", "class"]].to_numpy()
    for m1, c1 in pairs:
        for m2, c2 in pairs:
            if m1 > m2:
                assert ORDER[c1] <= ORDER[c2]


def reference(tables: dict[str, list[dict]], as_of: date) -> dict[str, tuple[str, float | None]]:
    """The customer/invoices classification computed from the raw rows in plain pandas."""
    inv = pd.DataFrame(tables["invoices"])
    inv["invoice_date"] = pd.to_datetime(inv["invoice_date"]).dt.date
    valid = inv.loc[inv["status"] != "cancelled"]
    customers = set(valid.loc[valid["invoice_date"] <= as_of, "organisation_id"])
    first = as_of - timedelta(days=364)
    window = valid.loc[(valid["invoice_date"] >= first) & (valid["invoice_date"] <= as_of)]
    sums = window.groupby("organisation_id")["amount_net"].sum().round(2)
    n = len(sums)
    out: dict[str, tuple[str, float | None]] = {}
    for oid in customers:
        if oid not in sums.index:
            out[oid] = ("", None)
            continue
        r = 1 + int((sums > sums[oid]).sum())
        q = Fraction(r - 1, n)
        out[oid] = ("A" if q < Fraction(1, 5) else "B" if q < Fraction(4, 5) else "C", float(sums[oid]))
    return out


def via_sql(engine: Engine, as_of: date) -> dict[str, tuple[str, float | None]]:
    """The customer/invoices classification through the database."""
    return classified(engine, "customer", as_of, "invoices")


def random_company(rng: np.random.Generator, n_orgs: int, n_invoices: int) -> dict[str, list[dict]]:
    orgs = [org(f"o{i:03d}") for i in range(n_orgs)]
    rows = []
    for i in range(n_invoices):
        day = D + timedelta(days=int(rng.integers(-420, 20)))
        amount = float(rng.choice([-100.0, 50.0, 100.0, 100.0, 250.5, 999.99, 1000.0]))
        status = str(rng.choice(["paid", "open", "cancelled"], p=[0.6, 0.3, 0.1]))
        rows.append(invoice(f"i{i}", f"o{int(rng.integers(0, n_orgs)):03d}", day.isoformat(), amount, status))
    return {"organisations": orgs, "invoices": rows}


def memory_engine() -> Engine:
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    metadata.create_all(engine)
    return engine


def test_sql_path_agrees_with_pandas_reference_on_random_data() -> None:
    """ABC property: the one-query SQL path and a plain-pandas reference agree (SQLite in memory, random data)."""
    engine = memory_engine()

    @settings(max_examples=25, deadline=None)
    @given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(1, 30), st.integers(1, 120))
    def check(seed_value: int, n_orgs: int, n_invoices: int) -> None:
        with engine.begin() as conn:
            for table in (Invoice, OrganisationDomain, Organisation):
                conn.execute(delete(table))
        tables = random_company(np.random.default_rng(seed_value), n_orgs, n_invoices)
        seed(engine, tables)
        assert via_sql(engine, D) == reference(tables, D)

    try:
        check()
    finally:
        engine.dispose()


def test_sql_path_agrees_with_pandas_reference_fixed_case(engine: Engine) -> None:
    """ABC: one fixed random company gives the reference classes on SQLite and PostgreSQL."""
    tables = random_company(np.random.default_rng(20250630), 60, 600)
    seed(engine, tables)
    expected = reference(tables, D)
    assert {c for c, _ in expected.values()} >= {"A", "B", "C"}
    assert via_sql(engine, D) == expected
