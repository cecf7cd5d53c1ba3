"""Load checked chunks: bulk into staging (or straight into an empty table), then upsert by id.

PostgreSQL streams CSV into `COPY` (a chunk whose bytes need no change is sent exactly as the
file holds it) through the connection's worker thread (etl.feed), so the server loads and indexes
one table while Python checks the next; SQLite fills the same staging table with executemany. An
empty table is loaded directly: its foreign keys are dropped and re-added afterwards (one
validating query each instead of a trigger per row at commit), big ones rebuild their indexes
after the COPY. The merge is one `INSERT ... SELECT ... WHERE NOT EXISTS (same row) ON CONFLICT
(id) DO UPDATE` on both; PostgreSQL runs it every MERGE_BATCH_BYTES of staged data in the feed
thread (a re-import merges while Python checks on), SQLite once at the end. The caller owns the
transaction.

The largest table of a first load is filled beside the rest, on a second connection, and swapped in
(etl.side_load). Large demo set (15.2 M rows, 1.37 GB, 2 cores, PostgreSQL 15; bench/README.md,
best of 2 rounds): the whole `kundenakte import` into an empty database runs at 54 % of the speed
of a bare COPY of the same files (45.5 s against 24.5 s), a re-import at 56 % (43.8 s).
"""
from __future__ import annotations

import contextlib
import io
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, ForeignKeyConstraint, Index, text
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint

from core.db import is_postgres
from core.frames import TEXT
from core.schema import metadata
from core.schema.base import dialect_indexes
from core.touched import TOUCHED_TABLE, TRACKED_FACTS, month_bounds_sql, touched_all
from etl.derive import LOOKUP_COLUMNS, lookup_columns
from etl.feed import Feed
from etl.side_load import (
    create_shadow_sql,
    primary_key_sql,
    quoted,
    referenced,
    shadow_index_name,
    shadow_name,
    swap_in,
)
from etl.validate import CheckedChunk, TableCheck, Values

#: a table loaded straight into an empty target drops its secondary indexes above this file size
BIG_FILE_BYTES = 4 << 20
#: COPY data staged before PostgreSQL merges it into the target (then the staging table is emptied)
MERGE_BATCH_BYTES = 64 << 20
#: parallel workers per index build besides the server process itself; none while a side load
#: (etl.side_load) keeps the other core busy
INDEX_BUILD_WORKERS = 1


@dataclass(frozen=True)
class TableCounts:
    """Rows of one table: new ids, and ids that existed already (their values now updated)."""

    inserted: int = 0
    updated: int = 0


@dataclass(frozen=True)
class Staged:
    """One staged column: its name in the target, its type kind, and whether an update sets it."""

    target: str
    kind: str
    source: str | None
    update: bool


class TableSink:
    """Receives the checked chunks of one table and merges them into the target at the end.

    On PostgreSQL every statement of the bulk load (DDL, COPY, index builds) goes through `feed`,
    the connection's worker thread; call `feed.wait()` before `merge()`.
    """

    def __init__(self, conn: Connection, check: TableCheck, feed: Feed | None = None,
                 empty: bool | None = None, *, merge_early: bool = False, side: bool = False,
                 side_loading: Callable[[], bool] | None = None) -> None:
        self.conn = conn
        self.check = check
        self.spec = check.spec
        self.table = metadata.tables[self.spec.target]
        self.pg = is_postgres(conn)
        self.rows = 0
        self.error: str | None = None
        present = {c.name for c in check.columns}
        self.staged: list[Staged] = []
        for col in self.spec.columns:
            if col.name in present:
                self.staged.append(Staged(col.target, col.kind, col.name, True))
            elif col.name == "id" and self.spec.id_from:
                self.staged.append(Staged("id", "text", "id", True))
            elif col.default is not None and not col.nullable:
                self.staged.append(Staged(col.target, col.kind, None, False))
        self.lookups = {src: targets for src, targets in LOOKUP_COLUMNS.get(self.spec.name, {}).items()
                        if src in present}
        for src, targets in self.lookups.items():
            self.staged += [Staged(target, "text", src, True) for target in targets]
        self.activities = self.spec.name == "activities"
        #: the organisation column of a fact whose maintained aggregates follow the rows this load touches
        self.tracked = TRACKED_FACTS.get(self.table.name)
        self.unassigned: list[int] = []
        self.raw = check.raw_layout and self.pg
        if self.raw:  # the file's own column order, so clean chunks can be sent as written
            order = {c.target: i for i, c in enumerate(self.spec.columns)}
            by_file = {self.spec.by_name[n].target: i for i, n in enumerate(check.source.columns)}
            self.staged.sort(key=lambda s: by_file.get(s.target, len(order) + order[s.target]))
        if empty is None and self.pg:
            empty = bool(conn.execute(text(f"SELECT NOT EXISTS (SELECT 1 FROM {quoted(self.table.name)})")).scalar())
        self.direct = not self.activities and self.pg and bool(empty)
        # `side`: loaded into a shadow table on a second connection and swapped in by merge() (etl.side_load)
        self.side = side and self.direct
        self.side_conn: Connection | None = None
        self.committed = False
        #: whether another sink's side load is still at work (then this one builds its indexes alone)
        self.side_loading = side_loading
        self.done = threading.Event()
        # `merge_early`: PostgreSQL merges staged rows batch by batch while Python checks on (one
        # transaction: a refused import rolls the merged batches back with everything else). Only where
        # no table of the import is loaded directly: a merge leaves deferred key checks pending, and
        # those forbid the DDL of a direct load.
        self.batched = merge_early and self.pg and not self.direct and not self.activities
        self._batch_bytes = 0
        self._inserted = 0
        self.dropped: list[Index] = []
        self.dropped_fks: list[ForeignKeyConstraint] = []
        self.into = self.table.name if self.direct else f"stg_{self.spec.name}"
        if self.side:
            self.into = shadow_name(self.table.name, conn.connection.driver_connection.info.backend_pid)
            self.side_conn = conn.engine.connect()
            feed = Feed(self.side_conn)
        self.feed = feed if feed is not None or not self.pg else Feed(conn)
        self._own_feed = (feed is None or self.side) and self.pg
        self._savepoint = f"load_{self.spec.name}"
        self._copy: Any = None
        self._copy_sql = ""
        self._copy_cm: Any = None
        self._cursor: Any = None
        self._open()

    # ------------------------------------------------------------------ staging

    def _stage_type(self, s: Staged) -> str:
        return self.table.c[s.target].type.compile(dialect=self.conn.dialect)

    def _sql(self, ddl: Any) -> str:
        return str(ddl.compile(dialect=self.conn.dialect))

    def _open(self) -> None:
        statements: list[str] = []
        if self.side:
            statements.append(create_shadow_sql(self.table, self.into))
            self.dropped = dialect_indexes(self.table.indexes, self.conn.dialect.name)
        elif not self.direct:
            statements.append(f"DROP TABLE IF EXISTS {'' if self.pg else 'temp.'}{quoted(self.into)}")
            cols = ", ".join(f"{quoted(s.target)} {self._stage_type(s)}" for s in self.staged)
            tail = " ON COMMIT DROP" if self.pg else ""
            statements.append(f"CREATE TEMP TABLE {quoted(self.into)} ({cols}){tail}")
        else:
            # No per-row FK trigger (fired at commit): the checks found every reference already, and
            # add_foreign_keys() validates each constraint with one query. It also leaves no pending
            # trigger events, which would forbid dropping and creating indexes.
            self.dropped_fks = sorted(self.table.foreign_key_constraints, key=lambda c: str(c.name))
            statements += [self._sql(DropConstraint(fk)) for fk in self.dropped_fks]
            if self.check.source.size >= BIG_FILE_BYTES:
                self.dropped = dialect_indexes(self.table.indexes, self.conn.dialect.name)
                statements += [f"DROP INDEX {quoted(str(index.name))}" for index in self.dropped]
        freeze = self.side or (self.direct and self.pg and not referenced(self.table))
        if freeze and not self.side:
            # Emptied in this savepoint, the table takes COPY FREEZE: its rows arrive frozen and
            # all-visible, so nothing rewrites its pages to set hint bits later and index-only scans
            # work right after the import, without a VACUUM. (TRUNCATE refuses a referenced table.)
            statements.append(f"TRUNCATE {quoted(self.table.name)}")
        if not self.pg:
            for statement in statements:
                self.conn.execute(text(statement))
            return
        dialect = self.check.source.dialect if self.raw else None
        sep, enc = (dialect.sep, dialect.pg_encoding) if dialect else (",", "UTF8")
        names = ", ".join(quoted(s.target) for s in self.staged)
        copy = (f"COPY {quoted(self.into)} ({names}) FROM STDIN WITH (FORMAT csv, DELIMITER '{sep}', "
                f"ENCODING '{enc}', FORCE_NULL ({names}){', FREEZE' if freeze else ''})")
        self._submit(lambda pg: self._start(pg, statements, copy))

    def _submit(self, job: Callable[[Any], None], size: int = 0) -> None:
        assert self.feed is not None
        self.feed.submit(job, size)

    # the next four run in the feed's thread, in order

    def _start(self, pg: Any, statements: list[str], copy: str) -> None:
        try:
            pg.execute(f"SAVEPOINT {self._savepoint}")  # a refusal rolls back to here: keys and indexes come back
            for statement in statements:
                pg.execute(statement)
            self._copy_sql = copy
            self._open_copy(pg)
        except Exception as exc:
            self._abort(pg, exc)

    def _open_copy(self, pg: Any) -> None:
        self._cursor = pg.cursor()
        self._copy_cm = self._cursor.copy(self._copy_sql)
        self._copy = self._copy_cm.__enter__()

    def _end_copy(self) -> None:
        cm, self._copy_cm, self._copy = self._copy_cm, None, None
        cm.__exit__(None, None, None)
        self._cursor.close()

    def _merge_batch(self, pg: Any) -> None:
        """Upsert the staged batch into the target and empty the staging table (feed thread)."""
        self._inserted += int(pg.execute(self._counted_upsert_sql()).fetchone()[0])
        pg.execute(f"TRUNCATE {quoted(self.into)}")

    def _flush(self, pg: Any) -> None:
        """End the COPY, merge what it staged, start the next COPY."""
        if self.error is not None:
            return
        try:
            self._end_copy()
            self._merge_batch(pg)
            self._open_copy(pg)
        except Exception as exc:
            self._abort(pg, exc)

    def _put(self, pg: Any, data: bytes) -> None:
        if self.error is not None:
            return
        try:
            self._copy.write(data)
        except Exception as exc:  # the database refused data the checks let through: reported, rolled back
            self._abort(pg, exc)

    def _finish(self, pg: Any) -> None:
        """End the COPY; merge the last batch, or rebuild the dropped indexes (inside the savepoint) and ANALYZE."""
        try:
            self._finish_load(pg)
        finally:
            self.done.set()

    def _finish_load(self, pg: Any) -> None:
        if self.error is not None:
            return
        if self.side and self.check.log:  # the import is refused already: no index for a shadow nobody swaps in
            self._abort(pg, None)
            return
        try:
            self._end_copy()
            if self.batched:
                self._merge_batch(pg)
            if self.dropped:
                if self.side:
                    self._build(pg, primary_key_sql(self.table, self.into))
                for i, index in enumerate(self.dropped):
                    self._build(pg, self._index_sql(i, index))
                pg.execute(f"ANALYZE {quoted(self.into)}")
            pg.execute(f"RELEASE SAVEPOINT {self._savepoint}")
            if self.side:
                pg.commit()  # the shadow now exists for the import's transaction to swap in
                self.committed = True
        except Exception as exc:
            self._abort(pg, exc)

    def _build(self, pg: Any, statement: str) -> None:
        """Build one index (feed thread). 64MB per participant sorts in cache-sized runs (invoices' indexes,
        10M rows: 31-38 s against 41-44 s with 1GB); a parallel worker sorts half the rows on the second
        core, unless a side load is at work there (decided per index: the last ones often find it done)."""
        workers = 0 if self.side_loading is not None and self.side_loading() else INDEX_BUILD_WORKERS
        pg.execute(f"SET LOCAL max_parallel_maintenance_workers = {workers}")
        pg.execute(f"SET LOCAL maintenance_work_mem = '{64 * (workers + 1)}MB'")
        pg.execute(statement)

    def _index_sql(self, position: int, index: Index) -> str:
        """CREATE INDEX for one of the target's indexes (a side load: on the shadow, under a shadow name)."""
        sql = self._sql(CreateIndex(index))
        if not self.side:
            return sql
        prep = self.conn.dialect.identifier_preparer
        named = f" {prep.quote(str(index.name))} ON {prep.format_table(self.table)} "
        assert named in sql, sql
        return sql.replace(named, f" {quoted(shadow_index_name(self.into, position))} ON {quoted(self.into)} ", 1)

    def _abort(self, pg: Any, exc: BaseException | None) -> None:
        """Record the refusal, end an open COPY and roll back to the savepoint."""
        if exc is not None and self.error is None:
            self.error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if self._copy_cm is not None:
            cm, self._copy_cm, self._copy = self._copy_cm, None, None
            err = exc if exc is not None else RuntimeError("import stopped")
            with contextlib.suppress(Exception):
                cm.__exit__(type(err), err, None)
        if self._cursor is not None:
            with contextlib.suppress(Exception):
                self._cursor.close()
            self._cursor = None
        if pg is not None:
            with contextlib.suppress(Exception):
                if self.side:
                    pg.rollback()  # the shadow was never committed: it is gone
                else:
                    pg.execute(f"ROLLBACK TO SAVEPOINT {self._savepoint}")

    def _texts(self, chunk: CheckedChunk) -> dict[str, Values]:
        """Normalised text per staged column (defaults and derived look-ups filled in)."""
        out: dict[str, Values] = {}
        n = len(chunk)
        for src_name in self.lookups:  # distinct values only, each parsed once
            src = chunk.columns[src_name]
            distinct = [None if pd.isna(v) else str(v) for v in src.norm.tolist()]
            for target, derived in lookup_columns(self.spec.name, src_name, distinct).items():
                out[target] = Values(src.codes, pd.Series(derived, dtype=TEXT), False)
        for s in self.staged:
            if s.target in out:
                continue
            if s.source is None:
                col = self.spec.by_name[next(c.name for c in self.spec.columns if c.target == s.target)]
                out[s.target] = Values(np.zeros(n, dtype=np.intp), pd.Series([col.default], dtype=TEXT), False)
            else:
                out[s.target] = chunk.columns[s.source]
        return out

    def write(self, chunk: CheckedChunk) -> None:
        """Stage one chunk (PostgreSQL: queued for COPY, as written when possible; SQLite: executemany)."""
        if self.error is not None or not len(chunk):
            return
        self.rows += len(chunk)
        try:
            if self.pg:
                data = self._pg_bytes(chunk)
                self._submit(lambda pg: self._put(pg, data), len(data))
                if self.batched:
                    self._batch_bytes += len(data)
                    if self._batch_bytes >= MERGE_BATCH_BYTES:
                        self._batch_bytes = 0
                        self._submit(self._flush)
            else:
                self._write_sqlite(chunk)
        except Exception as exc:  # the database refused data the checks let through: reported, rolled back
            self.error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if self.pg:
                self._submit(lambda pg: self._abort(pg, None))

    def _pg_bytes(self, chunk: CheckedChunk) -> bytes:
        if self.raw and chunk.raw_loadable and chunk.raw is not None:
            return chunk.raw
        values = self._texts(chunk)
        frame = pd.DataFrame({s.target: values[s.target].text() for s in self.staged})
        dialect = self.check.source.dialect if self.raw else None
        buf = io.StringIO()
        frame.to_csv(buf, sep=dialect.sep if dialect else ",", header=False, index=False,
                     lineterminator=dialect.newline if dialect else "\n")
        return buf.getvalue().encode(dialect.encoding if dialect else "utf-8")

    def _write_sqlite(self, chunk: CheckedChunk) -> None:
        values = self._texts(chunk)
        arrays = [_sqlite_values(s.kind, values[s.target]) for s in self.staged]
        names = ", ".join(quoted(s.target) for s in self.staged)
        marks = ", ".join("?" for _ in self.staged)
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(f"INSERT INTO temp.{quoted(self.into)} ({names}) VALUES ({marks})",
                               zip(*arrays, strict=True))
        finally:
            cursor.close()

    def close(self) -> None:
        """Finish the bulk copy (PostgreSQL: queued; a refusal by the database is kept in `error`)."""
        if not self.pg:
            return
        self._submit(self._finish)
        if self._own_feed and self.feed is not None and not self.side:
            self.feed.close()
            self.feed = None

    @property
    def queued(self) -> int:
        """Bytes of COPY data waiting for this sink's connection."""
        return self.feed.queued if self.feed is not None else 0

    def join(self) -> None:
        """Wait for a side load to finish its work (a no-op for a sink on the import's own feed)."""
        if self.side and self.feed is not None:
            self.feed.close()
            self.feed = None

    def stop(self) -> None:
        """After the feed stopped: end a COPY left open (the import failed on the way)."""
        self.join()
        self.done.set()
        if self._copy_cm is not None:
            driver = self.side_conn if self.side else self.conn
            assert driver is not None
            self._abort(driver.connection.driver_connection, None)

    def discard(self) -> None:
        """The import ends without this table: drop a committed shadow, release the side connection."""
        if self.side_conn is None:
            return
        if self.feed is not None:  # still loading: cut it short (the feed skips what is queued)
            self.error = self.error or "import stopped"
            with contextlib.suppress(Exception):
                self.side_conn.connection.driver_connection.cancel_safe(timeout=5)
        self.stop()
        side, self.side_conn = self.side_conn, None
        try:
            if self.committed:
                pg = side.connection.driver_connection
                pg.execute(f"DROP TABLE IF EXISTS {quoted(self.into)}")
                pg.commit()
                self.committed = False
        finally:
            side.close()

    # ------------------------------------------------------------------ merge

    def merge(self) -> TableCounts:
        """Upsert the staged rows into the target (a direct load is in place already)."""
        conn = self.conn
        if self.tracked and (self.side or self.direct):
            touched_all(conn, self.table.name)
        if self.side:
            swap_in(conn, self.table, self.into, self.dropped)
            self.committed = False  # renamed in the import's transaction: a rollback restores the shadow
            self.discard()
            return TableCounts(inserted=self.rows)
        if self.direct:
            return TableCounts(inserted=self.rows)
        if self.activities:
            return self._merge_activities()
        if self.batched:  # merged in the feed thread already
            inserted = self._inserted
        elif self.pg:
            inserted = int(conn.execute(text(self._counted_upsert_sql())).scalar_one())
        else:
            t, s = quoted(self.table.name), quoted(self.into)
            existing = conn.execute(text(f"SELECT count(*) FROM {s} AS s WHERE EXISTS "
                                         f"(SELECT 1 FROM {t} AS x WHERE x.id = s.id)")).scalar_one()
            if self.tracked:
                conn.execute(text(self._touched_sql()))
            conn.execute(text(self._upsert_sql()))
            inserted = self.rows - int(existing)
        self._drop_staging()
        return TableCounts(inserted=inserted, updated=self.rows - inserted)

    def _counted_upsert_sql(self) -> str:
        """PostgreSQL: the upsert, answering how many rows it inserted (`xmax = 0`: inserted, not updated).

        For a tracked fact the new or changed rows are picked once (`changed`), and their organisations,
        the old ones read from the target in the statement's own snapshot, go to `touched_organisations`
        in the same statement."""
        if not self.tracked:
            return f"WITH up AS ({self._upsert_sql()} RETURNING (xmax = 0) AS new) SELECT count(*) FROM up WHERE new"
        t = quoted(self.table.name)
        cols = ", ".join(quoted(x.target) for x in self.staged)
        return (f"WITH changed AS MATERIALIZED ({self._changed_sql()}), "
                f"touched AS ({self._touched_insert('changed', 'true')}), "
                f"up AS (INSERT INTO {t} ({cols}) SELECT {cols} FROM changed AS s WHERE true "
                f"ON CONFLICT (id) DO {self._conflict_action()} RETURNING (xmax = 0) AS new) "
                "SELECT count(*) FROM up WHERE new")

    def _touched_insert(self, rows: str, where: str) -> str:
        """INSERT into `touched_organisations` the organisation and month of the rows `rows` (alias s) meeting
        `where`, and the old organisation and month of those already in the target (read in the statement's
        snapshot, before the upsert)."""
        assert self.tracked is not None
        org, day = (quoted(c) for c in self.tracked)
        t, fact = quoted(self.table.name), self.table.name
        new_month, new_next = month_bounds_sql(f"s.{day}", self.pg)
        old_month, old_next = month_bounds_sql(f"x.{day}", self.pg)
        return (f"INSERT INTO {TOUCHED_TABLE} (fact, organisation_id, month, next_month) "
                f"SELECT '{fact}', s.{org}, {new_month}, {new_next} FROM {rows} AS s WHERE {where} UNION "
                f"SELECT '{fact}', x.{org}, {old_month}, {old_next} FROM {t} AS x JOIN {rows} AS s ON s.id = x.id "
                f"WHERE {where}")

    def _sets(self) -> list[str]:
        return [x.target for x in self.staged if x.update and x.target != "id"]

    def _new_or_changed(self) -> str:
        """The condition on a staged row `s`: its id is new, or one of its values differs from the target's."""
        t, sets = quoted(self.table.name), self._sets()
        if not sets:
            return f"NOT EXISTS (SELECT 1 FROM {t} AS x WHERE x.id = s.id)"
        same = " AND ".join(f"x.{quoted(n)} IS NOT DISTINCT FROM s.{quoted(n)}" for n in sets)
        return f"NOT EXISTS (SELECT 1 FROM {t} AS x WHERE x.id = s.id AND {same})"

    def _changed_sql(self) -> str:
        """The staged rows that are new or changed."""
        cols = ", ".join(quoted(x.target) for x in self.staged)
        return f"SELECT {cols} FROM {quoted(self.into)} AS s WHERE {self._new_or_changed()}"

    def _conflict_action(self) -> str:
        t, sets = quoted(self.table.name), self._sets()
        if not sets:
            return "NOTHING"
        changed = " OR ".join(f"{t}.{quoted(n)} IS DISTINCT FROM excluded.{quoted(n)}" for n in sets)
        assignments = ", ".join(f"{quoted(n)} = excluded.{quoted(n)}" for n in sets)
        return f"UPDATE SET {assignments} WHERE {changed}"

    def _touched_sql(self) -> str:
        """SQLite (no writing CTEs): the touched organisations and months of the staged rows that are new or
        changed, run before the upsert."""
        return self._touched_insert(quoted(self.into), self._new_or_changed())

    def _upsert_sql(self) -> str:
        """Upsert the staged rows by id.

        A row whose values did not change is not touched at all: skipped before the upsert (ON
        CONFLICT would lock it, writing every page), so a re-import reads and writes little.
        """
        t, s = quoted(self.table.name), quoted(self.into)
        cols = ", ".join(quoted(x.target) for x in self.staged)
        where = self._new_or_changed() if self._sets() else "true"
        return (f"INSERT INTO {t} ({cols}) SELECT {cols} FROM {s} AS s WHERE {where} "
                f"ON CONFLICT (id) DO {self._conflict_action()}")

    def add_foreign_keys(self) -> None:
        """Re-add the foreign keys dropped for a direct load (call once every table is loaded)."""
        for fk in self.dropped_fks:
            self.conn.execute(AddConstraint(fk))
        self.dropped_fks = []

    def _merge_activities(self) -> TableCounts:
        conn = self.conn
        s = quoted(self.into)
        join = f"activities a JOIN {s} s ON a.source = 'import' AND a.source_id = s.source_id"
        updated = conn.execute(text(f"SELECT count(*) FROM {join}")).scalar_one()
        names = [x.target for x in self.staged if x.target != "source_id"]
        cols = ", ".join(map(quoted, names))
        sets = ", ".join(f"{quoted(n)} = excluded.{quoted(n)}" for n in names if self._updates(n))
        conn.execute(text(
            f"INSERT INTO activities (source, source_id, {cols}) "
            f"SELECT 'import', source_id, {cols} FROM {s} WHERE true "
            f"ON CONFLICT (source, source_id) DO {'UPDATE SET ' + sets if sets else 'NOTHING'}"))
        has = [n for n in ("organisation_id", "contact_id") if n in names]
        named = " OR ".join(f"s.{n} IS NOT NULL" for n in has) or "false"
        conn.execute(text(f"DELETE FROM inbox_items WHERE activity_id IN (SELECT a.id FROM {join} WHERE {named})"))
        conn.execute(text(
            f"DELETE FROM activity_links WHERE activity_id IN (SELECT a.id FROM {join} WHERE {named}) "
            f"OR (matched_by = 'source' AND activity_id IN (SELECT a.id FROM {join}))"))
        if has:
            org = "s.organisation_id" if "organisation_id" in has else "NULL"
            contact = "s.contact_id" if "contact_id" in has else "NULL"
            conn.execute(text(
                "INSERT INTO activity_links (activity_id, organisation_id, contact_id, matched_by) "
                f"SELECT a.id, COALESCE({org}, c.organisation_id), {contact}, 'source' FROM {join} "
                f"LEFT JOIN contacts c ON c.id = {contact} WHERE COALESCE({org}, c.organisation_id) IS NOT NULL"))
        unnamed = " AND ".join(f"s.{n} IS NULL" for n in has) or "true"
        self.unassigned = [int(i) for i in conn.execute(text(f"SELECT a.id FROM {join} WHERE {unnamed} ORDER BY a.id"))
                           .scalars()]
        self._drop_staging()
        return TableCounts(inserted=self.rows - updated, updated=updated)

    def _updates(self, name: str) -> bool:
        return any(x.target == name and x.update for x in self.staged)

    def _drop_staging(self) -> None:
        self.conn.execute(text(f"DROP TABLE IF EXISTS {'' if self.pg else 'temp.'}{quoted(self.into)}"))




def empty_tables(conn: Connection, tables: list[str]) -> set[str]:
    """Which of `tables` hold no row (one query)."""
    if not tables:
        return set()
    probes = ", ".join(f"NOT EXISTS (SELECT 1 FROM {quoted(metadata.tables[t].name)})" for t in tables)
    row = conn.execute(text(f"SELECT {probes}")).one()
    return {t for t, empty in zip(tables, row, strict=True) if empty}


def _null(x: object) -> object:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _sqlite_values(kind: str, v: Values) -> np.ndarray:
    """Per-row Python values in SQLAlchemy's SQLite storage form (converted once per distinct value)."""
    norm = v.norm
    if kind == "int":
        conv: list[object] = [None if pd.isna(x) else int(x) for x in norm.tolist()]
    elif kind == "number":
        conv = pd.to_numeric(norm, errors="coerce").tolist()
    elif kind == "timestamp":
        conv = pd.to_datetime(norm, format="ISO8601", errors="coerce").dt.strftime("%Y-%m-%d %H:%M:%S.%f").tolist()
    elif kind == "bool":
        conv = [None if pd.isna(x) else int(x in ("true", "1", "yes")) for x in norm.str.lower().tolist()]
    else:
        conv = norm.tolist()
    arr = np.empty(len(conv), dtype=object)
    arr[:] = [_null(x) for x in conv]
    return arr[v.codes]


__all__ = ["TableCounts", "TableSink", "empty_tables"]
