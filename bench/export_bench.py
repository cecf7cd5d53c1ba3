"""`kundenakte export` as a whole process: wall time and peak resident memory of the controllers' workbook and the
German CSV, against the same process on an empty, migrated SQLite database (what the code loaded alone costs).

    python bench/export_bench.py --db postgresql://postgres@127.0.0.1:5432/kundenakte_h1 --as-of 2026-11-24
    python bench/export_bench.py --db sqlite:////work/bigdata/large.db --as-of 2026-11-24 --repeat 2 --csv

Each run is `kundenakte export PATH ...` in a child process (the installed console script, or `python -m` of the
package when none is on PATH); its peak RSS is the child's own `ru_maxrss` from os.wait4 (the whole process:
interpreter, libraries, database driver, xlsxwriter's buffers), its time the wall clock around it. The first run
of a database and date may fill the caches of the ABC ranks and the window sums (a write, like any export's
audit entry): point it at a copy, not at a database others read. The goal of issue 21 is a peak under 100 MiB for
100,000 organisations; the script prints the peak and the peak above the empty database's, and says which it met.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_MIB = 100


def command() -> list[str]:
    exe = shutil.which("kundenakte")
    return [exe] if exe else [sys.executable, "-c", "import sys; from kundenakte.cli import main; sys.exit(main())"]


def run(argv: list[str]) -> tuple[float, float, str]:
    """Seconds, peak RSS in MiB and the last line on stderr of one child process (exit code 0 required)."""
    start = time.perf_counter()
    child = subprocess.Popen([*command(), *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    err = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}: {err.strip()}")
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return seconds, peak, err.strip().splitlines()[-1] if err.strip() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the database to export (a copy: see above)")
    parser.add_argument("--as-of", default=None, help="YYYY-MM-DD (default today)")
    parser.add_argument("--as", dest="as_user", default=None, help="export as this user")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the workbook (default 1)")
    parser.add_argument("--csv", action="store_true", help="also the customers' German CSV")
    args = parser.parse_args()
    common = [*(["--as-of", args.as_of] if args.as_of else []), *(["--as", args.as_user] if args.as_user else [])]
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        folder = Path(tmp)
        empty = f"sqlite:///{folder / 'empty.db'}"
        run(["export", str(folder / "empty.xlsx"), "--db", empty])  # the first run migrates it (loads Alembic)
        _, base, _ = run(["export", str(folder / "empty.xlsx"), "--db", empty])
        print(f"empty SQLite database: peak RSS {base:.0f} MiB (the process with the code loaded, nothing to write)")
        peaks = []
        for n in range(1, args.repeat + 1):
            path = folder / f"controlling-{n}.xlsx"
            seconds, peak, said = run(["export", str(path), *common, "--db", args.db])
            peaks.append(peak)
            size = path.stat().st_size / 2**20
            print(f"workbook run {n}: {seconds:.1f} s, peak RSS {peak:.0f} MiB ({peak - base:+.0f} MiB over the empty "
                  f"database), {size:.1f} MiB file; {said}")
        if args.csv:
            path = folder / "kunden.csv"
            seconds, peak, said = run(["export", str(path), "--aspect", "customer", *common, "--db", args.db])
            print(f"customers' CSV: {seconds:.1f} s, peak RSS {peak:.0f} MiB ({peak - base:+.0f} MiB), "
                  f"{path.stat().st_size / 2**20:.1f} MiB file; {said}")
    worst = max(peaks)
    print(f"goal peak < {GOAL_MIB} MiB: whole process {worst:.0f} MiB "
          f"{'met' if worst < GOAL_MIB else 'NOT met'}; above the empty database {worst - base:.0f} MiB "
          f"{'met' if worst - base < GOAL_MIB else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
