"""`kundenakte import` end to end on SQLite and PostgreSQL (spec/interchange.md, "Containers", "Bad input")."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, func, select, text

from core import schema
from core.errors import ImportRejected
from etl.importer import run_import
from tests.support import seed, write_interchange

BASE = {
    "agents": [{"id": "A1", "name": "Anna Agent", "email": "anna@our.de", "active": "ja"}],
    "organisations": [
        {"id": "O1", "name": "Heyer Plan", "postcode": "05021", "phone": "0049 6151 12345",
         "email_domains": "heyer-plan.de", "key_account_manager_id": "A1", "vip": "yes"},
        {"id": "O2", "name": "Tochter", "parent_id": "O1", "relationship_mode": "fixed",
         "fixed_roles": "customer;supplier"},
    ],
    "contacts": [{"id": "C1", "organisation_id": "O1", "last_name": "Meier", "email": "Eva.Meier@Heyer-Plan.de",
                  "phone": "06151 123-45"}],
    "invoices": [
        {"id": "I1", "organisation_id": "O1", "invoice_date": "2026-01-15", "amount_net": "1200.50", "status": "paid"},
        {"id": "I2", "organisation_id": "O2", "invoice_date": "2026-02-01", "amount_net": "-100", "status": "open",
         "dunning_level": "1"},
    ],
    "opportunities": [{"id": "P1", "organisation_id": "O1", "target_value": "5000", "created_at": "2026-01-02"}],
    "opportunity_status_changes": [{"opportunity_id": "P1", "changed_at": "2026-01-03T09:00:00", "status": "New"}],
    "supplier_ratings": [{"organisation_id": "O2", "rated_at": "2026-01-10", "time": "4", "quality": "5",
                          "cost": "3", "agent_id": "A1"}],
    "activities": [{"id": "X1", "kind": "call", "occurred_at": "2026-01-05T10:00:00", "contact_id": "C1",
                    "direction": "in"}],
}


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in schema.metadata.sorted_tables}


def test_happy_path_csv_folder(engine: Engine, tmp_path: Path) -> None:
    """Containers/Tables: a CSV folder loads every table with typed values and derived look-ups."""
    result, _ = run_import(engine, write_interchange(tmp_path / "in", BASE))
    assert {t: c.inserted for t, c in result.tables.items()} == {t: len(r) for t, r in BASE.items()}
    with engine.connect() as conn:
        org = conn.execute(select(schema.Organisation).where(schema.Organisation.id == "O1")).one()
        assert (org.postcode, org.phone, org.phone_e164, org.vip) == ("05021", "0049 6151 12345", "+49615112345", True)
        contact = conn.execute(select(schema.Contact)).one()
        assert contact.email_lower == "eva.meier@heyer-plan.de"
        inv = conn.execute(select(schema.Invoice.amount_net, schema.Invoice.invoice_date, schema.Invoice.dunning_level)
                           .order_by(schema.Invoice.id)).all()
        assert [tuple(r) for r in inv] == [(1200.5, date(2026, 1, 15), 0), (-100.0, date(2026, 2, 1), 1)]
        assert conn.execute(select(schema.OpportunityStatusChange.id)).scalar_one() == "P1|2026-01-03T09:00:00|New"
        assert conn.execute(select(schema.SupplierRating.id)).scalar_one() == "O2|2026-01-10|A1"
        link = conn.execute(select(schema.ActivityLink.organisation_id, schema.ActivityLink.contact_id,
                                   schema.ActivityLink.matched_by)).one()
        assert tuple(link) == ("O1", "C1", "source")
        act = conn.execute(select(schema.Activity.source, schema.Activity.source_id, schema.Activity.occurred_at)).one()
        assert tuple(act) == ("import", "X1", datetime(2026, 1, 5, 10, 0))
        domains = conn.execute(select(schema.OrganisationDomain.domain)).scalars().all()
        assert set(domains) == {"heyer-plan.de"}
        log = conn.execute(select(schema.ImportLogEntry)).one()
        assert log.status == "loaded" and log.rows["invoices"] == {"inserted": 2, "updated": 0}


def test_first_load_under_a_transaction_wide_snapshot(engine: Engine, tmp_path: Path) -> None:
    """Containers: an import into empty tables also loads under SERIALIZABLE (PostgreSQL accepts the first load's
    COPY FREEZE under the one transaction-wide snapshot)."""
    serializable = engine.execution_options(isolation_level="SERIALIZABLE")
    result, _ = run_import(serializable, write_interchange(tmp_path / "in", BASE))
    assert {t: c.inserted for t, c in result.tables.items()} == {t: len(r) for t, r in BASE.items()}
    assert {t: n for t, n in counts(engine).items() if t in BASE} == {t: len(r) for t, r in BASE.items()}


def test_happy_path_workbook(engine: Engine, tmp_path: Path) -> None:
    """Containers: one .xlsx with a sheet per table, typed cells included, loads like the CSV folder."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "organisations"
    ws.append(["id", "name", "postcode", "created_at"])
    ws.append(["O1", "Heyer Plan", "05021", datetime(2026, 1, 2, 8, 30)])
    inv = wb.create_sheet("invoices")
    inv.append(["id", "organisation_id", "invoice_date", "amount_net", "status"])
    inv.append(["I1", "O1", date(2026, 1, 15), 99.95, "paid"])
    inv.append(["I2", "O1", "2026-01-16", 10, "open"])
    wb.save(tmp_path / "data.xlsx")
    result, _ = run_import(engine, tmp_path / "data.xlsx")
    assert result.tables["invoices"].inserted == 2
    with engine.connect() as conn:
        assert conn.execute(select(schema.Organisation.postcode, schema.Organisation.created_at)).one() == (
            "05021", datetime(2026, 1, 2, 8, 30))
        assert sorted(conn.execute(select(schema.Invoice.amount_net)).scalars()) == [10.0, 99.95]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_bom_and_windows_1252(engine: Engine, tmp_path: Path, encoding: str) -> None:
    """Containers: UTF-8 with BOM and Windows-1252 files keep their umlauts."""
    folder = write_interchange(tmp_path / "in", {"organisations": [{"id": "O1", "name": "Müller & Söhne Köln"}]},
                               encoding=encoding)
    run_import(engine, folder)
    with engine.connect() as conn:
        assert conn.execute(select(schema.Organisation.name)).scalar_one() == "Müller & Söhne Köln"


def test_semicolon_decimal_commas_german_dates(engine: Engine, tmp_path: Path) -> None:
    """Containers: ;-separated with decimal commas, DD.MM.YYYY and DD.MM.YYYY HH:MM (German Excel)."""
    folder = write_interchange(tmp_path / "in", {
        "organisations": [{"id": "O1", "name": "A", "created_at": "05.01.2026 14:30", "revenue_potential": "1.234,5"}],
        "invoices": [{"id": "I1", "organisation_id": "O1", "invoice_date": "31.01.2026", "amount_net": "1.200,75",
                      "status": "paid"}],
        "opportunities": [{"id": "P1", "organisation_id": "O1", "target_value": "10", "created_at": "02.01.2026"}],
        "opportunity_status_changes": [{"opportunity_id": "P1", "changed_at": "03.01.2026 09:00", "status": "New"}],
    }, sep=";", encoding="cp1252")
    run_import(engine, folder)
    with engine.connect() as conn:
        assert tuple(conn.execute(select(schema.Invoice.invoice_date, schema.Invoice.amount_net)).one()) == (
            date(2026, 1, 31), 1200.75)
        assert tuple(conn.execute(select(schema.Organisation.created_at, schema.Organisation.revenue_potential))
                     .one()) == (datetime(2026, 1, 5, 14, 30), 1234.5)
        assert conn.execute(select(schema.OpportunityStatusChange.id)).scalar_one() == "P1|2026-01-03T09:00:00|New"


def test_reimport_updates_never_duplicates(engine: Engine, tmp_path: Path) -> None:
    """Tables: re-importing the same ids updates them (upsert); counts stay, values change."""
    run_import(engine, write_interchange(tmp_path / "a", BASE))
    first = counts(engine)
    changed = {**BASE, "invoices": [{**BASE["invoices"][0], "amount_net": "999", "status": "open"},
                                    BASE["invoices"][1]],
               "activities": [{**BASE["activities"][0], "subject": "Rückruf"}]}
    result, _ = run_import(engine, write_interchange(tmp_path / "b", changed))
    after = counts(engine)
    assert {k: v for k, v in after.items() if k != "import_log"} == {k: v for k, v in first.items()
                                                                       if k != "import_log"}
    assert result.tables["invoices"].updated == 2 and result.tables["invoices"].inserted == 0
    assert result.tables["opportunity_status_changes"].updated == 1
    with engine.connect() as conn:
        assert tuple(conn.execute(select(schema.Invoice.amount_net, schema.Invoice.status)
                                  .where(schema.Invoice.id == "I1")).one()) == (999.0, "open")
        assert conn.execute(select(schema.Activity.subject)).scalar_one() == "Rückruf"
        assert conn.execute(select(func.count()).select_from(schema.ActivityLink)).scalar_one() == 1


def test_every_problem_reported_and_nothing_written(engine: Engine, tmp_path: Path) -> None:
    """Bad input: all problems (file, row, column, what) together; the database is unchanged."""
    seed(engine, {"agents": [{"id": "A0", "name": "Old"}]})
    folder = write_interchange(tmp_path / "in", {
        "agents": [{"id": "A1", "name": "Anna", "active": "vielleicht"}],
        "organisations": [{"id": "O1", "name": "A", "relationship_mode": "auto", "fixed_roles": "customer;friend",
                           "key_account_manager_id": "A9"},
                          {"id": "O1", "name": "B", "relationship_mode": "sometimes"},
                          {"id": "O3", "name": "", "parent_id": "O7", "created_at": "2026-01-01T25:00"}],
        "contacts": [{"id": "C1", "organisation_id": "O1", "last_name": "M", "reports_to_id": "C7"}],
        "invoices": [{"id": "I1", "organisation_id": "O1", "invoice_date": "2026-02-30", "amount_net": "12,5",
                      "status": "late", "dunning_level": "x", "project_id": "PR9"}],
        "opportunity_status_changes": [{"opportunity_id": "P9", "changed_at": "gestern", "status": "New"}],
        "tickets": [{"id": "T1", "organisation_id": "O1", "status": "open", "opened_at": "2026-01-01",
                     "agent_id": "A1"}],
        "time_entries": [{"id": "E1", "agent_id": "A0", "entry_date": "2026-01-01", "hours": "2", "ticket_id": "T9"}],
        "activities": [{"id": "X1", "kind": "fax", "occurred_at": "2026-01-01", "direction": "sideways",
                        "importance": "urgent", "contact_id": "C1"}],
        "quotes": [{"id": "Q1", "organisation_id": "O1", "quote_date": "2026-01-01", "amount_net": "1",
                    "status": "open", "opportunity_id": "P8"}],
        "projects": [{"id": "PR1", "organisation_id": "O1", "name": "x", "status": "running"}],
    })
    (folder / "documents.csv").write_bytes(b"\x00\x01\x02garbage" * 50)
    before = counts(engine)
    with pytest.raises(ImportRejected) as caught:
        run_import(engine, folder)
    got = {(p.file, p.row, p.column, p.message.split(":")[0].split(" (")[0]) for p in caught.value.problems}
    expected = {
        ("documents.csv", None, None, "binary data"),
        ("agents.csv", 2, "active", "not a boolean"),
        ("organisations.csv", 2, "fixed_roles", "unknown value in 'customer;friend'"),
        ("organisations.csv", 2, "key_account_manager_id", "unknown id 'A9'"),
        ("organisations.csv", 3, "id", "duplicate id 'O1'"),
        ("organisations.csv", 3, "relationship_mode", "unknown value 'sometimes'"),
        ("organisations.csv", 4, "name", "required value is empty"),
        ("organisations.csv", 4, "parent_id", "unknown id 'O7'"),
        ("organisations.csv", 4, "created_at", "impossible timestamp"),
        ("contacts.csv", 2, "reports_to_id", "unknown id 'C7'"),
        ("projects.csv", 1, "kind", "required column is missing"),
        ("invoices.csv", 2, "invoice_date", "impossible date"),
        ("invoices.csv", 2, "amount_net", "not a number"),
        ("invoices.csv", 2, "status", "unknown value 'late'"),
        ("invoices.csv", 2, "dunning_level", "not a whole number"),
        ("invoices.csv", 2, "project_id", "unknown id 'PR9'"),
        ("opportunity_status_changes.csv", 2, "opportunity_id", "unknown id 'P9'"),
        ("opportunity_status_changes.csv", 2, "changed_at", "not a timestamp"),
        ("time_entries.csv", 2, "ticket_id", "unknown id 'T9'"),
        ("activities.csv", 2, "kind", "unknown value 'fax'"),
        ("activities.csv", 2, "direction", "unknown value 'sideways'"),
        ("activities.csv", 2, "importance", "unknown value 'urgent'"),
        ("quotes.csv", 2, "opportunity_id", "unknown id 'P8'"),
    }
    assert got == expected
    after = counts(engine)
    assert after.pop("import_log") == before.pop("import_log") + 1
    assert after == before
    with engine.connect() as conn:
        log = conn.execute(select(schema.ImportLogEntry)).one()
        assert log.status == "refused" and log.problems == len(expected)


def test_reference_to_an_id_from_a_previous_import(engine: Engine, tmp_path: Path) -> None:
    """Bad input: a reference may name an id already in the database (from an earlier import)."""
    run_import(engine, write_interchange(tmp_path / "a", {k: BASE[k] for k in ("agents", "organisations")}))
    result, _ = run_import(engine, write_interchange(tmp_path / "b", {
        "invoices": [{"id": "I9", "organisation_id": "O2", "invoice_date": "2026-03-01", "amount_net": "5",
                      "status": "open"}],
        "contacts": [{"id": "C9", "organisation_id": "O1", "last_name": "Neu"}],
    }))
    assert result.tables["invoices"].inserted == 1 and result.tables["contacts"].inserted == 1
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from organisation_domains")).scalar_one() == 1


def test_duplicate_derived_ids(engine: Engine, tmp_path: Path) -> None:
    """Bad input: two status changes of one opportunity at the same time with the same status are duplicates."""
    row = {"opportunity_id": "P1", "changed_at": "2026-01-03T09:00:00", "status": "New"}
    folder = write_interchange(tmp_path / "in", {**{k: BASE[k] for k in ("organisations", "agents", "opportunities")},
                                                 "opportunity_status_changes": [row, row]})
    with pytest.raises(ImportRejected) as caught:
        run_import(engine, folder)
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [("opportunity_status_changes.csv", 3, "id")]
    assert counts(engine)["opportunities"] == 0
