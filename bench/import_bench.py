"""Import throughput against a bare COPY, in one run on PostgreSQL (not a test).

    python bench/import_bench.py --rows 1000000            # synthetic invoices.csv + organisations.csv
    python bench/import_bench.py --folder PATH             # an interchange folder, e.g. the large demo set
    python bench/import_bench.py --folder PATH --repeat 3  # three interleaved rounds, the best of each compared

Times (a) a bare `COPY` of each table file (the same rows) into a fresh table of its shape with a primary key,
(b) `kundenakte import` of the folder into an empty database, (c) the same import again (all
rows re-imported). Prints rows/s and the ratios to (a). Goal (b)/(a) >= 50 % on the large set.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.db import make_engine, migrate
from core.schema import metadata
from etl.phone import allow_helper_processes
from services.commands.imports import run_import


def generate(folder: Path, rows: int, orgs: int, seed: int = 7) -> None:
    """Synthetic interchange files: `orgs` organisations and `rows` invoices referencing them."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    org_ids = np.char.add("ORG", np.arange(orgs).astype(str))
    pd.DataFrame({"id": org_ids, "name": np.char.add("Firma ", np.arange(orgs).astype(str)),
                  "postcode": np.char.zfill(rng.integers(1000, 99999, orgs).astype(str), 5)}
                 ).to_csv(folder / "organisations.csv", index=False)
    step = 1_000_000
    with open(folder / "invoices.csv", "w", newline="") as fh:
        for start in range(0, rows, step):
            n = min(step, rows - start)
            day = np.datetime64("2016-01-01") + rng.integers(0, 3650, n)
            net = np.round(rng.lognormal(6.5, 1.2, n), 2)
            frame = pd.DataFrame({
                "id": np.char.add("INV", np.arange(start, start + n).astype(str)),
                "organisation_id": org_ids[rng.integers(0, orgs, n)],
                "number": np.char.add("R-", np.arange(start, start + n).astype(str)),
                "invoice_date": day.astype(str),
                "due_date": (day + 30).astype(str),
                "amount_net": net,
                "amount_gross": np.round(net * 1.19, 2),
                "currency": "EUR",
                "status": rng.choice(["open", "paid", "cancelled"], n, p=[0.1, 0.85, 0.05]),
                "dunning_level": rng.choice([0, 1, 2], n, p=[0.9, 0.07, 0.03]),
                "paid_date": "",
                "project_id": "",
            })
            frame.to_csv(fh, index=False, header=start == 0)


def fresh_database(url: str) -> str:
    """Drop and create the benchmark database; its migrated URL."""
    target = make_url(make_engine(url).url)
    admin = make_engine(target.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    fresh = target.render_as_string(hide_password=False)
    engine = make_engine(fresh)
    migrate(engine)
    engine.dispose()
    return fresh


def bare_copy(url: str, folder: Path) -> tuple[float, int]:
    """(a) COPY every `<table>.csv` of the folder into a fresh table shaped like its target, with a
    primary key, no other index and no checks; (seconds, rows)."""
    engine = make_engine(url)
    total, rows = 0.0, 0
    for csv_path in sorted(folder.glob("*.csv")):
        table = csv_path.stem
        if table not in metadata.tables:
            continue
        header = csv_path.open(encoding="utf-8-sig").readline().strip().split(",")
        if not set(header) <= set(metadata.tables[table].c.keys()):
            continue  # extra columns: a bare COPY cannot take the file as it is
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS bench_copy"))
            conn.execute(text(f"CREATE TABLE bench_copy AS SELECT {', '.join(header)} FROM {table} WITH NO DATA"))
            if "id" in header:
                conn.execute(text("ALTER TABLE bench_copy ADD PRIMARY KEY (id)"))
        cols = ", ".join(header)
        started = time.perf_counter()
        with engine.begin() as conn:
            cursor = conn.connection.driver_connection.cursor()
            with csv_path.open("rb") as fh, cursor.copy(
                    f"COPY bench_copy ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                while data := fh.read(1 << 20):
                    copy.write(data)
            rows += conn.execute(text("SELECT count(*) FROM bench_copy")).scalar_one()
        total += time.perf_counter() - started
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE bench_copy"))
    engine.dispose()
    return total, rows


def timed_import(url: str, folder: Path) -> float:
    allow_helper_processes()  # as the `kundenakte import` command does (this script is guarded)
    engine = make_engine(url)
    started = time.perf_counter()
    run_import(engine, folder)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, help="an interchange folder (invoices.csv, organisations.csv, ...)")
    parser.add_argument("--rows", type=int, help="generate a synthetic folder with this many invoices")
    parser.add_argument("--orgs", type=int, default=100_000, help="organisations in a synthetic folder")
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/kundenakte_bench",
                        help="PostgreSQL URL of a scratch database (dropped and created)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of (a), (b), (c), each on a fresh database; the best time of each is compared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            if not args.rows:
                parser.error("give --folder or --rows")
            folder = Path(tmp) / "interchange"
            t = time.perf_counter()
            generate(folder, args.rows, args.orgs)
            print(f"generated {args.rows:,} invoices in {time.perf_counter() - t:.1f} s")
        rounds: list[tuple[float, float, float]] = []
        for i in range(args.repeat):  # interleaved, so a slow spell of this noisy machine hits all three
            url = fresh_database(args.db)
            a, rows = bare_copy(url, folder)
            b = timed_import(url, folder)
            c = timed_import(url, folder)
            rounds.append((a, b, c))
            print(f"round {i + 1}: (a) {a:.1f} s, (b) {b:.1f} s = {a / b:.0%}, (c) {c:.1f} s = {a / c:.0%}", flush=True)
    print(f"{rows:,} rows in the files a bare COPY can take as they are; best of {len(rounds)}")
    a, b, c = (min(r[i] for r in rounds) for i in range(3))
    for label, secs in (("(a) bare COPY", a), ("(b) import, empty db", b), ("(c) re-import", c)):
        print(f"{label:<22} {secs:8.1f} s {rows / secs:12,.0f} rows/s   {a / secs:6.0%} of bare COPY")


if __name__ == "__main__":
    main()
