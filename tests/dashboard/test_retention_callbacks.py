"""Retention page callbacks as plain functions (spec/analytics.md, "Retention (GDPR)"): the contacts due today with
the reason, the confirmation, and the erasure through the page's callback (one transaction, audited, invoices
kept); a contact that is not due refuses the whole erasure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask
from sqlalchemy import Engine, select

from core.errors import InvalidInput
from core.schema import Activity, AuditLogEntry, Contact, Invoice
from dashboard.callbacks.retention import ERASE_WRITES, ask, chosen_ids, erase, offer_erase, show_due
from kundenakte.web import resolve_user
from services.commands.retention import PLACEHOLDER, NotDue, erase_contacts
from tests.access_world import ADMIN
from tests.dashboard.components_text import component_text
from tests.kundenakte.signin.helpers import TEST_ADMIN
from tests.support import seed

TODAY = date.today()
LONG_AGO = (TODAY - timedelta(days=4 * 365)).isoformat()
RECENT = (TODAY - timedelta(days=30)).isoformat()


def retention_world() -> dict[str, list[dict[str, Any]]]:
    """Old Olga (last trace four years ago, an invoice of her organisation), Nora without any trace date but her
    creation long ago, Fred with a call last month, Tim with a ticket still open."""
    return {
        "organisations": [{"id": "o1", "name": "Alt GmbH"}, {"id": "o2", "name": "Neu AG"}],
        "contacts": [
            {"id": "c-olga", "organisation_id": "o1", "first_name": "Olga", "last_name": "Oldenburg",
             "email": "olga@alt.example", "created_at": f"{LONG_AGO}T09:00:00"},
            {"id": "c-nora", "organisation_id": "o1", "first_name": "Nora", "last_name": "Nimmer"},
            {"id": "c-fred", "organisation_id": "o2", "first_name": "Fred", "last_name": "Frisch",
             "created_at": f"{LONG_AGO}T09:00:00"},
            {"id": "c-tim", "organisation_id": "o2", "first_name": "Tim", "last_name": "Ticket",
             "created_at": f"{LONG_AGO}T09:00:00"},
        ],
        "invoices": [{"id": "i1", "organisation_id": "o1", "invoice_date": LONG_AGO, "amount_net": 100,
                      "status": "paid"}],
        "activities": [
            {"id": "a1", "kind": "call", "occurred_at": f"{LONG_AGO}T10:00:00", "organisation_id": "o1",
             "contact_id": "c-olga", "subject": "Rückruf Olga Oldenburg"},
            {"id": "a2", "kind": "call", "occurred_at": f"{RECENT}T10:00:00", "organisation_id": "o2",
             "contact_id": "c-fred", "subject": "Fred Frisch fragt nach"},
        ],
        "tickets": [{"id": "k1", "organisation_id": "o2", "contact_id": "c-tim", "subject": "Offen",
                     "status": "open", "opened_at": f"{LONG_AGO}T09:00:00"}],
    }


@pytest.fixture
def seeded(app: Flask) -> Flask:
    seed(app.extensions["kundenakte"]["engine"], retention_world())
    return app


def _engine(app: Flask) -> Engine:
    engine: Engine = app.extensions["kundenakte"]["engine"]
    return engine


def test_the_list_says_who_is_due_and_why(seeded: Flask) -> None:
    """Olga's last trace lies before the cut-off, Nora has no trace date at all; Fred (a call last month) and Tim
    (an open ticket) are not due."""
    with seeded.test_request_context():
        resolve_user()
        rows, summary = show_due(0)
    assert [(r["id"], r["name"], r["organisation"]) for r in rows] == [
        ("c-nora", "Nora Nimmer", "Alt GmbH"), ("c-olga", "Olga Oldenburg", "Alt GmbH")]
    reasons = {r["id"]: r["reason"] for r in rows}
    assert reasons["c-olga"].startswith("letzte Spur vor dem Stichtag ")
    assert reasons["c-nora"] == "keine Spur vorhanden"
    assert {r["id"]: r["last_trace"] for r in rows} == {"c-olga": LONG_AGO, "c-nora": None}
    assert summary.startswith("2 Kontakt(e) fällig · Aufbewahrungsfrist 24 Monate")


def test_nobody_due_is_an_empty_state_that_says_why(app: Flask) -> None:
    with app.test_request_context():
        resolve_user()
        rows, summary = show_due(0)
    assert rows == [] and "Niemand ist zur Löschung fällig" in component_text(summary)


def test_the_button_and_the_confirmation_follow_the_selection(seeded: Flask) -> None:
    with seeded.test_request_context():
        resolve_user()
        assert offer_erase(None) == (True, "Ausgewählte anonymisieren")
        assert offer_erase([{"id": "c-olga"}, {"id": "c-nora"}]) == (False, "2 ausgewählte anonymisieren")
        displayed, message = ask(1, [{"id": "c-olga"}])
        assert displayed is True and message.startswith("1 Kontakt(e) unwiderruflich anonymisieren?")
        with pytest.raises(PreventUpdate):
            ask(1, [])
        with pytest.raises(PreventUpdate):
            ask(0, [{"id": "c-olga"}])
    for bad in ("c-olga", [1, 2], [{"name": "x"}], [{"id": {"$ne": None}}]):
        with pytest.raises(ValueError):
            chosen_ids(bad)


def test_erasing_through_the_page_anonymises_the_chosen_and_keeps_the_invoices(seeded: Flask) -> None:
    """The confirmed erasure: Olga's names, e-mail and her name in the call's subject are gone, the invoice stays,
    Nora is untouched (not chosen), one audit row names the admin and the reason; the list is read again."""
    engine = _engine(seeded)
    with engine.connect() as conn:
        invoices_before = conn.execute(select(Invoice)).all()
    with seeded.test_request_context():
        resolve_user()
        message, counter = erase(1, [{"id": "c-olga", "name": "Olga Oldenburg"}], "Frist abgelaufen", 3)
        rows, _summary = show_due(counter)
    assert "1 Kontakt(e) anonymisiert" in component_text(message) and counter == 4
    assert [r["id"] for r in rows] == ["c-nora"]
    with engine.connect() as conn:
        olga = conn.execute(select(Contact).where(Contact.id == "c-olga")).one()
        assert (olga.first_name, olga.last_name, olga.email) == (None, PLACEHOLDER, None)
        assert olga.anonymised_at is not None
        assert conn.execute(select(Activity.subject).where(Activity.source_id == "a1")).scalar() == \
            f"Rückruf {PLACEHOLDER}"
        assert conn.execute(select(Contact.last_name).where(Contact.id == "c-nora")).scalar() == "Nimmer"
        assert conn.execute(select(Invoice)).all() == invoices_before
        audit = conn.execute(select(AuditLogEntry.who, AuditLogEntry.subject, AuditLogEntry.why)
                             .where(AuditLogEntry.action == "gdpr_erase")).all()
    assert [tuple(a) for a in audit] == [(TEST_ADMIN, "contact:c-olga", "Frist abgelaufen")]


def test_a_contact_that_is_not_due_refuses_the_whole_erasure(seeded: Flask) -> None:
    """Fred (a call last month) sent by a hand-written request beside Olga: nothing is erased, the page says so."""
    engine = _engine(seeded)
    with seeded.test_request_context():
        resolve_user()
        message, _counter = erase(1, [{"id": "c-olga"}, {"id": "c-fred"}], "Frist abgelaufen", 0)
        empty_reason, counter = erase(1, [{"id": "c-olga"}], "   ", 0)
    assert "Nichts gelöscht: 1 der gewählten Kontakte sind nicht (mehr) fällig." in component_text(message)
    assert "bitte einen Grund" in component_text(empty_reason) and not isinstance(counter, int)
    with engine.connect() as conn:
        assert conn.execute(select(Contact.anonymised_at).where(Contact.anonymised_at.is_not(None))).all() == []
        assert conn.execute(select(AuditLogEntry).where(AuditLogEntry.action == "gdpr_erase")).all() == []


def test_the_service_refuses_malformed_selections(engine: Engine) -> None:
    """erase_contacts on both databases: a selection must be 1 to MAX_SELECTED ids; unknown ids are not due."""
    seed(engine, retention_world())
    for bad in ([], "c-olga", [None], ["x" * 65]):
        with pytest.raises(InvalidInput):
            erase_contacts(engine, ADMIN, bad, why="x")
    with pytest.raises(NotDue) as refused:
        erase_contacts(engine, ADMIN, ["c-olga", "nobody", "c-tim"], why="x")
    assert refused.value.contact_ids == ("nobody", "c-tim")
    done = erase_contacts(engine, ADMIN, ["c-nora", "c-olga", "c-nora"], why="Frist")
    assert [e.contact_id for e in done.erased] == ["c-nora", "c-olga"]


def test_the_erasure_names_the_tables_it_writes() -> None:
    """tests/security lets exactly these change for the admin: what services/commands/retention.py rewrites."""
    assert {"contacts", "activities", "tickets", "time_entries", "learned_mappings",
                            "organisation_domains"} == ERASE_WRITES
