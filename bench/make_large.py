"""Large demo benchmark (not a test): how long the benchmark set takes to write, and how big it is.

    python bench/make_large.py OUT_FOLDER [--orgs 100000] [--invoices 10000000] [--seed 42] [--today YYYY-MM-DD]

Prints rows per table, the total, seconds, rows per second and the folder size.
Measured here (2 cores): 100,000 organisations / 10 million invoices, 15.2 million
rows in all, 1.37 GB, about 80 s, peak memory about 650 MB.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kundenakte.demo import folder_bytes
from kundenakte.demo.large import Scale, write_large


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--orgs", type=int, default=100_000)
    p.add_argument("--invoices", type=int, default=10_000_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = p.parse_args()
    started = time.perf_counter()
    rows = write_large(args.out, seed=args.seed, today=args.today, scale=Scale(args.orgs, args.invoices))
    seconds = time.perf_counter() - started
    for table, n in rows.items():
        print(f"{table:28} {n:>12,}")
    total = sum(rows.values())
    print(f"{'total':28} {total:>12,} rows in {seconds:.1f} s ({total / seconds:,.0f} rows/s), "
          f"{folder_bytes(args.out) / 1e9:.2f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
