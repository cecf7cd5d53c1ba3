"""Scale benchmark (issue 22; not a test): the customer ABC question on a large company, asked as a user asks it.

    python bench/scale_bench.py --db postgresql://postgres@127.0.0.1:5432/kundenakte_large \\
        --invoices /work/large/invoices.csv [--as-of 2026-11-24] [--repeat 5] [--before OLD_CHECKOUT]

On a database exactly as `kundenakte import` left it, prints in one run, each the median of --repeat
interleaved rounds (and the best):

* bare:   the window aggregate on `invoices` (sum of amount_net of the non-cancelled invoices dated in the
          365 days up to D, grouped by organisation), one statement over psycopg;
* duckdb: the same query in DuckDB on the same rows (the invoices file loaded into an in-memory table
          first, not timed): a columnar engine's scan;
* cli:    `kundenakte abc --aspect customer --format csv --as-of D --db URL` as a whole process, its output
          read to the end; `start` is a process importing what that command imports, and `work` = cli - start;
* pandas: the obvious controller's path: `pandas.read_sql` of the window's rows, grouped in pandas
          (in this process).

Goals: work below the DuckDB scan and below 0.5x bare; cli at least 10x faster than pandas. `--before`: a
checkout of the code before the maintained aggregates; its `kundenakte abc` output must hold the same letters
for the same organisations (printed as a verdict).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import psycopg

WINDOW_DAYS = 365
START_IMPORTS = "import kundenakte.cli, kundenakte.cli.output, services.abc, services.users, core.db, psycopg"


#: the earlier code's classification, in process: its CLI would refuse a database migrated past it
BEFORE = """
import sys
from datetime import date
from analytics.abc import classification
from core.db import make_engine
engine = make_engine("{db}")
with engine.connect() as conn:
    frame = classification(conn, "customer", date.fromisoformat("{as_of}"))
frame[["organisation_id", "class"]].to_csv(sys.stdout, index=False)
"""


def bare_sql(first: date, last: date) -> str:
    return ("SELECT organisation_id, sum(amount_net) FROM invoices "
            f"WHERE invoice_date BETWEEN '{first}' AND '{last}' AND status <> 'cancelled' GROUP BY organisation_id")


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(cmd: list[str], env: dict[str, str] | None = None) -> bytes:
    done = subprocess.run(cmd, capture_output=True, env=env, check=True)
    return done.stdout


def letters(csv: bytes) -> dict[str, str]:
    frame = pd.read_csv(io.BytesIO(csv), dtype=str, keep_default_na=False)
    return dict(zip(frame["organisation_id"], frame["class"], strict=True))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--invoices", type=Path, required=True, help="the invoices.csv the database was imported from")
    p.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 24))
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--before", type=Path, default=None, help="a checkout of the earlier code, for the letters")
    args = p.parse_args()
    last = args.as_of
    first = last - timedelta(days=WINDOW_DAYS - 1)
    sql = bare_sql(first, last)
    exe = str(Path(sys.executable).with_name("kundenakte"))
    cli = [exe, "abc", "--aspect", "customer", "--format", "csv", "--as-of", last.isoformat(), "--db", args.db]

    import duckdb

    duck = duckdb.connect()
    loaded = timed(lambda: duck.execute(
        f"CREATE TABLE invoices AS SELECT * FROM read_csv('{args.invoices}', header=true, "
        "types={'invoice_date': 'DATE', 'amount_net': 'DECIMAL(14,2)', 'organisation_id': 'VARCHAR'})"))
    rows = duck.execute("SELECT count(*) FROM invoices").fetchone()
    print(f"duckdb: {rows[0] if rows else 0:,} invoices loaded in {loaded:.1f} s (not timed below)")

    pg = psycopg.connect(libpq(args.db), autocommit=True)
    pg.execute("SET jit = off")

    def bare() -> None:
        pg.execute(sql).fetchall()

    def scan() -> None:
        duck.execute(sql).fetchall()

    def whole() -> None:
        run(cli)

    def start() -> None:
        run([sys.executable, "-c", START_IMPORTS])

    def pandas_path() -> None:
        frame = pd.read_sql(
            "SELECT organisation_id, amount_net, status FROM invoices "
            f"WHERE invoice_date BETWEEN '{first}' AND '{last}'", pg)
        frame[frame["status"] != "cancelled"].groupby("organisation_id")["amount_net"].sum()

    steps = {"bare": bare, "duckdb": scan, "start": start, "cli": whole, "pandas": pandas_path}
    times: dict[str, list[float]] = {k: [] for k in steps}
    for fn in steps.values():  # one warm-up round: caches as a user's second question finds them
        fn()
    for _ in range(args.repeat):
        for name, fn in steps.items():
            times[name].append(timed(fn))
    med = {k: statistics.median(v) for k, v in times.items()}
    best = {k: min(v) for k, v in times.items()}
    work = med["cli"] - med["start"]
    print(f"as of {last}, window {first} .. {last}; median (best) of {args.repeat} rounds, seconds")
    for name in steps:
        print(f"  {name:8} {med[name]:7.3f}  ({best[name]:.3f})")
    print(f"  {'work':8} {work:7.3f}  (cli - start)")
    verdict = {True: "met", False: "NOT met"}
    print(f"work / duckdb scan   {work / med['duckdb']:.2f}  goal < 1     {verdict[work < med['duckdb']]}")
    print(f"work / bare          {work / med['bare']:.2f}  goal < 0.5   {verdict[work < 0.5 * med['bare']]}")
    faster = med["pandas"] / med["cli"]
    print(f"pandas / cli         {faster:.1f}x goal >= 10x {verdict[faster >= 10]}")
    if args.before is not None:
        now = letters(run(cli))
        env = dict(os.environ, PYTHONPATH=str(args.before))
        then = letters(run([sys.executable, "-c", BEFORE.format(db=libpq(args.db), as_of=last.isoformat())], env=env))
        same = now == then
        print(f"letters: {len(now):,} organisations, {'the same as' if same else 'DIFFERENT from'} {args.before}")
        if not same:
            diff = [k for k in set(now) | set(then) if now.get(k) != then.get(k)]
            print(f"  {len(diff)} differ, e.g. {diff[:5]}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
