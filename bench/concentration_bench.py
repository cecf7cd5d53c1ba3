"""Benchmark: our concentration figures against the bare aggregate query they rest on.

Fills a throw-away database with synthetic invoices (numpy, COPY on PostgreSQL,
executemany on SQLite), then times, best of `--repeat`:

* `bare`: the per-organisation aggregate alone (executed and fetched);
* `figures`: `analytics.concentration.metrics` + `figures` + `pareto` at D (what one as-of figure costs);
* `report`: the whole `report` with the eight-quarter trend (nine aggregates);

and prints the ratios figures / bare and report / bare. Usage:

    python bench/concentration_bench.py --rows 1000000 --orgs 20000 [--sqlite] [--keep]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd
from loaders import bulk_load
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from analytics import concentration as conc
from core.db import make_engine, migrate
from core.vocabulary import Aspect, RelationshipMode

AS_OF = date(2026, 6, 30)
PG_URL = os.environ.get("KUNDENAKTE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def synthetic(rows: int, orgs: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Organisations (10 % with a parent) and invoices over three years, Pareto-like amounts, 2 % cancelled."""
    rng = np.random.default_rng(seed)
    org_ids = np.array([f"org{i:07d}" for i in range(orgs)])
    parents = np.where(rng.random(orgs) < 0.10, org_ids[rng.integers(0, max(1, orgs // 10), orgs)], None)
    parents = np.where(parents == org_ids, None, parents)
    organisations = pd.DataFrame({"id": org_ids, "name": org_ids, "parent_id": parents,
                                  "relationship_mode": RelationshipMode.AUTO, "vip": False})
    weights = rng.pareto(1.2, orgs) + 0.01
    owner = rng.choice(orgs, rows, p=weights / weights.sum())
    days = rng.integers(0, 3 * 365, rows)
    amounts = np.round(rng.lognormal(7, 1.2, rows) * np.where(rng.random(rows) < 0.03, -0.5, 1), 2)
    invoices = pd.DataFrame({
        "id": [f"inv{i:09d}" for i in range(rows)],
        "organisation_id": org_ids[owner],
        "invoice_date": [AS_OF - timedelta(days=int(d)) for d in days],
        "amount_net": amounts,
        "status": np.where(rng.random(rows) < 0.02, "cancelled", "paid"),
        "dunning_level": 0,
    })
    return organisations, invoices


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(engine: Engine, repeat: int) -> dict[str, float]:
    """Time the three variants on an open engine."""
    query = conc.metric_query(Aspect.CUSTOMER, AS_OF, 365)

    def bare() -> object:
        with engine.connect() as conn:
            return conn.execute(query).all()

    def figures() -> object:
        with engine.connect() as conn:
            metrics = conc.metrics(conn, Aspect.CUSTOMER, AS_OF, 365)
        return conc.figures(metrics), conc.pareto(metrics)

    def full() -> object:
        with engine.connect() as conn:
            return conc.report(conn, Aspect.CUSTOMER, AS_OF)

    bare()  # warm the cache
    return {"bare": best(bare, repeat), "figures": best(figures, repeat), "report": best(full, repeat)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead of PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench database")
    args = parser.parse_args(argv)

    organisations, invoices = synthetic(args.rows, args.orgs)
    admin: Engine | None = None
    name = "kundenakte_bench_concentration"
    if args.sqlite:
        folder = tempfile.mkdtemp()
        engine = make_engine(f"sqlite:///{folder}/bench.db")
    else:
        admin = make_engine(PG_URL)
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(make_url(admin.url).set(database=name).render_as_string(hide_password=False))
    try:
        migrate(engine)
        start = time.perf_counter()
        bulk_load(engine, {"organisations": organisations, "invoices": invoices})
        load = time.perf_counter() - start
        timings = run(engine, args.repeat)
        with engine.connect() as conn:
            n = len(conc.metrics(conn, Aspect.CUSTOMER, AS_OF, 365))
    finally:
        engine.dispose()
        if admin is not None and not args.keep:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    backend = "sqlite" if args.sqlite else "postgresql"
    print(f"{backend}: {args.rows:,} invoices, {args.orgs:,} organisations ({n:,} with a positive metric), "
          f"loaded in {load:.1f} s")
    for key, seconds in timings.items():
        print(f"  {key:8s} {seconds * 1000:9.1f} ms   x{seconds / timings['bare']:.2f} of bare")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
