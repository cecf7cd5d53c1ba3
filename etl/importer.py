"""`kundenakte import`: read, check and load a CSV folder or workbook in one transaction.

Every problem of the run is collected first (spec/interchange.md, "Bad input"); with any problem
nothing is written and ImportRejected carries them all. Each run leaves an `import_log` row,
a refused one in its own transaction after the rollback. On PostgreSQL a first load fills its
largest table on a second connection (etl.side_load), which the import's transaction swaps in:
still all or nothing.
"""

from __future__ import annotations

import contextlib
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

from core.db import is_postgres
from core.errors import ImportRejected
from core.schema import ImportLogEntry, metadata
from core.touched import ensure_touched
from etl.derive import LOOKUP_COLUMNS, rebuild_organisation_domains
from etl.feed import Feed
from etl.load import TableCounts, TableSink, empty_tables
from etl.side_load import SIDE_LEAD_BYTES, SIDE_LOAD_BYTES, can_side_load, drop_stale_shadows
from etl.sources.tables import TableSource, open_tables
from etl.tables import TABLES
from etl.validate import PendingReferences, ProblemLog, TableCheck, pending_references, resolve_references


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
    ensure_touched(conn)  # the load records the organisations it touches (core.touched)
    feed = Feed(conn) if is_postgres(conn) else None
    empty = empty_tables(conn, [s.table for s in sources]) if feed is not None else set()
    if feed is not None:
        drop_stale_shadows(conn)
    side = side_table(conn, sources, empty) if feed is not None else None
    checks: dict[str, TableCheck] = {}
    sinks: dict[str, TableSink] = {}
    bar = tqdm(total=sum(s.size for s in sources), unit="B", unit_scale=True, file=sys.stderr, disable=not progress,
               desc="import")
    try:
        try:
            reader = _Reader(conn, log, feed, empty, bar, checks, sinks, side)
            reader.read(feed_order(sources, side) if feed is not None else sources)
            log.order_files([s.file for s in sources])  # problems listed in load order, whatever the read order
            checks = {s.table: checks[s.table] for s in sources}
            for check in checks.values():  # duplicate ids, while the server still loads
                check.finish()
            pending = pending_references(checks)  # likewise; the database is asked once the feed is done
            if feed is not None:
                feed.wait()  # a side load may still be building indexes: joined in _load_checked
        finally:
            bar.close()
            if feed is not None:
                feed.close()
                for sink in sinks.values():
                    if not sink.side:
                        sink.stop()
        sinks = {t: sinks[t] for t in checks if t in sinks}
        return _load_checked(conn, path, log, checks, sinks, pending)
    finally:
        for sink in sinks.values():
            sink.discard()


def _load_checked(conn: Connection, path: Path, log: ProblemLog, checks: dict[str, TableCheck],
                  sinks: dict[str, TableSink], pending: list[PendingReferences]) -> LoadResult:
    """Refuse the import with every problem, or merge what the sinks staged and match the activities.

    A side load goes on meanwhile: it is waited for, and swapped in, last."""
    resolve_references(conn, pending, log)
    _refuse(log, checks, {t: s for t, s in sinks.items() if not s.side})
    counts = {table: sink.merge() for table, sink in sinks.items() if not sink.side}
    for sink in sinks.values():
        sink.add_foreign_keys()
    if "organisations" in sinks or "contacts" in sinks:
        rebuild_organisation_domains(conn)
    unassigned = sinks["activities"].unassigned if "activities" in sinks else []
    matched = _assign(conn, unassigned)
    side = {t: s for t, s in sinks.items() if s.side}
    for sink in side.values():
        sink.stop()
    _refuse(log, checks, side)
    counts |= {table: sink.merge() for table, sink in side.items()}
    counts = {table: counts.get(table, TableCounts()) for table in checks}
    return LoadResult(str(path), counts, len(unassigned), matched)


def _refuse(log: ProblemLog, checks: dict[str, TableCheck], sinks: dict[str, TableSink]) -> None:
    """Raise ImportRejected with every problem, a refusal by the database among them."""
    for table, sink in sinks.items():
        if sink.error is not None and not log:
            log.add(checks[table].source.where(None, None, f"the database refused the data: {sink.error}"))
    if log:
        raise ImportRejected(log.problems())


def feed_order(sources: list[TableSource], side: str | None = None) -> list[TableSource]:
    """The order PostgreSQL is fed in: a side-loaded table first (its own connection loads and indexes
    it while the import's connection takes the rest), then by size, but the files whose look-up columns
    Python parses (phone numbers: slow for Python, light for the server) just before the largest file.

    The server is the bottleneck on the other tables (COPY and index builds), Python on the phone
    numbers: with the smaller tables queued first, the server loads and indexes them while Python
    parses the numbers, and the largest file is copied as fast as Python checks it.
    """
    first = [s for s in sources if s.table == side]
    by_size = sorted((s for s in sources if s.table != side), key=lambda s: s.size)
    rest, last = by_size[:-1], by_size[-1:]
    return (first + [s for s in rest if s.table not in LOOKUP_COLUMNS] + [s for s in rest if s.table in LOOKUP_COLUMNS]
            + last)


def side_table(conn: Connection, sources: list[TableSource], empty: set[str]) -> str | None:
    """The table a first PostgreSQL load fills on a second connection (etl.side_load): the largest file,
    when it is large, its table empty and replaceable."""
    largest = max(sources, key=lambda s: s.size, default=None)
    if largest is None or largest.size < SIDE_LOAD_BYTES or largest.table not in empty:
        return None
    table = metadata.tables[TABLES[largest.table].target]
    if largest.table == "activities" or not can_side_load(conn, table):
        return None
    return largest.table


@dataclass
class _Reader:
    """Reads and checks the import's tables; their chunks go to sinks (bulk load) while the run has no problem."""

    conn: Connection
    log: ProblemLog
    feed: Feed | None
    empty: set[str]
    bar: tqdm
    checks: dict[str, TableCheck]
    sinks: dict[str, TableSink]
    #: the table loaded on a second connection (etl.side_load), if any
    side: str | None = None

    @property
    def merge_early(self) -> bool:
        """Merge staged rows batch by batch: only where no table is loaded directly (see TableSink)."""
        return not self.empty

    def read(self, order: list[TableSource]) -> None:
        """Read every table of `order`. A side-loaded table is read in turns with the others: its
        connection is kept SIDE_LEAD_BYTES ahead, the rest of Python's time feeds the import's own."""
        ahead = self._lane([s for s in order if s.table == self.side], side=True)
        main = self._lane([s for s in order if s.table != self.side])
        lanes = [ahead, main]
        while lanes:
            lane = lanes[0] if len(lanes) == 1 or self._side_sink_queued() < SIDE_LEAD_BYTES else lanes[1]
            if next(lane, StopIteration) is StopIteration:
                lanes.remove(lane)

    def side_loading(self) -> bool:
        """Whether the side load is still at work (called from the feed thread: one atomic dict look-up)."""
        sink = self.sinks.get(self.side) if self.side is not None else None
        return sink is not None and not sink.done.is_set()

    def _side_sink_queued(self) -> int:
        sink = self.sinks.get(self.side) if self.side is not None else None
        return sink.queued if sink is not None else 0

    def _lane(self, sources: list[TableSource], *, side: bool = False) -> Iterator[None]:
        """Read `sources` one after another, pausing after each chunk."""
        for source in sources:
            yield from self._table(source, side)

    def _table(self, source: TableSource, side: bool) -> Iterator[None]:
        self.bar.set_postfix_str(source.table)
        check = self.checks[source.table] = TableCheck(TABLES[source.table], source, self.log,
                                                       raw_only=self.feed is not None)
        loading = check.loadable and check.columns and not self.log
        sink = TableSink(self.conn, check, self.feed, source.table in self.empty, merge_early=self.merge_early,
                         side=side, side_loading=None if side else self.side_loading) if loading else None
        if sink is not None:
            self.sinks[source.table] = sink
        for chunk in source.chunks():
            checked = check.check(chunk)
            if sink is not None and not self.log:
                sink.write(checked)
            self.bar.update(len(chunk.raw) if chunk.raw is not None else 0)
            yield
        if sink is not None:
            sink.close()


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


def _drop_shadows(conn: Connection) -> None:
    """After a failed import: a side load's shadow it committed is no longer needed (etl.side_load)."""
    if is_postgres(conn):
        drop_stale_shadows(conn)


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
            _drop_shadows(conn)
            log_run(conn, source=str(path), started_at=started, status="refused", problems=len(exc.problems),
                    detail=exc.summary()[:100_000])
        raise
    except Exception:
        with contextlib.suppress(Exception), engine.begin() as conn:
            _drop_shadows(conn)
        raise
    return result, log_id


__all__ = ["LoadResult", "import_tables", "log_run", "mark_run", "rows_json", "run_import"]
