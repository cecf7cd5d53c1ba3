"""Erasing contacts due under the retention rules (spec/analytics.md, "Retention (GDPR)")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from core.errors import Forbidden
from core.schema import Activity, AuditLogEntry, Contact, Invoice, LearnedMapping, Quote, Ticket, TimeEntry
from core.vocabulary import Role
from services.commands.retention import PLACEHOLDER, erase_due, personal_patterns, scrub
from services.retention import due_for_deletion
from services.users import SYSTEM, CurrentUser
from tests.support import seed

D = date(2026, 6, 30)
OLD = "2020-01-01T09:00:00"

DATA: dict[str, list[dict[str, Any]]] = {
    "organisations": [{"id": "o1", "name": "Org", "email_domains": "org.example"}],
    "contacts": [
        {"id": "old", "organisation_id": "o1", "first_name": "Anna", "last_name": "Meier",
         "function": "Einkauf", "email": "Anna.Meier@mail.example", "phone": "06151 12345",
         "mobile": "0170 1234567", "created_at": OLD},
        {"id": "fresh", "organisation_id": "o1", "first_name": "Bert", "last_name": "Meierhof",
         "email": "bert@org.example", "created_at": "2026-01-01T09:00:00"},
    ],
    "invoices": [{"id": "i1", "organisation_id": "o1", "invoice_date": "2020-02-01", "amount_net": 100,
                  "status": "paid"}],
    "quotes": [{"id": "q1", "organisation_id": "o1", "contact_id": "old", "quote_date": "2020-01-10",
                "amount_net": 50, "status": "rejected"}],
    "tickets": [{"id": "t1", "organisation_id": "o1", "contact_id": "old", "subject": "Frau Meier: Drucker",
                 "status": "closed", "opened_at": OLD, "closed_at": "2020-01-03T09:00:00"}],
    "time_entries": [{"id": "e1", "agent_id": "ann", "entry_date": "2020-01-02", "hours": 1, "ticket_id": "t1",
                      "note": "Rückruf an anna meier, 06151 12345"}],
    "activities": [
        {"id": "a1", "kind": "email", "occurred_at": "2020-01-05T10:00:00", "organisation_id": "o1",
         "contact_id": "old", "from_address": "anna.meier@mail.example", "subject": "Angebot für Anna Meier"},
        {"id": "a2", "kind": "call", "occurred_at": "2026-06-01T10:00:00", "organisation_id": "o1",
         "contact_id": "fresh", "subject": "Termin mit Herrn Meierhof"},
    ],
}


def _snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {t.__tablename__: [tuple(r) for r in conn.execute(select(t.__table__)).all()]
                for t in (Contact, Activity, Ticket, TimeEntry, Invoice, Quote, AuditLogEntry, LearnedMapping)}


def _seed(engine: Engine) -> None:
    seed(engine, DATA)
    with engine.begin() as conn:
        conn.execute(insert(LearnedMapping).values(address="anna@gmail.example", organisation_id="o1",
                                                   contact_id="old", created_at=D))


def test_erase_anonymises_the_person_and_keeps_business_records(engine: Engine) -> None:
    """Erasure removes names, e-mail, numbers and the name in free text; invoices and quotes stay (spec)."""
    _seed(engine)
    before = _snapshot(engine)
    result = erase_due(engine, SYSTEM, D, why="retention period expired", who="dpo")
    assert [(e.contact_id, e.last_trace, e.activities, e.tickets, e.time_entries, e.learned_mappings)
            for e in result.erased] == [("old", date(2020, 1, 10), 1, 1, 1, 1)]
    with engine.connect() as conn:
        c = conn.execute(select(Contact).where(Contact.id == "old")).one()
        assert (c.first_name, c.last_name, c.function, c.email, c.email_lower, c.phone, c.mobile, c.phone_e164,
                c.mobile_e164) == (None, PLACEHOLDER, None, None, None, None, None, None, None)
        assert c.anonymised_at is not None
        subjects = dict(conn.execute(select(Activity.source_id, Activity.subject)).all())
        assert subjects == {"a1": f"Angebot für {PLACEHOLDER}", "a2": "Termin mit Herrn Meierhof"}
        assert conn.execute(select(Activity.from_address).where(Activity.source_id == "a1")).scalar() == PLACEHOLDER
        assert conn.execute(select(Ticket.subject)).scalar() == f"Frau {PLACEHOLDER}: Drucker"
        assert conn.execute(select(TimeEntry.note)).scalar() == f"Rückruf an {PLACEHOLDER}, {PLACEHOLDER}"
        assert conn.execute(select(LearnedMapping)).all() == []
    after = _snapshot(engine)
    assert after["invoices"] == before["invoices"] and after["quotes"] == before["quotes"]
    assert [r for r in after["contacts"] if r[0] == "fresh"] == [r for r in before["contacts"] if r[0] == "fresh"]


def test_erase_writes_the_audit_log(engine: Engine) -> None:
    """Every erasure is written to the audit log with who, when and why (spec, Retention)."""
    _seed(engine)
    erase_due(engine, SYSTEM, D, why="Art. 17 request", who="dpo")
    with engine.connect() as conn:
        rows = conn.execute(select(AuditLogEntry.who, AuditLogEntry.action, AuditLogEntry.subject,
                                   AuditLogEntry.why, AuditLogEntry.at)).all()
    assert [r[:4] for r in rows] == [("dpo", "gdpr_erase", "contact:old", "Art. 17 request")]
    assert rows[0].at is not None


def test_erased_contacts_are_not_due_again(engine: Engine) -> None:
    """After erasure the contact is marked anonymised and no longer listed; a second run erases nothing."""
    _seed(engine)
    erase_due(engine, SYSTEM, D, why="x")
    assert due_for_deletion(engine, SYSTEM, D).contacts == ()
    assert erase_due(engine, SYSTEM, D, why="x").erased == ()


def test_dry_run_changes_nothing(engine: Engine) -> None:
    """--dry-run lists what would be done and writes nothing, not even the audit log."""
    _seed(engine)
    before = _snapshot(engine)
    result = erase_due(engine, SYSTEM, D, why="x", dry_run=True)
    assert result.dry_run and [e.contact_id for e in result.erased] == ["old"]
    assert result.rows()[0]["action"] == "would erase"
    assert _snapshot(engine) == before


def test_only_privileged_roles_may_erase(engine: Engine) -> None:
    """Listing and erasing personal data under the retention rules is administration (spec/analytics.md matrix)."""
    for role in (Role.MANAGEMENT, Role.SALES, Role.ACCOUNTING, Role.EXTERNAL):
        agent = CurrentUser(id="ann", role=role)
        with pytest.raises(Forbidden):
            erase_due(engine, agent, D, why="x")
        with pytest.raises(Forbidden):
            due_for_deletion(engine, agent, D)
    assert due_for_deletion(engine, CurrentUser(id="ada", role=Role.ADMIN), D).as_of == D


def test_names_are_replaced_as_whole_words_only() -> None:
    """The person's name is replaced in free text, any case, but not inside longer words."""
    patterns = personal_patterns("Anna", "Meier", ["anna@x.example"])
    assert scrub("MEIER, Anna and Meierhof wrote to anna@x.example", patterns) == (
        f"{PLACEHOLDER} and Meierhof wrote to {PLACEHOLDER}")
    assert scrub(None, patterns) is None
