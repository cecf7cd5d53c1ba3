"""Organisation list benchmark (not a test): one grid block, before and after "page ids first".

    python bench/orglist_bench.py --db URL [--make 100000 2000000] [--as-of YYYY-MM-DD] [--repeat 3]

`--make N_ORGS N_INVOICES` fills an empty database with synthetic rows (numpy;
COPY on PostgreSQL, executemany on SQLite). Every time is the best of
`--repeat` interleaved runs, and is given as a ratio against the bare
`SELECT id, name FROM organisations ORDER BY name LIMIT 100` of the same run.

* before: the full list (relationships, revenue, open items for every
  organisation) sorted, offset/limit, and counted over the full list;
* after: `services.grid.grid_page`: the block's ids with only the
  sorted/filtered columns computed, the figures for those ids, the count with
  only the filtered columns.

Also timed, for the record page: `organisation_record` of one organisation and
the company-wide ABC classification per aspect (what ABC letters on the record
header would cost per page view).

Measured 2026-11 on the 2-core development box (shared, +-20 %), 100,000
organisations / 2,000,000 invoices, as of 2025-06-30, best of 3; ratios against
the bare `ORDER BY name LIMIT 100` (PostgreSQL 0.9-2.4 ms, SQLite 0.4 ms):

| block | PostgreSQL before | after | SQLite before | after |
|---|---|---|---|---|
| by name, rows 0-99 | 1.46-1.96 s | 0.042-0.045 s (~20-50x bare) | 7.1-10.2 s | 0.023-0.025 s (~55x) |
| by name, rows 50,000-50,099 | 5.2-5.5 s | 0.087 s | 8.8-9.1 s | 0.088-0.090 s |
| by revenue desc, rows 0-99 | 1.43-1.59 s | 0.59-1.02 s | 8.0 s | 0.81-0.85 s |

A sort on revenue still aggregates the window's invoices of every organisation
(about the cost of the bare aggregate); a sort or filter on plain columns no
longer touches invoices except for the block's 100 ids. Record page: 17-28 ms.
Company-wide ABC classification: customers 0.9-1.3 s, suppliers 0.4 s,
prospects 0.13-0.28 s (so the record's letters load in their own callback).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loaders import HISTORY_DAYS, incoming_frame, invoice_frame, make, quote_frame, split_holders

from analytics.orglist import organisation_list
from core.db import make_engine
from core.schema import Invoice, Organisation
from core.vocabulary import Aspect, RelationshipMode
from services.abc import AbcParams, abc_report
from services.grid import GridRequest, SortKey, grid_page
from services.record import organisation_record
from services.users import SYSTEM

AS_OF = date(2025, 6, 30)
BLOCK = 100
CITIES = ["Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig", "Dortmund",
          "Essen", "Bremen", "Dresden", "Hannover", "Nürnberg", "Duisburg", "Bochum", "Wuppertal", "Bielefeld",
          "Bonn", "Münster", "Mannheim", "Karlsruhe", "Augsburg", "Wiesbaden", "Darmstadt", "Wien", "Graz", "Zürich",
          "Basel", "Bern"]
WORDS = ["Alpen", "Berg", "Nord", "Süd", "Rhein", "Main", "Tech", "Bau", "Holz", "Stahl", "Glas", "Daten", "Netz",
         "Logistik", "Medien", "Handel", "Werk", "Energie", "Solar", "Agrar", "Chemie", "Textil", "Optik", "Pharma"]
FORMS = ["GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "OHG", "SE", "UG"]


# ---------------------------------------------------------------- synthetic data


def _organisations(rng: np.random.Generator, n_orgs: int, ids: np.ndarray, agents: np.ndarray) -> pd.DataFrame:
    words = np.array(WORDS)
    first, second = words[rng.integers(0, len(words), n_orgs)], words[rng.integers(0, len(words), n_orgs)]
    form = np.array(FORMS)[rng.integers(0, len(FORMS), n_orgs)]
    names = (pd.Series(first) + pd.Series(second).str.lower() + " " + pd.Series(form)
             + " " + pd.Series(rng.integers(1, 10_000, n_orgs).astype(str)))
    city = np.array(CITIES, dtype=object)[rng.integers(0, len(CITIES), n_orgs)]
    city[rng.random(n_orgs) < 0.05] = None
    country = np.where(pd.Series(city).isin(["Wien", "Graz"]), "AT",
                       np.where(pd.Series(city).isin(["Zürich", "Basel", "Bern"]), "CH", "DE"))
    kam = agents[rng.integers(0, len(agents), n_orgs)].astype(object)
    kam[rng.random(n_orgs) < 0.3] = None
    parent = np.full(n_orgs, None, dtype=object)
    child = np.flatnonzero(rng.random(n_orgs) < 0.05)
    child = child[child > 0]
    parent[child] = ids[rng.integers(0, child)]  # a parent always comes earlier: FK-safe insert order
    return pd.DataFrame({"id": ids, "name": names, "parent_id": parent, "city": city, "country": country,
                         "key_account_manager_id": kam, "relationship_mode": RelationshipMode.AUTO, "vip": False})


def synthetic(n_orgs: int, n_invoices: int, as_of: date, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Agents, organisations (70 % customers with skewed volume, 15 % prospects, 15 % suppliers), invoices,
    incoming invoices, quotes and customer numbers."""
    rng = np.random.default_rng(seed)
    agents = np.array([f"A{i:03d}" for i in range(50)])
    ids = np.array([f"O{i:07d}" for i in range(n_orgs)])
    orgs = _organisations(rng, n_orgs, ids, agents)
    customers, prospects, suppliers = split_holders(ids)
    invoices = invoice_frame(rng, customers, n_invoices, as_of, (0.85, 0.1, 0.05))
    incoming = incoming_frame(rng, suppliers, n_invoices, as_of)
    quotes = quote_frame(rng, prospects, as_of)
    numbers = pd.DataFrame({"organisation_id": customers, "role": Aspect.CUSTOMER,
                            "number": [str(100000 + i) for i in range(len(customers))],
                            "valid_from": as_of - timedelta(days=HISTORY_DAYS),
                            "assigned_at": datetime.combine(as_of - timedelta(days=HISTORY_DAYS), datetime.min.time())})
    return {"agents": pd.DataFrame({"id": agents, "name": [f"Agent {i}" for i in range(len(agents))], "active": True}),
            "organisations": orgs, "invoices": invoices, "incoming_invoices": incoming, "quotes": quotes,
            "account_numbers": numbers}


# ---------------------------------------------------------------- measurements


def bare(engine: Engine) -> object:
    """The floor: the first hundred names from the name index."""
    with engine.connect() as conn:
        return conn.execute(select(Organisation.id, Organisation.name).order_by(Organisation.name)
                            .limit(BLOCK)).all()


def before(col: str, descending: bool, start: int, as_of: date) -> Callable[[Engine], object]:
    """The former grid_page: the whole list with every figure, sorted, paged and counted."""
    def job(engine: Engine) -> object:
        full = organisation_list(as_of).subquery("filtered")
        c = full.c[col]
        page = (select(full).order_by(c.desc().nulls_last() if descending else c.asc().nulls_last(), full.c.id)
                .offset(start).limit(BLOCK))
        with engine.connect() as conn:
            rows = conn.execute(page).all()
            return rows, conn.execute(select(func.count()).select_from(full)).scalar_one()
    return job


def after(col: str, descending: bool, start: int, as_of: date) -> Callable[[Engine], object]:
    """grid_page as the dashboard calls it."""
    return lambda engine: grid_page(engine, SYSTEM, GridRequest(start, start + BLOCK, (SortKey(col, descending),),
                                                                {}, as_of))


def best_of(repeat: int, engine: Engine, *jobs: Callable[[Engine], Any]) -> list[float]:
    """The fastest of `repeat` runs of each job, interleaved after one warm-up each."""
    def timed(job: Callable[[Engine], Any]) -> float:
        started = time.perf_counter()
        job(engine)
        return time.perf_counter() - started
    for job in jobs:
        timed(job)
    runs = [[timed(job) for job in jobs] for _ in range(repeat)]
    return [min(run[i] for run in runs) for i in range(len(jobs))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", required=True, help="SQLAlchemy URL")
    p.add_argument("--make", nargs=2, type=int, metavar=("N_ORGS", "N_INVOICES"))
    p.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    engine = make_engine(args.db)
    if args.make:
        make(engine, synthetic, *args.make, args.as_of)
    with engine.connect() as conn:
        n_inv = conn.execute(select(func.count()).select_from(Invoice)).scalar()
        n_org = conn.execute(select(func.count()).select_from(Organisation)).scalar()
        some_id = conn.execute(select(Organisation.id).order_by(Organisation.id)).scalars().first()
    print(f"{engine.dialect.name}: {n_org:,} organisations, {n_inv:,} invoices, as of {args.as_of}, "
          f"best of {args.repeat}")
    (t_bare,) = best_of(args.repeat, engine, bare)
    print(f"bare ORDER BY name LIMIT {BLOCK}: {t_bare * 1000:.1f} ms")
    print(f"{'block':<32}{'before s':>10}{'ratio':>9}{'after s':>10}{'ratio':>9}{'speed-up':>10}")
    cases = [("name", False, 0, "by name, rows 0-99"), ("name", False, n_org // 2, "by name, middle block"),
             ("revenue_12m", True, 0, "by revenue desc, rows 0-99")]
    for col, desc, start, label in cases:
        t_before, t_after = best_of(args.repeat, engine, before(col, desc, start, args.as_of),
                                    after(col, desc, start, args.as_of))
        print(f"{label:<32}{t_before:>10.3f}{t_before / t_bare:>9.0f}{t_after:>10.3f}{t_after / t_bare:>9.0f}"
              f"{t_before / t_after:>9.1f}x")
    (t_record,) = best_of(args.repeat, engine, lambda e: organisation_record(e, SYSTEM, some_id, args.as_of,
                                                                             timeline_limit=0))
    print(f"organisation_record (one organisation): {t_record:.3f} s")
    for aspect in (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER):
        (t_abc,) = best_of(1, engine, lambda e, a=aspect: abc_report(e, SYSTEM, AbcParams(a, as_of=args.as_of)))
        print(f"abc_report {aspect} (company-wide classification): {t_abc:.3f} s")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
