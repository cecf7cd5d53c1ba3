"""Synthetic frames for the benchmarks and their bulk load: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from core.db import ensure_schema, is_postgres
from core.schema import Organisation

#: the synthetic tables of a benchmark for (organisations, invoices, as of)
Synthetic = Callable[[int, int, date], dict[str, pd.DataFrame]]
HISTORY_DAYS = 3 * 365


def synthetic_dates(rng: np.random.Generator, n: int, as_of: date, span: int) -> np.ndarray:
    """`n` days drawn evenly from the `span` days that end at `as_of`."""
    start = np.datetime64(as_of - timedelta(days=span - 1))
    return start + rng.integers(0, span, n).astype("timedelta64[D]")


class Holders(NamedTuple):
    """The synthetic organisations' ids by the relationship their rows give them."""

    customers: np.ndarray
    prospects: np.ndarray
    suppliers: np.ndarray


def split_holders(ids: np.ndarray) -> Holders:
    """The first 70 % customers, the next 15 % prospects, the rest suppliers."""
    n_cust, n_pros = int(len(ids) * 0.70), int(len(ids) * 0.15)
    return Holders(ids[:n_cust], ids[n_cust:n_cust + n_pros], ids[n_cust + n_pros:])


def invoice_frame(rng: np.random.Generator, customers: np.ndarray, n: int, as_of: date,
                  status_p: tuple[float, float, float]) -> pd.DataFrame:
    """`n` invoices over three years, a skewed volume per customer, 2 % credit notes; paid, open or cancelled
    with the probabilities `status_p`."""
    weight = rng.lognormal(0, 1.2, len(customers))
    owner = rng.choice(customers, n, p=weight / weight.sum())
    amount = np.round(rng.lognormal(6.5, 1.0, n), 2)
    amount[rng.random(n) < 0.02] *= -1
    status = rng.choice(np.array(["paid", "open", "cancelled"]), n, p=list(status_p))
    return pd.DataFrame({"id": [f"I{i:09d}" for i in range(n)], "organisation_id": owner,
                         "invoice_date": synthetic_dates(rng, n, as_of, HISTORY_DAYS), "amount_net": amount,
                         "status": status, "dunning_level": 0})


def incoming_frame(rng: np.random.Generator, suppliers: np.ndarray, n_invoices: int, as_of: date) -> pd.DataFrame:
    """A tenth as many paid incoming invoices as outgoing ones, over three years."""
    n = max(n_invoices // 10, 1)
    return pd.DataFrame({"id": [f"N{i:09d}" for i in range(n)], "organisation_id": rng.choice(suppliers, n),
                         "invoice_date": synthetic_dates(rng, n, as_of, HISTORY_DAYS),
                         "amount_net": np.round(rng.lognormal(6, 1, n), 2), "status": "paid"})


def quote_frame(rng: np.random.Generator, prospects: np.ndarray, as_of: date) -> pd.DataFrame:
    """Two open quotes per prospect (drawn at random), of the last 120 days."""
    n = 2 * len(prospects)
    return pd.DataFrame({"id": [f"Q{i:08d}" for i in range(n)], "organisation_id": rng.choice(prospects, n),
                         "quote_date": synthetic_dates(rng, n, as_of, 120),
                         "amount_net": np.round(rng.lognormal(8, 1, n), 2), "status": "open"})


def has_organisations(engine: Engine) -> bool:
    """Whether the (migrated) database holds any organisation."""
    with engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(Organisation)).scalar())


def make(engine: Engine, synthetic: Synthetic, n_orgs: int, n_invoices: int, as_of: date, *,
         then: Callable[[Engine], None] | None = None) -> None:
    """`--make`: fill an empty database with the synthetic tables, then run `then` (the maintained aggregates)."""
    ensure_schema(engine)
    if has_organisations(engine):
        raise SystemExit("--make needs an empty database")
    started = time.perf_counter()
    bulk_load(engine, synthetic(n_orgs, n_invoices, as_of))
    if then is not None:
        then(engine)
    print(f"made {n_orgs:,} organisations, {n_invoices:,} invoices in {time.perf_counter() - started:.1f} s")


def _copy_pg(engine: Engine, tables: dict[str, pd.DataFrame]) -> None:
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            cur.execute("SET session_replication_role = replica")  # skip deferred FK triggers during the bulk load
            for name, frame in tables.items():
                buf = io.StringIO()
                frame.to_csv(buf, index=False, header=False)
                with cur.copy(f"COPY {name} ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv)") as copy:
                    copy.write(buf.getvalue())
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")  # index-only scans need the visibility map


def _insert_sqlite(engine: Engine, tables: dict[str, pd.DataFrame]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for name, frame in tables.items():
            data = frame.copy()
            for col in data.columns:
                if pd.api.types.is_datetime64_any_dtype(data[col]):
                    data[col] = data[col].dt.strftime("%Y-%m-%d")
                elif data[col].dtype == object and len(data) and isinstance(data[col].iloc[0], date):
                    data[col] = data[col].astype(str)
            rows = list(data.astype(object).where(data.notna(), None).itertuples(index=False, name=None))
            marks = ", ".join("?" * len(data.columns))
            cur.executemany(f"INSERT INTO {name} ({', '.join(data.columns)}) VALUES ({marks})", rows)
        raw.commit()
        cur.execute("ANALYZE")
    finally:
        raw.close()


def bulk_load(engine: Engine, tables: dict[str, pd.DataFrame]) -> None:
    """Insert every frame into its table (column names = table columns), then refresh statistics."""
    (_copy_pg if is_postgres(engine) else _insert_sqlite)(engine, tables)
