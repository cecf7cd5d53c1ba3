"""Start-up and bulk-output benchmark (not a test): how long `kundenakte` takes before and while it writes.

    python bench/startup_bench.py --sqlite sqlite:///kundenakte.db [--pg postgresql://...] [--number N]
                                  [--runs 10] [--rows 100000] [--before-tree DIR] [--writer-from OLD_OUTPUT.py]

Start-up, each as a whole process (the console script next to this interpreter), median of --runs runs,
the commands taking turns so that a change in the machine's load meets all alike:

* `python -c pass`, the bare interpreter;
* `kundenakte --help`;
* `kundenakte caller NUMBER --db URL` on SQLite and, with --pg, on PostgreSQL (NUMBER: the first contact's
  phone number in the SQLite database, unless --number names one);
* with --before-tree DIR, the last three from an earlier tree as well (`git archive REV | tar -x -C DIR`), its
  kundenakte.cli.main called as the console script calls it, on --before-sqlite / --before-pg if that tree's
  migrations end earlier (a copy of the database with that tree's head in alembic_version will do).

Also the imports the caller look-up cannot do without, alone (SQLAlchemy with its SQLite or PostgreSQL
dialect and driver, phonenumbers): the floor under its start-up.

Wall time and CPU time (user + system of the process) are printed, and each beyond the bare interpreter;
first with the bytecode cached (in a temporary folder: PYTHONPYCACHEPREFIX), as an installed wheel runs,
then compiled from source on every start, as a tree run with PYTHONDONTWRITEBYTECODE=1 runs.
Goal (issue 22): --help and caller under 0.3 s beyond the interpreter.

Bulk output: `write_frame` of --rows rows shaped like `kundenakte abc --format csv` (ids, names with
quotes and commas, class, metric, rank, n) as csv, json and table, best of three, against the writer
before issue 22 (every cell through csv_value/json_value, rows through csv.writer and json.dump; copied
below) and, with --writer-from, the write_frame of another kundenakte/cli/output.py
(`git show REV:kundenakte/cli/output.py > old.py`); each output compared byte for byte with the new one.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

from kundenakte.cli.document import csv_value, json_value
from kundenakte.cli.output import write_frame

Writer = Callable[[pd.DataFrame, str, Sequence[str] | None, IO[str]], None]
FORMATS = ("csv", "json", "table")


def _run(argv: Sequence[str], env: Mapping[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process (its output discarded); it must succeed."""
    before, start = os.times(), time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    wall, after = time.perf_counter() - start, os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def _first_number(sqlite_url: str) -> str:
    """A contact's phone number as the SQLite database holds it (as written), for the look-up."""
    from sqlalchemy import select

    from core.db import make_engine
    from core.schema import Contact

    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        number = conn.execute(select(Contact.phone).where(Contact.phone_e164.is_not(None))
                              .order_by(Contact.id).limit(1)).scalar()
    engine.dispose()
    if number is None:
        raise SystemExit("no contact with a phone number in the SQLite database: name one with --number")
    return str(number)


def _environments(cache: Path) -> dict[str, dict[str, str]]:
    """The processes' environments: bytecode cached (in `cache`, not beside the sources), as an installed
    wheel runs (pip compiles it); and compiled from source on every start (PYTHONDONTWRITEBYTECODE=1)."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    return {"bytecode cached (as installed)": {**base, "PYTHONPYCACHEPREFIX": str(cache)},
            "compiled on every start (PYTHONDONTWRITEBYTECODE=1)": {**base, "PYTHONDONTWRITEBYTECODE": "1"}}


#: what the caller look-up cannot do without, imported alone: the floor under its start-up
FLOORS = {
    "floor: SQLAlchemy, sqlite3, phonenumbers": "import sqlalchemy, sqlalchemy.dialects.sqlite.pysqlite, sqlite3, "
                                                "phonenumbers",
    "floor: SQLAlchemy, psycopg, phonenumbers": "import sqlalchemy, sqlalchemy.dialects.postgresql.psycopg, psycopg, "
                                                "phonenumbers",
}
#: `kundenakte ARGV` from another tree: its kundenakte.cli.main, as the console script calls it
FROM_TREE = "import sys; sys.path.insert(0, sys.argv.pop(1)); from kundenakte.cli import main; sys.exit(main())"


@dataclass(frozen=True)
class Tree:
    """Where `kundenakte` comes from, and the databases it is started on (each of that tree's schema)."""

    start: list[str]
    sqlite: str
    pg: str | None


def startup(trees: Mapping[str, Tree], number: str, runs: int, env: Mapping[str, str], label: str) -> None:
    """Median wall and CPU time of each command, taking turns, and each beyond the bare interpreter."""
    commands: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
    for name, code in FLOORS.items():
        commands[name] = [sys.executable, "-c", code]
    for suffix, tree in trees.items():
        commands[f"kundenakte --help{suffix}"] = [*tree.start, "--help"]
        commands[f"kundenakte caller (SQLite){suffix}"] = [*tree.start, "caller", number, "--db", tree.sqlite]
        if tree.pg:
            commands[f"kundenakte caller (PostgreSQL){suffix}"] = [*tree.start, "caller", number, "--db", tree.pg]
    for argv in commands.values():  # warm the page cache and the bytecode cache once
        _run(argv, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(_run(argv, env))
    wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}
    least = {name: min(w for w, _ in t) for name, t in times.items()}
    bare_wall, bare_cpu = wall["python -c pass"], cpu["python -c pass"]
    print(f"start-up, {label}, median of {runs} runs (number {number!r})")
    print(f"  {'command':44s} {'wall':>8s} {'beyond':>8s} {'cpu':>8s} {'beyond':>8s} {'least wall':>11s}")
    for name in commands:
        print(f"  {name:44s} {wall[name]:7.3f}s {wall[name] - bare_wall:7.3f}s {cpu[name]:7.3f}s "
              f"{cpu[name] - bare_cpu:7.3f}s {least[name]:10.3f}s")
    for name in commands:
        if name.startswith("kundenakte") and not name.endswith(tuple(t for t in trees if t)):  # this tree's only
            verdict = "met" if wall[name] - bare_wall < 0.3 else "NOT met"
            print(f"  goal < 0.3 s beyond the interpreter, {name}: {verdict}")


def per_value(frame: pd.DataFrame, fmt: str, columns: Sequence[str] | None, out: IO[str]) -> None:
    """The writer before issue 22: the frame as dicts, every cell through csv_value / json_value."""
    cols = list(columns) if columns is not None else [str(c) for c in frame.columns]
    rows: list[Mapping[str, Any]] = frame.astype(object).where(frame.notna(), None).to_dict("records")
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([csv_value(r.get(c)) for c in cols])
    elif fmt == "json":
        json.dump([{c: json_value(r.get(c)) for c in cols} for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        cells = [[csv_value(r.get(c)) for c in cols] for r in rows]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
        out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")


def report_frame(n: int) -> pd.DataFrame:
    """Rows shaped like the ABC report: a seventh of the names need CSV quotes and JSON escapes."""
    rng = np.random.default_rng(22)
    ids = pd.Series([f"ORG-{i:06d}" for i in range(n)], dtype="str")
    names = pd.Series([f'Firma {i} "Bau", Köln' if i % 7 == 0 else f"Firma {i} GmbH" for i in range(n)],
                      dtype="str")
    metric = np.round(rng.pareto(1.2, n) * 1000, 2) + 0.1 + 0.2  # sums with binary noise, as the database's
    return pd.DataFrame({"organisation_id": ids, "name": names,
                         "class": pd.Series(np.array(["A", "B", "C"])[rng.integers(0, 3, n)], dtype="str"),
                         "metric": metric, "rank": np.arange(1, n + 1), "n": np.full(n, n)})


def _writer_from(path: Path) -> Writer:
    spec = importlib.util.spec_from_file_location("other_output", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    writer: Writer = module.write_frame
    return writer


def _best(writer: Writer, frame: pd.DataFrame, fmt: str, repeat: int = 3) -> tuple[float, str]:
    best, text = float("inf"), ""
    for _ in range(repeat):
        out = io.StringIO()
        start = time.perf_counter()
        writer(frame, fmt, None, out)
        best = min(best, time.perf_counter() - start)
        text = out.getvalue()
    return best, text


def bulk_output(rows: int, other: Path | None) -> None:
    """Seconds of each writer per format, best of three, and whether each wrote the new writer's bytes."""
    frame = report_frame(rows)
    writers: dict[str, Writer] = {"per value (before issue 22)": per_value}
    if other is not None:
        writers[f"{other.name}"] = _writer_from(other)
    writers["new"] = write_frame
    print(f"bulk output of {rows:,} rows, best of 3")
    print(f"  {'writer':32s} " + " ".join(f"{f:>16s}" for f in FORMATS))
    results = {name: {fmt: _best(w, frame, fmt) for fmt in FORMATS} for name, w in writers.items()}
    for name, by_format in results.items():
        cells = []
        for fmt in FORMATS:
            seconds, text = by_format[fmt]
            same = "=" if text == results["new"][fmt][1] else "DIFFERS"
            cells.append(f"{seconds:7.3f}s {same:>7s}")
        print(f"  {name:32s} " + " ".join(f"{c:>16s}" for c in cells))
    for name in writers:
        if name != "new":
            ratios = ", ".join(f"{fmt} {results[name][fmt][0] / results['new'][fmt][0]:.1f}x" for fmt in FORMATS)
            print(f"  new against {name}: {ratios} faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", required=True, metavar="URL", help="an SQLite database of the current schema")
    parser.add_argument("--pg", default=None, metavar="URL", help="a PostgreSQL database of the current schema")
    parser.add_argument("--number", default=None, help="the number to look up (default: a contact's in --sqlite)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--before-tree", type=Path, default=None, metavar="DIR",
                        help="an earlier tree (git archive REV | tar -x -C DIR) to start as well, for comparison")
    parser.add_argument("--before-sqlite", default=None, metavar="URL", help="--sqlite of the earlier tree's schema")
    parser.add_argument("--before-pg", default=None, metavar="URL", help="--pg of the earlier tree's schema")
    parser.add_argument("--writer-from", type=Path, default=None, metavar="OUTPUT.py",
                        help="another version of kundenakte/cli/output.py to time as well")
    args = parser.parse_args()
    number = args.number or _first_number(args.sqlite)
    trees = {"": Tree([str(Path(sys.executable).with_name("kundenakte"))], args.sqlite, args.pg)}
    if args.before_tree is not None:
        trees[f" ({args.before_tree.name})"] = Tree([sys.executable, "-c", FROM_TREE, str(args.before_tree)],
                                                    args.before_sqlite or args.sqlite, args.before_pg or args.pg)
    with tempfile.TemporaryDirectory(prefix="kundenakte-pyc-") as cache:
        for label, env in _environments(Path(cache)).items():
            startup(trees, number, args.runs, env, label)
            print()
    bulk_output(args.rows, args.writer_from)


if __name__ == "__main__":
    main()
