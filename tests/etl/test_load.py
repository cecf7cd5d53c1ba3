"""Bulk loading and upserts (spec/interchange.md, "Bad input": one transaction; "Tables": upsert by id)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import IntegrityError

from core import schema
from core.errors import ImportRejected
from etl import importer as importer_mod
from etl import load as load_mod
from etl.importer import run_import
from etl.sources import tables as source_mod
from etl.tables import TABLES
from tests.support import write_interchange

ORGS = {"organisations": [{"id": "O1", "name": "A"}, {"id": "O2", "name": "B"}]}


def _invoices(engine: Engine) -> list[tuple]:
    inv = schema.Invoice
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(inv.id, inv.organisation_id, inv.invoice_date, inv.amount_net, inv.status, inv.dunning_level,
                   inv.number).order_by(inv.id))]


def test_blocks_as_written_and_rewritten_load_the_same(engine: Engine, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Containers: clean blocks go in as written, blocks with decimal commas are rewritten; same values."""
    rows = []
    for i in range(200):
        amount = f"{i},50" if i % 50 == 7 else f"{i}.50"
        rows.append({"id": f"I{i:03d}", "organisation_id": "O1" if i % 2 else "O2", "invoice_date": "2026-01-02",
                     "amount_net": amount, "status": "paid", "dunning_level": str(i % 3), "number": f"{i:06d}"})
    folder = write_interchange(tmp_path / "in", {**ORGS, "invoices": rows}, sep=";")
    monkeypatch.setattr(source_mod, "BLOCK_BYTES", 512)
    result, _ = run_import(engine, folder)
    assert result.tables["invoices"].inserted == 200
    loaded = _invoices(engine)
    assert loaded[7] == ("I007", "O1", date(2026, 1, 2), 7.5, "paid", 1, "000007")
    assert [r[3] for r in loaded] == [i + 0.5 for i in range(200)]


def test_empty_table_loaded_directly_keeps_its_indexes(engine: Engine, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables: a first load into an empty table (indexes rebuilt afterwards) leaves the schema as it was."""
    monkeypatch.setattr(load_mod, "BIG_FILE_BYTES", 0)
    before = {i["name"] for i in inspect(engine).get_indexes("invoices")}
    assert len(before) == 5  # secondary: date cover, organisation + date, project, open, paid
    folder = write_interchange(tmp_path / "in", {**ORGS, "invoices": [
        {"id": "I1", "organisation_id": "O1", "invoice_date": "2026-01-02", "amount_net": "1", "status": "paid"}]})
    run_import(engine, folder)
    assert {i["name"] for i in inspect(engine).get_indexes("invoices")} == before
    assert _invoices(engine) == [("I1", "O1", date(2026, 1, 2), 1.0, "paid", 0, None)]


def test_first_load_keeps_foreign_keys(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables: a first load into empty tables with references (keys re-added afterwards) keeps every constraint."""
    monkeypatch.setattr(load_mod, "BIG_FILE_BYTES", 0)
    before = {t: inspect(engine).get_foreign_keys(t) for t in ("organisations", "contacts")}
    folder = write_interchange(tmp_path / "in", {
        "organisations": [{"id": "O1", "name": "A"}, {"id": "O2", "name": "B", "parent_id": "O1"}],
        "contacts": [{"id": "C1", "organisation_id": "O2", "last_name": "X"},
                     {"id": "C2", "organisation_id": "O1", "last_name": "Y", "reports_to_id": "C1"}]})
    result, _ = run_import(engine, folder)
    assert result.tables["contacts"].inserted == 2
    assert {t: inspect(engine).get_foreign_keys(t) for t in before} == before
    with engine.connect() as conn:
        assert conn.execute(select(schema.Contact.reports_to_id).where(schema.Contact.id == "C2")).scalar() == "C1"


def test_first_load_beside_a_merge(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables: one import may upsert into a filled table and first-load a table referencing it."""
    monkeypatch.setattr(load_mod, "BIG_FILE_BYTES", 0)
    run_import(engine, write_interchange(tmp_path / "a", {"organisations": [{"id": "O1", "name": "A"}]}))
    folder = write_interchange(tmp_path / "b", {
        "organisations": [{"id": "O1", "name": "A2"}, {"id": "O2", "name": "B", "parent_id": "O1"}],
        "contacts": [{"id": "C1", "organisation_id": "O2", "last_name": "X"}]})
    result, _ = run_import(engine, folder)
    assert (result.tables["organisations"].inserted, result.tables["organisations"].updated) == (1, 1)
    assert result.tables["contacts"].inserted == 1
    with engine.connect() as conn:
        assert conn.execute(select(schema.Organisation.name).order_by(schema.Organisation.id)).scalars().all() == [
            "A2", "B"]


def test_refused_by_the_database_writes_nothing(engine: Engine, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad input: data the database refuses (here a missing date the checks were told to allow) writes nothing."""
    spec = TABLES["invoices"]
    lenient = dataclasses.replace(spec, by_name={}, columns=tuple(
        dataclasses.replace(c, required=False) if c.name == "invoice_date" else c for c in spec.columns))
    monkeypatch.setattr(importer_mod, "TABLES", {**TABLES, "invoices": lenient})
    monkeypatch.setattr(load_mod, "BIG_FILE_BYTES", 0)
    monkeypatch.setattr(source_mod, "BLOCK_BYTES", 256)
    indexes = {i["name"] for i in inspect(engine).get_indexes("invoices")}
    rows = [{"id": f"I{i:03d}", "organisation_id": "O1", "invoice_date": "" if i == 50 else "2026-01-02",
             "amount_net": "1", "status": "paid"} for i in range(100)]
    folder = write_interchange(tmp_path / "in", {**ORGS, "invoices": rows})
    with pytest.raises((ImportRejected, IntegrityError)) as caught:
        run_import(engine, folder)
    if isinstance(caught.value, ImportRejected):  # PostgreSQL's COPY refuses it while loading
        [problem] = caught.value.problems
        assert problem.file == "invoices.csv" and "the database refused the data" in problem.message
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.Invoice)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(schema.Organisation)).scalar() == 0
    assert {i["name"] for i in inspect(engine).get_indexes("invoices")} == indexes


def test_upsert_counts_new_and_existing(engine: Engine, tmp_path: Path) -> None:
    """Tables: re-importing adds new ids and updates existing ones, counted apart."""
    first = {"id": "I1", "organisation_id": "O1", "invoice_date": "2026-01-02", "amount_net": "1", "status": "paid"}
    run_import(engine, write_interchange(tmp_path / "a", {**ORGS, "invoices": [first]}))
    second = [{**first, "amount_net": "2"}, {**first, "id": "I2"}]
    result, _ = run_import(engine, write_interchange(tmp_path / "b", {"invoices": second}))
    assert (result.tables["invoices"].inserted, result.tables["invoices"].updated) == (1, 1)
    assert [r[3] for r in _invoices(engine)] == [2.0, 1.0]


def _reimport_rows(n: int, changed: set[int]) -> list[dict[str, str]]:
    return [{"id": f"I{i:03d}", "organisation_id": "O1" if i % 2 else "O2", "invoice_date": "2026-01-02",
             "amount_net": f"{i + (100 if i in changed else 0)}.25", "status": "paid"} for i in range(n)]


def test_reimport_merged_batch_by_batch(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables: a re-import merged in many small batches (PostgreSQL merges while it checks on) counts and
    stores as one merge: new ids inserted, changed rows updated, unchanged ones left alone."""
    run_import(engine, write_interchange(tmp_path / "a", {**ORGS, "invoices": _reimport_rows(150, set())}))
    monkeypatch.setattr(source_mod, "BLOCK_BYTES", 256)
    monkeypatch.setattr(load_mod, "MERGE_BATCH_BYTES", 1)
    changed = {3, 77, 149}
    result, _ = run_import(engine, write_interchange(tmp_path / "b", {"invoices": _reimport_rows(200, changed)}))
    assert (result.tables["invoices"].inserted, result.tables["invoices"].updated) == (50, 150)
    assert [r[3] for r in _invoices(engine)] == [i + 0.25 + (100 if i in changed else 0) for i in range(200)]


def test_reimport_refused_after_batches_were_merged(engine: Engine, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad input: a duplicate id near the end of a re-import refuses it, and the batches merged before
    are rolled back with the rest: nothing written."""
    run_import(engine, write_interchange(tmp_path / "a", {**ORGS, "invoices": _reimport_rows(150, set())}))
    before = _invoices(engine)
    monkeypatch.setattr(source_mod, "BLOCK_BYTES", 256)
    monkeypatch.setattr(load_mod, "MERGE_BATCH_BYTES", 1)
    rows = _reimport_rows(200, set(range(200)))
    rows[190]["id"] = "I010"
    with pytest.raises(ImportRejected) as caught:
        run_import(engine, write_interchange(tmp_path / "b", {"invoices": rows}))
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [("invoices.csv", 192, "id")]
    assert "duplicate id 'I010'" in caught.value.problems[0].message
    assert _invoices(engine) == before


def test_missing_optional_column_keeps_stored_value(engine: Engine, tmp_path: Path) -> None:
    """Tables: columns may be left out; a re-import without a column leaves that column as it was."""
    run_import(engine, write_interchange(tmp_path / "a", {"organisations": [{"id": "O1", "name": "A", "vip": "true"}]}))
    run_import(engine, write_interchange(tmp_path / "b", {"organisations": [{"id": "O1", "name": "A2"}]}))
    with engine.connect() as conn:
        assert tuple(conn.execute(select(schema.Organisation.name, schema.Organisation.vip)).one()) == ("A2", True)


def test_activity_loses_source_link_when_reimported_without_organisation(engine: Engine, tmp_path: Path) -> None:
    """Assignment: an imported activity naming an organisation lands there; without one it goes to matching."""
    act = {"id": "X1", "kind": "note", "occurred_at": "2026-01-05T10:00:00", "organisation_id": "O1"}
    result, _ = run_import(engine, write_interchange(tmp_path / "a", {**ORGS, "activities": [act]}))
    assert result.unassigned == 0
    with engine.connect() as conn:
        assert conn.execute(select(schema.ActivityLink.organisation_id, schema.ActivityLink.matched_by)).all() == [
            ("O1", "source")]
    result, _ = run_import(engine, write_interchange(tmp_path / "b", {"activities": [{**act, "organisation_id": ""}]}))
    assert result.unassigned == 1 and result.tables["activities"].updated == 1
    with engine.connect() as conn:
        assert conn.execute(select(schema.ActivityLink).where(schema.ActivityLink.matched_by == "source")).all() == []
        assert conn.execute(select(schema.Activity.organisation_id)).scalar_one() is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_clean_file_in_its_own_encoding_loads_as_written(engine: Engine, tmp_path: Path, encoding: str) -> None:
    """Containers: a clean Windows-1252 or BOM file is bulk-loaded in its own encoding, umlauts intact."""
    rows = [{"id": "I1", "organisation_id": "O1", "invoice_date": "2026-01-02", "amount_net": "1", "status": "paid",
             "dunning_level": "0", "number": "Ä-0001"}]
    run_import(engine, write_interchange(tmp_path / "in", {**ORGS, "invoices": rows}, encoding=encoding))
    assert _invoices(engine) == [("I1", "O1", date(2026, 1, 2), 1.0, "paid", 0, "Ä-0001")]


def test_unknown_columns_are_ignored(engine: Engine, tmp_path: Path) -> None:
    """Containers: columns may be added; an unknown extra column is ignored."""
    rows = [{"id": "I1", "comment": "frei", "organisation_id": "O1", "invoice_date": "2026-01-02", "amount_net": "1",
             "status": "paid", "dunning_level": "2"}]
    result, _ = run_import(engine, write_interchange(tmp_path / "in", {**ORGS, "invoices": rows}))
    assert result.tables["invoices"].inserted == 1
    assert _invoices(engine) == [("I1", "O1", date(2026, 1, 2), 1.0, "paid", 2, None)]
