"""A first PostgreSQL load fills its largest table on a second connection and swaps it in (etl.side_load).

spec/interchange.md, "Bad input": the import is one transaction; a refused one writes nothing. The
side load must keep that promise and leave the table exactly as the migrations made it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from core.db import make_engine
from core.errors import ImportRejected
from etl import importer as importer_mod
from etl.importer import run_import
from etl.sources import tables as source_mod
from services.commands.imports import run_import as import_command
from tests.conftest import _truncate_pg
from tests.support import write_interchange

pytestmark = pytest.mark.pg

ORGS = [{"id": "O1", "name": "A"}, {"id": "O2", "name": "B"}]


def _invoice_rows(n: int, amount: str = "10.50") -> list[dict[str, str]]:
    return [{"id": f"I{i:04d}", "organisation_id": "O1" if i % 3 else "O2", "invoice_date": f"2026-01-{1 + i % 28:02d}",
             "amount_net": amount, "status": "paid", "number": f"R-{i:04d}"} for i in range(n)]


@pytest.fixture
def pg(pg_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """An empty migrated PostgreSQL database where every large-enough file is side-loaded (threshold 0)."""
    monkeypatch.setattr(importer_mod, "SIDE_LOAD_BYTES", 0)
    monkeypatch.setattr(source_mod, "BLOCK_BYTES", 2048)  # several COPY chunks
    engine = make_engine(pg_database_url)
    _truncate_pg(engine)
    yield engine
    with engine.begin() as conn:
        for name in _shadows(conn):
            conn.execute(text(f'DROP TABLE "{name}"'))
    engine.dispose()


def _shadows(conn: Connection) -> list[str]:
    return list(conn.execute(text(r"SELECT relname FROM pg_class WHERE relname LIKE '\_load\_%' ORDER BY 1")).scalars())


def _signature(conn: Connection, table: str = "invoices") -> dict[str, list[tuple]]:
    """What the migrations define for a table: columns, constraints, indexes (by name and definition)."""
    return {
        "columns": [tuple(r) for r in conn.execute(text(
            "SELECT attname, format_type(atttypid, atttypmod), attnotnull, coalesce(collname, ''), "
            "coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a "
            "LEFT JOIN pg_collation c ON c.oid = a.attcollation AND a.attcollation <> 100 "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE attrelid = to_regclass(:t) AND attnum > 0 AND NOT attisdropped ORDER BY attnum"), {"t": table})],
        "constraints": [tuple(r) for r in conn.execute(text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(:t) "
            "ORDER BY conname"), {"t": table})],
        "indexes": [tuple(r) for r in conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t ORDER BY indexname"), {"t": table})],
    }


def _oid(conn: Connection) -> int:
    return int(conn.execute(text("SELECT 'invoices'::regclass::oid")).scalar_one())


def test_largest_table_loaded_beside_is_the_table_the_migrations_made(pg: Engine, tmp_path: Path) -> None:
    """Bad input / Tables: the side-loaded invoices hold every row, under the same columns, keys and indexes."""
    with pg.connect() as conn:
        before, oid = _signature(conn), _oid(conn)
    assert len(before["indexes"]) == 6  # the primary key and five secondary indexes (two of them partial)
    rows = _invoice_rows(300)
    report = import_command(pg, write_interchange(tmp_path / "in", {"organisations": ORGS, "invoices": rows}),
                            as_of=date(2026, 11, 24))
    assert {t.table: t.inserted for t in report.tables}["invoices"] == 300
    with pg.connect() as conn:
        assert _oid(conn) != oid, "the invoices were not side-loaded"
        assert _signature(conn) == before
        assert _shadows(conn) == []
        loaded = conn.execute(text("SELECT id, organisation_id, invoice_date, amount_net, number FROM invoices "
                                   "ORDER BY id")).all()
        assert [tuple(r) for r in loaded[:2]] == [("I0000", "O2", date(2026, 1, 1), 10.5, "R-0000"),
                                                  ("I0001", "O1", date(2026, 1, 2), 10.5, "R-0001")]
        assert len(loaded) == 300
        # the maintained aggregates of the same import (kundenakte import) read the swapped-in table
        since = conn.execute(text("SELECT customer_since FROM relationship_starts WHERE organisation_id = 'O1'"))
        first = min(r["invoice_date"] for r in rows if r["organisation_id"] == "O1")
        assert since.scalar_one() == date.fromisoformat(first)


def test_refused_import_leaves_neither_rows_nor_shadow(pg: Engine, tmp_path: Path) -> None:
    """Bad input: a problem in another file refuses the whole import; the committed shadow is dropped."""
    bad_orgs = [*ORGS, {"id": "O3", "name": "C", "relationship_mode": "sometimes"}]
    folder = write_interchange(tmp_path / "in", {"organisations": bad_orgs, "invoices": _invoice_rows(300)})
    with pg.connect() as conn:
        oid = _oid(conn)
    with pytest.raises(ImportRejected) as refused:
        run_import(pg, folder)
    where = [(p.file, p.row, p.column) for p in refused.value.problems]
    assert where == [("organisations.csv", 4, "relationship_mode")]
    with pg.connect() as conn:
        assert _oid(conn) == oid and _shadows(conn) == []
        assert conn.execute(text("SELECT count(*) FROM invoices")).scalar_one() == 0
        assert conn.execute(text("SELECT status FROM import_log")).scalars().all() == ["refused"]


def test_a_refusal_by_the_database_in_the_side_load_is_reported(pg: Engine, tmp_path: Path) -> None:
    """Bad input: a row the checks pass but the database refuses (here a CHECK of the site's own) names its
    file; nothing is written and the table keeps its constraint."""
    with pg.begin() as conn:
        conn.execute(text("ALTER TABLE invoices ADD CONSTRAINT ck_site_small CHECK (amount_net < 1000)"))
    try:
        folder = write_interchange(tmp_path / "in", {"organisations": ORGS,
                                                      "invoices": _invoice_rows(300, amount="5000")})
        with pytest.raises(ImportRejected) as refused:
            run_import(pg, folder)
        (problem,) = refused.value.problems
        assert problem.file == "invoices.csv" and "the database refused the data" in problem.message
        assert "ck_site_small" in problem.message
        with pg.connect() as conn:
            assert _shadows(conn) == [] and conn.execute(text("SELECT count(*) FROM invoices")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM organisations")).scalar_one() == 0
            assert ("ck_site_small", "CHECK ((amount_net < (1000)::numeric))") in _signature(conn)["constraints"]
    finally:
        with pg.begin() as conn:
            conn.execute(text("ALTER TABLE invoices DROP CONSTRAINT ck_site_small"))


def test_a_view_on_the_table_keeps_the_load_in_the_transaction(pg: Engine, tmp_path: Path) -> None:
    """A table something depends on (a view of the site's own) is not replaced: loaded in place, view intact."""
    with pg.begin() as conn:
        conn.execute(text("CREATE VIEW site_invoice_count AS SELECT count(*) AS n FROM invoices"))
        oid = _oid(conn)
    try:
        run_import(pg, write_interchange(tmp_path / "in", {"organisations": ORGS, "invoices": _invoice_rows(300)}))
        with pg.connect() as conn:
            assert _oid(conn) == oid
            assert conn.execute(text("SELECT n FROM site_invoice_count")).scalar_one() == 300
    finally:
        with pg.begin() as conn:
            conn.execute(text("DROP VIEW site_invoice_count"))


def test_failure_after_the_swap_rolls_back_and_drops_the_shadow(pg: Engine, tmp_path: Path) -> None:
    """Bad input: whatever fails after the swap (here the import's last step) rolls everything back, and the
    shadow the side connection had committed is dropped."""
    def fail(conn: Connection) -> None:
        assert conn.execute(text("SELECT count(*) FROM invoices")).scalar_one() == 300  # swapped in by now
        raise RuntimeError("disk full")

    folder = write_interchange(tmp_path / "in", {"organisations": ORGS, "invoices": _invoice_rows(300)})
    with pytest.raises(RuntimeError, match="disk full"):
        importer_mod.run_import(pg, folder, then=fail)
    with pg.connect() as conn:
        assert _shadows(conn) == [] and conn.execute(text("SELECT count(*) FROM invoices")).scalar_one() == 0


def test_shadows_of_ended_imports_are_dropped_those_of_running_ones_kept(pg: Engine, tmp_path: Path) -> None:
    """A shadow left by a crashed import (its backend gone) is dropped by the next import; one whose
    import is still in its transaction stays."""
    with pg.connect() as running:
        running.execute(text("SELECT 1"))  # in a transaction from here on
        pid = running.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with pg.begin() as conn:
            conn.execute(text('CREATE TABLE "_load_invoices_999999999" (id int)'))
            conn.execute(text(f'CREATE TABLE "_load_invoices_{pid}" (id int)'))
        run_import(pg, write_interchange(tmp_path / "in", {"organisations": ORGS}))
        with pg.connect() as conn:
            assert _shadows(conn) == [f"_load_invoices_{pid}"]


def test_only_a_table_nothing_else_holds_on_to_is_replaced(pg: Engine) -> None:
    """A grant, or a sequence the table owns, would be lost with it: such a table stays in the transaction."""
    from core.schema import metadata
    from etl.side_load import can_side_load

    with pg.begin() as conn:
        assert can_side_load(conn, metadata.tables["invoices"])
        assert not can_side_load(conn, metadata.tables["import_log"])  # its SERIAL id owns a sequence
        assert not can_side_load(conn, metadata.tables["contacts"])  # foreign keys
        conn.execute(text("GRANT SELECT ON invoices TO PUBLIC"))
        assert not can_side_load(conn, metadata.tables["invoices"])
        conn.rollback()
