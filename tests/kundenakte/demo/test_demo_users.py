"""The demo's sign-in accounts: one per sign-in role, fitting links, fresh passwords on every run, the 0600 sheet."""

from __future__ import annotations

import stat
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, exists, func, select

from core.db import make_engine
from core.schema import AuditLogEntry, Contact, Document, Invoice, Ticket, User
from core.vocabulary import SIGN_IN_ROLES, Role
from kundenakte.cli import main
from kundenakte.demo.users import DemoUser, create_demo_users, demo_users_file, demo_users_table, write_demo_users
from services.signin import authenticate
from tests.support import seed

pytestmark = pytest.mark.usefixtures("fast_hashing")


def _world() -> dict[str, list[dict[str, Any]]]:
    """Agents with and without fitting roles and teams; one customer with tickets and shared documents."""
    return {
        "agents": [
            {"id": "A1", "name": "Ada Admin", "team": "Geschäftsführung", "role": "admin", "active": True},
            {"id": "A2", "name": "Sven Gone", "team": "Vertrieb", "role": "sales", "active": False},
            {"id": "A3", "name": "Vera Vertrieb", "team": "Vertrieb", "role": "agent", "active": True},
            {"id": "A4", "name": "Lea Lead", "team": "Vertrieb", "role": "teamlead", "active": True},
            {"id": "A5", "name": "Sam Service", "team": "Service", "role": "agent", "active": True},
            {"id": "A6", "name": "Paul Projekt", "team": "Projekte", "role": "agent", "active": True},
            {"id": "A7", "name": "Ina Einkauf", "team": "Einkauf", "role": "agent", "active": True},
        ],
        "organisations": [
            {"id": "o1", "name": "Nur Tickets GmbH"},  # tickets, but nothing shared with the customer
            {"id": "o2", "name": "Kunde AG"},  # a customer with tickets and an external document
        ],
        "contacts": [
            {"id": "c1", "organisation_id": "o1", "first_name": "Otto", "last_name": "Ohne"},
            {"id": "c2", "organisation_id": "o2", "first_name": "Kai", "last_name": "Kein Ticket"},
            {"id": "c3", "organisation_id": "o2", "first_name": "Eva", "last_name": "Extern"},
        ],
        "invoices": [
            {"id": "i1", "organisation_id": "o1", "invoice_date": "2026-01-05", "amount_net": 100, "status": "paid",
             "dunning_level": 0},
            {"id": "i2", "organisation_id": "o2", "invoice_date": "2026-01-05", "amount_net": 900, "status": "paid",
             "dunning_level": 0},
        ],
        "tickets": [
            {"id": "t1", "organisation_id": "o1", "contact_id": "c1", "status": "open",
             "opened_at": "2026-02-01T09:00:00"},
            {"id": "t2", "organisation_id": "o2", "contact_id": "c3", "status": "open",
             "opened_at": "2026-02-02T09:00:00"},
        ],
        "documents": [
            {"id": "d1", "organisation_id": "o1", "folder": "Intern", "filename": "a.pdf", "version": 1,
             "created_at": "2026-01-01T10:00:00", "external": False},
            {"id": "d2", "organisation_id": "o2", "folder": "Verträge", "filename": "b.pdf", "version": 1,
             "created_at": "2026-01-01T10:00:00", "external": True},
        ],
    }


def _accounts(engine: Engine) -> dict[str, tuple[str, str | None, str | None]]:
    with engine.connect() as conn:
        return {r.name: (r.role, r.agent_id, r.contact_id)
                for r in conn.execute(select(User.name, User.role, User.agent_id, User.contact_id))}


def test_one_account_per_role_with_fitting_links(engine: Engine) -> None:
    """admin by its role, sales by its team (the lead; the inactive sales agent is skipped), external at the customer
    with tickets and shared documents, the contact with a ticket of its own."""
    seed(engine, _world())
    users = create_demo_users(engine)
    assert [u.role for u in users] == list(SIGN_IN_ROLES)
    assert [u.name for u in users] == [r.value for r in SIGN_IN_ROLES]
    accounts = _accounts(engine)
    assert accounts["admin"] == ("admin", "A1", None)
    assert accounts["sales"] == ("sales", "A4", None)
    assert accounts["support"] == ("support", "A5", None)
    assert accounts["purchasing"] == ("purchasing", "A7", None)
    assert accounts["external"] == ("external", None, "c3")
    internal = [accounts[r.value][1] for r in SIGN_IN_ROLES if r is not Role.EXTERNAL]
    assert None not in internal and "A2" not in internal  # an inactive agent is nobody's account
    assert len(set(internal)) == len(internal)  # as long as there are enough agents, no two share one
    by_name = {u.name: u for u in users}
    assert by_name["sales"].linked == "agent A4 Lea Lead"
    assert by_name["external"].linked == "contact c3 Eva Extern (Kunde AG)"


def test_the_passwords_are_random_and_sign_in(engine: Engine) -> None:
    """16 URL-safe characters each, all different, each signs in as its role; none in the audit log."""
    seed(engine, _world())
    users = create_demo_users(engine)
    passwords = [u.password for u in users]
    assert all(len(p) == 16 for p in passwords) and len(set(passwords)) == len(passwords)
    for u in users:
        signed_in = authenticate(engine, u.name, u.password)
        assert signed_in is not None and signed_in.role is u.role
    eva = authenticate(engine, "external", users[-1].password)
    assert eva is not None and eva.organisation_id == "o2"
    with engine.connect() as conn:
        log = " ".join(str(v) for r in conn.execute(select(AuditLogEntry.subject, AuditLogEntry.why)) for v in r)
    assert all(p not in log for p in passwords)


def test_a_second_run_keeps_the_accounts_and_gives_new_passwords(engine: Engine) -> None:
    """Idempotent: same accounts and links, no new rows, new passwords (the old ones stop working)."""
    seed(engine, _world())
    first = create_demo_users(engine)
    accounts = _accounts(engine)
    second = create_demo_users(engine)
    assert _accounts(engine) == accounts
    assert [(u.name, u.role, u.linked) for u in second] == [(u.name, u.role, u.linked) for u in first]
    for old, new in zip(first, second, strict=True):
        assert old.password != new.password
        assert authenticate(engine, old.name, old.password) is None
        assert authenticate(engine, new.name, new.password) is not None


def test_without_fitting_data(engine: Engine) -> None:
    """No agents and no contacts: unlinked internal accounts, no external one; a contact of any kind will do."""
    users = create_demo_users(engine)
    assert [u.role for u in users] == [r for r in SIGN_IN_ROLES if r is not Role.EXTERNAL]
    assert all(u.linked is None for u in users)
    seed(engine, {"organisations": [{"id": "o9", "name": "Irgendwer"}],
                  "contacts": [{"id": "c9", "organisation_id": "o9", "last_name": "Niemand"}]})
    again = create_demo_users(engine)
    assert again[-1].role is Role.EXTERNAL and again[-1].linked == "contact c9 Niemand (Irgendwer)"
    assert _accounts(engine)["external"] == ("external", None, "c9")


def test_the_table_and_the_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table names every account; the sheet lies beside the SQLite file (else in the working folder), mode 0600."""
    users = [DemoUser("admin", Role.ADMIN, "pw-admin-0123456", "agent A1 Ada Admin"),
             DemoUser("external", Role.EXTERNAL, "pw-extern-012345", None)]
    table = demo_users_table(users)
    lines = table.splitlines()
    assert lines[0] == "Anmeldung / sign-in:"
    assert lines[1].split()[:3] == ["name", "role", "password"]
    assert lines[2].split() == ["admin", "admin", "pw-admin-0123456", "agent", "A1", "Ada", "Admin"]
    assert lines[3].split() == ["external", "external", "pw-extern-012345"]
    old = tmp_path / "demo-users.txt"
    old.write_text("stale")
    old.chmod(0o644)
    path = write_demo_users(users, f"sqlite:///{tmp_path / 'demo.db'}", "sqlite:///demo.db")
    assert path == old
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "stale" not in text and table in text and "sqlite:///demo.db" in text
    monkeypatch.chdir(tmp_path)
    assert demo_users_file("postgresql://u@h/db") == Path("demo-users.txt")


def test_the_demo_prints_and_writes_the_accounts(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`kundenakte demo`: the sign-in table before the server starts, the same in demo-users.txt (0600); each printed
    password signs in, and the external account belongs to a customer with tickets and shared documents."""
    served: list[str] = []
    web = types.ModuleType("kundenakte.web")
    web.serve = lambda url, host, port, **_: served.append(capsys.readouterr().err)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kundenakte.web", web)
    monkeypatch.chdir(tmp_path)  # PostgreSQL: the sheet goes into the working folder
    assert main(["demo", "--db", db_url, "--today", "2026-03-15"]) == 0
    (err,) = served
    sheet = err[err.index("Anmeldung / sign-in:"):]
    rows = [line.split() for line in sheet.splitlines()[2:2 + len(SIGN_IN_ROLES)]]
    assert [r[1] for r in rows] == [r.value for r in SIGN_IN_ROLES]
    path = demo_users_file(db_url) if db_url.startswith("sqlite") else tmp_path / "demo-users.txt"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    engine = make_engine(db_url)
    try:
        for name, role, password, *_ in rows:
            assert password in text
            signed_in = authenticate(engine, name, password)
            assert signed_in is not None and signed_in.role == role
        with engine.connect() as conn:
            contact = conn.execute(select(User.contact_id).where(User.name == "external")).scalar_one()
            org = conn.execute(select(Contact.organisation_id).where(Contact.id == contact)).scalar_one()
            assert conn.execute(select(exists().where(Ticket.organisation_id == org))).scalar()
            assert conn.execute(select(exists().where(Invoice.organisation_id == org))).scalar()
            assert conn.execute(select(exists().where(Document.organisation_id == org,
                                                      Document.external.is_(True)))).scalar()
            assert conn.execute(select(func.count()).select_from(User).where(User.agent_id.is_not(None))
                                ).scalar_one() == len(SIGN_IN_ROLES) - 1
    finally:
        engine.dispose()
