"""`kundenakte retention` (spec/analytics.md, "Retention (GDPR)" and the command-line contract)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from core.schema import AuditLogEntry, Contact
from kundenakte.cli import main
from tests.support import seed

DATA = {
    "organisations": [{"id": "o1", "name": "Org"}],
    "contacts": [
        {"id": "c-old", "organisation_id": "o1", "first_name": "Anna", "last_name": "Meier",
         "email": "anna@org.example", "created_at": "2020-01-01T09:00:00"},
        {"id": "c-none", "organisation_id": "o1", "last_name": "Ohne"},
        {"id": "c-new", "organisation_id": "o1", "last_name": "Neu", "created_at": "2026-01-01T09:00:00"},
        {"id": "c-ticket", "organisation_id": "o1", "last_name": "Offen", "created_at": "2020-01-01T09:00:00"},
    ],
    "tickets": [{"id": "t1", "organisation_id": "o1", "contact_id": "c-ticket", "status": "open",
                 "opened_at": "2020-06-01T09:00:00"}],
}


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_list_csv(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--list: contact_id and last_trace, empty when none; an open ticket keeps its contact off the list."""
    seed(engine, DATA)
    assert main(["retention", "--list", "--as-of", "2026-06-30", "--format", "csv", "--db", _url(engine)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["contact_id,last_trace", "c-none,", "c-old,2020-01-01"]
    assert "2024-06-30" in captured.err


def test_erase_then_list_is_empty(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--erase anonymises the contacts due, logs who and why, and they are not listed again."""
    seed(engine, DATA)
    url = _url(engine)
    assert main(["retention", "--erase", "--as-of", "2026-06-30", "--who", "dpo", "--why", "annual purge",
                 "--format", "csv", "--db", url]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "contact_id,last_trace,action,activities,tickets,time_entries,learned_mappings"
    assert [line.split(",")[:3] for line in lines[1:]] == [["c-none", "", "erased"],
                                                             ["c-old", "2020-01-01", "erased"]]
    assert "erased 2 contact(s)" in captured.err
    with engine.connect() as conn:
        assert conn.execute(select(AuditLogEntry.who, AuditLogEntry.why, AuditLogEntry.subject)
                            .order_by(AuditLogEntry.subject)).all() == [
            ("dpo", "annual purge", "contact:c-none"), ("dpo", "annual purge", "contact:c-old")]
        assert conn.execute(select(Contact.email).where(Contact.id == "c-old")).scalar() is None
    assert main(["retention", "--list", "--as-of", "2026-06-30", "--format", "csv", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines() == ["contact_id,last_trace"]


def test_erase_dry_run_writes_nothing(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--erase --dry-run prints what would be erased and leaves the database as it was."""
    seed(engine, DATA)
    assert main(["retention", "--erase", "--dry-run", "--as-of", "2026-06-30", "--format", "json",
                 "--db", _url(engine)]) == 0
    captured = capsys.readouterr()
    assert '"action": "would erase"' in captured.out and "nothing written" in captured.err
    with engine.connect() as conn:
        assert conn.execute(select(AuditLogEntry)).all() == []
        assert conn.execute(select(Contact.email).where(Contact.id == "c-old")).scalar() == "anna@org.example"


def test_usage_errors(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """--list and --erase are exclusive and one is required (exit 2); --dry-run only goes with --erase."""
    for argv in (["retention", "--db", _url(engine)], ["retention", "--list", "--erase", "--db", _url(engine)]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    assert main(["retention", "--list", "--dry-run", "--db", _url(engine)]) == 2
    assert "--dry-run" in capsys.readouterr().err
