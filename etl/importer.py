"""`kundenakte import`: read, check and load a CSV folder or workbook in one transaction.

Every problem of the run is collected first (spec/interchange.md, "Bad input"); with any problem
nothing is written and ImportRejected carries them all. Each run leaves an `import_log` row,
a refused one in its own transaction after the rollback.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, update
from tqdm import tqdm

from etl.derive import LOOKUP_COLUMNS, rebuild_organisation_domains
from etl.feed import Feed
from etl.load import TableCounts, TableSink, empty_tables
from etl.sources.tables import TableSource, open_tables
from etl.tables import TABLES
from etl.validate import ProblemLog, TableCheck, pending_references, resolve_references
from kundenakte.db import is_postgres
from kundenakte.errors import ImportRejected
from kundenakte.schema import ImportLogEntry


@dataclass(frozen=True)
class LoadResult:
    """What one import loaded: rows per table, and the imported activities left to matching."""

    source: str
    tables: dict[str, TableCounts] = field(default_factory=dict)
    #: imported activities that named neither organisation nor contact
    unassigned: int = 0
    #: False when etl.match was not available to assign them
    matched: bool = True

    @property
    def rows(self) -> int:
        return sum(c.inserted + c.updated for c in self.tables.values())


#: how soon the feed thread gets the interpreter back from the checks (the default is 5 ms)
FEED_SWITCH_SECONDS = 0.0005


@contextmanager
def _bulk_mode() -> Iterator[None]:
    """Millions of short strings make the cyclic collector run often for nothing: pause it. The feed
    thread hands the server 128 KB at a time and needs the interpreter for each; a short switch
    interval keeps the checks in the main thread from starving the COPY."""
    enabled = gc.isenabled()
    interval = sys.getswitchinterval()
    gc.disable()
    sys.setswitchinterval(FEED_SWITCH_SECONDS)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if enabled:
            gc.enable()


def import_tables(conn: Connection, path: Path, *, progress: bool = False) -> LoadResult:
    """Check and load the tables at `path` on `conn` (the caller owns the transaction)."""
    with _bulk_mode():
        return _import_tables(conn, path, progress)


def _import_tables(conn: Connection, path: Path, progress: bool) -> LoadResult:
    sources, unreadable = open_tables(path)
    log = ProblemLog()
    for p in unreadable:
        log.add(p)
    feed = Feed(conn) if is_postgres(conn) else None
    empty = empty_tables(conn, [s.table for s in sources]) if feed is not None else set()
    checks: dict[str, TableCheck] = {}
    sinks: dict[str, TableSink] = {}
    bar = tqdm(total=sum(s.size for s in sources), unit="B", unit_scale=True, file=sys.stderr, disable=not progress,
               desc="import")
    try:
        merge_early = not empty  # no direct load in this import (see TableSink)
        for source in feed_order(sources) if feed is not None else sources:
            checks[source.table] = _read_table(conn, source, log, feed, source.table in empty, merge_early, sinks, bar)
        log.order_files([s.file for s in sources])  # problems listed in load order, whatever the read order
        checks = {s.table: checks[s.table] for s in sources}
        for check in checks.values():  # duplicate ids, while the server still loads
            check.finish()
        pending = pending_references(checks)  # likewise; the database is asked once the feed is done
        if feed is not None:
            feed.wait()
    finally:
        bar.close()
        if feed is not None:
            feed.close()
            for sink in sinks.values():
                sink.stop()
    sinks = {t: sinks[t] for t in checks if t in sinks}
    resolve_references(conn, pending, log)
    for table, sink in sinks.items():
        if sink.error is not None and not log:
            log.add(checks[table].source.where(None, None, f"the database refused the data: {sink.error}"))
    if log:
        raise ImportRejected(log.problems())
    counts = {table: sink.merge() for table, sink in sinks.items()}
    for sink in sinks.values():
        sink.add_foreign_keys()
    for table in checks:
        counts.setdefault(table, TableCounts())
    if "organisations" in sinks or "contacts" in sinks:
        rebuild_organisation_domains(conn)
    unassigned = sinks["activities"].unassigned if "activities" in sinks else []
    matched = _assign(conn, unassigned)
    return LoadResult(str(path), counts, len(unassigned), matched)


def feed_order(sources: list[TableSource]) -> list[TableSource]:
    """The order PostgreSQL is fed in: by size, but the files whose look-up columns Python parses
    (phone numbers: slow for Python, light for the server) just before the largest file.

    The server is the bottleneck on the other tables (COPY and index builds), Python on the phone
    numbers: with the smaller tables queued first, the server loads and indexes them while Python
    parses the numbers, and the largest file is copied as fast as Python checks it.
    """
    by_size = sorted(sources, key=lambda s: s.size)
    rest, last = by_size[:-1], by_size[-1:]
    return [s for s in rest if s.table not in LOOKUP_COLUMNS] + [s for s in rest if s.table in LOOKUP_COLUMNS] + last


def _read_table(conn: Connection, source: TableSource, log: ProblemLog, feed: Feed | None, empty: bool,
                merge_early: bool, sinks: dict[str, TableSink], bar: tqdm) -> TableCheck:
    """Read and check one table; its chunks go to a sink (bulk load) while the run has no problem."""
    bar.set_postfix_str(source.table)
    check = TableCheck(TABLES[source.table], source, log)
    loading = check.loadable and check.columns and not log
    sink = TableSink(conn, check, feed, empty, merge_early=merge_early) if loading else None
    if sink is not None:
        sinks[source.table] = sink
    for chunk in source.chunks():
        checked = check.check(chunk)
        if sink is not None and not log:
            sink.write(checked)
        bar.update(len(chunk.raw) if chunk.raw is not None else 0)
    if sink is not None:
        sink.close()
    return check


def _assign(conn: Connection, activity_ids: list[int]) -> bool:
    """Hand imported activities without organisation or contact to the matcher (etl.match)."""
    if not activity_ids:
        return True
    if importlib.util.find_spec("etl.match") is None:
        return False
    from etl.match import assign_activities

    assign_activities(conn, activity_ids)
    return True


def log_run(conn: Connection, *, source: str, started_at: datetime, status: str, rows: object = None,
            problems: int = 0, detail: str | None = None) -> int:
    """Write one `import_log` row; its id."""
    return int(conn.execute(insert(ImportLogEntry).values(
        started_at=started_at, finished_at=datetime.now(), source=source, status=status, rows=rows,
        problems=problems, detail=detail).returning(ImportLogEntry.id)).scalar_one())


def mark_run(conn: Connection, log_id: int, *, status: str, detail: str | None) -> None:
    """Change a logged run's status (`partial` when inbound files were skipped afterwards)."""
    conn.execute(update(ImportLogEntry).where(ImportLogEntry.id == log_id).values(
        status=status, detail=detail, finished_at=datetime.now()))


def rows_json(result: LoadResult) -> dict[str, dict[str, int]]:
    """Rows per table as stored in the log."""
    return {t: {"inserted": c.inserted, "updated": c.updated} for t, c in result.tables.items()}


def run_import(engine: Engine, path: Path, *, progress: bool = False,
               then: Callable[[Connection], None] | None = None) -> tuple[LoadResult, int]:
    """One import in one transaction, `then(conn)` inside it; logged either way: (result, log id)."""
    started = datetime.now()
    try:
        with engine.begin() as conn:
            result = import_tables(conn, path, progress=progress)
            if then is not None:
                then(conn)
            log_id = log_run(conn, source=str(path), started_at=started, status="loaded", rows=rows_json(result))
    except ImportRejected as exc:
        with engine.begin() as conn:
            log_run(conn, source=str(path), started_at=started, status="refused", problems=len(exc.problems),
                    detail=exc.summary()[:100_000])
        raise
    return result, log_id


__all__ = ["LoadResult", "import_tables", "log_run", "mark_run", "rows_json", "run_import"]
