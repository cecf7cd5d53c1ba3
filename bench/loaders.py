"""Bulk-load synthetic frames for the benchmarks: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from core.db import is_postgres


def _copy_pg(engine: Engine, tables: dict[str, pd.DataFrame]) -> None:
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            cur.execute("SET session_replication_role = replica")  # skip deferred FK triggers during the bulk load
            for name, frame in tables.items():
                buf = io.StringIO()
                frame.to_csv(buf, index=False, header=False)
                with cur.copy(f"COPY {name} ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv)") as copy:
                    copy.write(buf.getvalue())
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")  # index-only scans need the visibility map


def _insert_sqlite(engine: Engine, tables: dict[str, pd.DataFrame]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for name, frame in tables.items():
            data = frame.copy()
            for col in data.columns:
                if pd.api.types.is_datetime64_any_dtype(data[col]):
                    data[col] = data[col].dt.strftime("%Y-%m-%d")
                elif data[col].dtype == object and len(data) and isinstance(data[col].iloc[0], date):
                    data[col] = data[col].astype(str)
            rows = list(data.astype(object).where(data.notna(), None).itertuples(index=False, name=None))
            marks = ", ".join("?" * len(data.columns))
            cur.executemany(f"INSERT INTO {name} ({', '.join(data.columns)}) VALUES ({marks})", rows)
        raw.commit()
        cur.execute("ANALYZE")
    finally:
        raw.close()


def bulk_load(engine: Engine, tables: dict[str, pd.DataFrame]) -> None:
    """Insert every frame into its table (column names = table columns), then refresh statistics."""
    (_copy_pg if is_postgres(engine) else _insert_sqlite)(engine, tables)
