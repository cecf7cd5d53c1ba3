"""ABC benchmark (not a test): classification vs its bare aggregate, and vs the usual read_sql + pandas approach.

    python bench/abc_bench.py --db URL [--make N_ORGS N_INVOICES] [--refresh-starts] [--as-of YYYY-MM-DD] [--repeat 3]

`--make` first fills an empty database with synthetic rows (numpy; COPY on
PostgreSQL, executemany on SQLite). `--refresh-starts` recomputes the maintained
aggregates (`relationship_starts`, `opportunity_latest_status`, `prospect_spans`). Goals:
the classification of all three aspects <= 1.3x their bare aggregates together; >= 10x
faster than read_sql + pandas (of every invoice row, as the issue puts it; also reported:
of the window's rows only, a stricter variant). `--whole-repeat 0` skips the slow one.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loaders import incoming_frame, invoice_frame, make, quote_frame, split_holders, synthetic_dates

from analytics.abc import classification, metric_select, tune_for_analytics
from analytics.period import window
from core.businessconfig import load_config
from core.db import is_postgres, make_engine
from core.schema import Invoice, Organisation
from core.schema.admin import OpportunityLatestStatus, ProspectSpan, RelationshipStart
from core.vocabulary import Aspect, RelationshipMode
from services.commands.account_numbers import refresh_relationship_starts
from services.commands.maintained import refresh_opportunity_latest_status, refresh_prospect_spans

AS_OF = date(2025, 6, 30)


# ---------------------------------------------------------------- synthetic data


def synthetic(n_orgs: int, n_invoices: int, as_of: date, seed: int = 1) -> dict[str, pd.DataFrame]:
    """Organisations (70 % customers, 15 % prospects, 15 % suppliers), invoices with a skewed volume per customer,
    quotes for prospects, incoming invoices and ratings for suppliers."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"O{i:07d}" for i in range(n_orgs)])
    orgs = pd.DataFrame({"id": ids, "name": [f"Company {i}" for i in range(n_orgs)],
                         "relationship_mode": RelationshipMode.AUTO, "vip": False})
    customers, prospects, suppliers = split_holders(ids)
    invoices = invoice_frame(rng, customers, n_invoices, as_of, (0.75, 0.2, 0.05))
    quotes = quote_frame(rng, prospects, as_of)
    incoming = incoming_frame(rng, suppliers, n_invoices, as_of)
    n_r = 4 * len(suppliers)
    rated = synthetic_dates(rng, n_r, as_of, 365)
    rater = rng.choice(suppliers, n_r)
    ratings = pd.DataFrame({"id": [f"R{i:08d}" for i in range(n_r)], "organisation_id": rater, "rated_at": rated,
                            "time": rng.integers(1, 6, n_r), "quality": rng.integers(1, 6, n_r),
                            "cost": rng.integers(1, 6, n_r)})
    return {"organisations": orgs, "invoices": invoices, "quotes": quotes, "incoming_invoices": incoming,
            "supplier_ratings": ratings}


def refresh_maintained(engine: Engine) -> None:
    """Create and recompute `relationship_starts`, `opportunity_latest_status` and `prospect_spans` as the import does,
    then VACUUM ANALYZE (index-only scans)."""
    started = time.perf_counter()
    RelationshipStart.__table__.create(engine, checkfirst=True)
    OpportunityLatestStatus.__table__.create(engine, checkfirst=True)
    ProspectSpan.__table__.create(engine, checkfirst=True)
    with engine.begin() as conn:
        refresh_relationship_starts(conn)
        refresh_opportunity_latest_status(conn)
        refresh_prospect_spans(conn)
    refreshed = time.perf_counter() - started
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if is_postgres(engine) else "ANALYZE")
    print(f"maintained aggregates refreshed in {refreshed:.1f} s")


# ---------------------------------------------------------------- measurements


def timed(engine: Engine, job: Callable[[Connection], object]) -> float:
    """Seconds of one run of `job` in its own connection and transaction."""
    with engine.connect() as conn:
        started = time.perf_counter()
        job(conn)
        return time.perf_counter() - started


def best_of(repeat: int, engine: Engine, *jobs: Callable[[Connection], object]) -> list[float]:
    """The fastest of `repeat` runs of each job, run interleaved (after one warm-up each) so load drifts hit all."""
    for job in jobs:
        timed(engine, job)
    times = [[timed(engine, job) for job in jobs] for _ in range(repeat)]
    return [min(run[i] for run in times) for i in range(len(jobs))]


def controllers_way(conn: Connection, as_of: date, *, whole_table: bool = False) -> pd.Series:
    """The usual approach: read the invoice rows into pandas, filter, group, rank.

    `whole_table`: read every invoice row and filter the window in pandas (what the issue calls the
    usual controller's approach); else only the window's rows (a controller who filters in SQL).
    """
    w = window(as_of, 365)
    query = select(Invoice.organisation_id, Invoice.invoice_date, Invoice.amount_net, Invoice.status)
    if not whole_table:
        query = query.where(Invoice.invoice_date.between(w.first, w.last))
    rows = pd.read_sql(query, conn)
    keep = rows["status"] != "cancelled"
    if whole_table:
        day = pd.to_datetime(rows["invoice_date"])
        keep &= (day >= pd.Timestamp(w.first)) & (day <= pd.Timestamp(w.last))
    sums = rows.loc[keep].groupby("organisation_id")["amount_net"].sum()
    return sums.rank(method="min", ascending=False)


def bare(aspect: Aspect, as_of: date) -> Callable[[Connection], object]:
    def job(conn: Connection) -> object:
        config = load_config(conn)
        tune_for_analytics(conn)
        result = conn.execute(metric_select(aspect, None, as_of, config.abc))
        return result.cursor.fetchall()  # the driver's tuples, as the classification reads them
    return job


def classify(aspect: Aspect, as_of: date) -> Callable[[Connection], object]:
    return lambda conn: classification(conn, aspect, as_of)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", required=True, help="SQLAlchemy URL")
    p.add_argument("--make", nargs=2, type=int, metavar=("N_ORGS", "N_INVOICES"))
    p.add_argument("--refresh-starts", action="store_true", help="recompute relationship_starts first")
    p.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--whole-repeat", type=int, default=1, help="runs of read_sql of all invoice rows (slow)")
    args = p.parse_args(argv)
    engine = make_engine(args.db)
    if args.make:
        make(engine, synthetic, *args.make, args.as_of, then=refresh_maintained)
    elif args.refresh_starts:
        refresh_maintained(engine)
    with engine.connect() as conn:
        n_inv = conn.execute(select(func.count()).select_from(Invoice)).scalar()
        n_org = conn.execute(select(func.count()).select_from(Organisation)).scalar()
    print(f"{engine.dialect.name}: {n_org:,} organisations, {n_inv:,} invoices, as of {args.as_of}, "
          f"best of {args.repeat}")
    print(f"{'aspect':<10}{'model':>12}{'bare s':>10}{'classify s':>12}{'ratio':>8}")
    total_bare = total_class = 0.0
    for aspect in (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER):
        with engine.connect() as conn:
            model = load_config(conn).abc.model_for(aspect)
        t_bare, t_class = best_of(args.repeat, engine, bare(aspect, args.as_of), classify(aspect, args.as_of))
        total_bare += t_bare
        total_class += t_class
        print(f"{aspect:<10}{model:>12}{t_bare:>10.3f}{t_class:>12.3f}{t_class / t_bare:>8.2f}")
    ratio = total_class / total_bare
    print(f"{'all three':<10}{'':>12}{total_bare:>10.3f}{total_class:>12.3f}{ratio:>8.2f}")
    t_pandas, t_ours = best_of(args.repeat, engine, lambda conn: controllers_way(conn, args.as_of),
                               classify(Aspect.CUSTOMER, args.as_of))
    speedup = t_pandas / t_ours
    print(f"read_sql of the window's rows + pandas: {t_pandas:.3f} s; our customer classification: {t_ours:.3f} s; "
          f"{speedup:.1f}x faster")
    verdicts = [("all three classifications <= 1.3x their bare aggregates", ratio <= 1.3),
                (">= 10x faster than read_sql of the window's rows + pandas (the stricter variant)", speedup >= 10)]
    if args.whole_repeat > 0:
        t_whole, t_ours2 = best_of(args.whole_repeat, engine,
                                   lambda conn: controllers_way(conn, args.as_of, whole_table=True),
                                   classify(Aspect.CUSTOMER, args.as_of))
        print(f"read_sql of all invoice rows + pandas: {t_whole:.3f} s; our customer classification: "
              f"{t_ours2:.3f} s; {t_whole / t_ours2:.1f}x faster")
        verdicts.append((">= 10x faster than read_sql of the invoice rows + pandas (the issue's approach)",
                         t_whole / t_ours2 >= 10))
    for goal, met in verdicts:
        print("met:    " if met else "NOT met:", goal)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
