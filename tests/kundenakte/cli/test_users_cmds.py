"""`kundenakte users`: add, list, disable, enable, passwd; passwords from a prompt or standard input, never shown."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine, func, select

from core.schema import AuditLogEntry, User
from kundenakte.cli import main
from services.signin import authenticate
from tests.access_world import access_data
from tests.support import seed

pytestmark = pytest.mark.usefixtures("fast_hashing")

PASSWORD = "correct-horse-battery"
OTHER = "another-long-secret"


@pytest.fixture
def db(engine: Engine) -> str:
    """The need-to-know world (agents ag1..ag3, adm; contacts c1..c3), as a URL for the command line."""
    seed(engine, access_data())
    return engine.url.render_as_string(hide_password=False)


class _Pipe(io.StringIO):
    """Standard input that is not a terminal."""

    def isatty(self) -> bool:
        return False


class _Terminal(io.StringIO):
    """Standard input that is a terminal (the password then comes from getpass)."""

    def isatty(self) -> bool:
        return True


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", _Pipe(text))


def _users(db: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    capsys.readouterr()
    assert main(["users", "list", "--format", "csv", "--db", db]) == 0
    return {r["name"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}


def _user_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(User)).scalar_one()


def _audit_text(engine: Engine) -> str:
    a = AuditLogEntry
    with engine.connect() as conn:
        rows = conn.execute(select(a.who, a.action, a.subject, a.why, a.address)).all()
    return "\n".join(" ".join(str(v) for v in r) for r in rows)


def _add(db: str, monkeypatch: pytest.MonkeyPatch, *argv: str, password: str = PASSWORD) -> int:
    _stdin(monkeypatch, password + "\n")
    return main(["users", "add", *argv, "--db", db])


def test_add_from_standard_input_then_list(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`echo pw | users add`: the account exists, can sign in, is listed with its link; the password shows nowhere."""
    assert _add(db, monkeypatch, "anna", "--role", "sales", "--agent", "ag1") == 0
    assert _add(db, monkeypatch, "eva", "--role", "external", "--contact", "c1", "--locale", "en",
                password=OTHER) == 0
    added = capsys.readouterr()
    assert "anna" in added.err and PASSWORD not in added.out + added.err and OTHER not in added.out + added.err
    users = _users(db, capsys)
    assert set(users) == {"anna", "eva"}
    assert list(users["anna"]) == ["name", "role", "agent_id", "contact_id", "active", "locale", "created_at",
                                   "last_sign_in_at"]
    assert {k: users["anna"][k] for k in ("role", "agent_id", "contact_id", "active", "locale", "last_sign_in_at")} \
        == {"role": "sales", "agent_id": "ag1", "contact_id": "", "active": "true", "locale": "de",
            "last_sign_in_at": ""}
    assert (users["eva"]["role"], users["eva"]["contact_id"], users["eva"]["locale"]) == ("external", "c1", "en")
    signed_in = authenticate(engine, "anna", PASSWORD)
    assert signed_in is not None and signed_in.agent_id == "ag1" and signed_in.teams == frozenset({"Nord"})
    eva = authenticate(engine, "eva", OTHER)
    assert eva is not None and eva.organisation_id == "o1"
    # the stored hash is argon2id, never the password; the audit log names the accounts, not the secrets
    with engine.connect() as conn:
        hashes = conn.execute(select(User.password_hash)).scalars().all()
    assert all(h.startswith("$argon2id$") and PASSWORD not in h and OTHER not in h for h in hashes)
    log = _audit_text(engine)
    assert "user_added anna role sales" in log and PASSWORD not in log and OTHER not in log


def test_list_formats(db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """users list: json (booleans, nulls), the table with a header; never a hash or a token."""
    assert _add(db, monkeypatch, "anna", "--role", "sales", "--agent", "ag1") == 0
    capsys.readouterr()
    assert main(["users", "list", "--format", "json", "--db", db]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["name"] == "anna" and row["active"] is True and row["contact_id"] is None
    assert row["last_sign_in_at"] is None and row["created_at"]
    assert set(row) == {"name", "role", "agent_id", "contact_id", "active", "locale", "created_at", "last_sign_in_at"}
    assert main(["users", "list", "--db", db]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["name", "role", "agent_id", "contact_id", "active", "locale", "created_at",
                                "last_sign_in_at"]
    assert table[2].split()[:4] == ["anna", "sales", "ag1", "true"]
    assert "argon2" not in "\n".join(table)


def test_prompt_at_a_terminal_asks_twice(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """At a terminal the password is asked twice without echo (getpass); two different answers are refused."""
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    prompts: list[str] = []
    answers = iter([PASSWORD, PASSWORD, PASSWORD, "something-else-entirely"])

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("kundenakte.cli.users_cmds.getpass.getpass", fake_getpass)
    assert main(["users", "add", "anna", "--role", "sales", "--agent", "ag1", "--db", db]) == 0
    assert len(prompts) == 2 and "again" in prompts[1]
    assert main(["users", "passwd", "anna", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "differ" in err and PASSWORD not in err
    assert authenticate(engine, "anna", PASSWORD) is not None  # unchanged


def test_a_short_password_is_refused(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Fewer than 12 characters: exit 2 with the rule, nothing created, the attempt not echoed."""
    assert _add(db, monkeypatch, "anna", "--role", "sales", "--agent", "ag1", password="short-pw") == 2
    captured = capsys.readouterr()
    assert "at least 12 characters" in captured.err and "short-pw" not in captured.out + captured.err
    assert _user_count(engine) == 0
    # at a terminal the first answer is checked before asking again
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    asked: list[str] = []
    monkeypatch.setattr("kundenakte.cli.users_cmds.getpass.getpass", lambda prompt="": asked.append(prompt) or "x")
    assert main(["users", "add", "anna", "--role", "sales", "--db", db]) == 2
    assert len(asked) == 1 and _user_count(engine) == 0


def test_no_password_on_standard_input_is_refused(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Empty standard input: exit 2, a hint where the password comes from."""
    _stdin(monkeypatch, "")
    assert main(["users", "add", "anna", "--role", "admin", "--db", db]) == 2
    assert "no password" in capsys.readouterr().err
    assert _user_count(engine) == 0


def test_only_the_first_line_is_the_password(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """One line: the newline (also CRLF) is not part of the password, spaces inside it are."""
    _stdin(monkeypatch, "with spaces inside \r\nsecond line\n")
    assert main(["users", "add", "anna", "--role", "admin", "--db", db]) == 0
    assert authenticate(engine, "anna", "with spaces inside ") is not None


@pytest.mark.parametrize(("argv", "message"), [
    (["--role", "external"], "linked to a contact"),
    (["--role", "external", "--agent", "ag1"], "linked to a contact"),
    (["--role", "sales", "--contact", "c1"], "only external users"),
    (["--role", "sales", "--agent", "nobody"], "no agent 'nobody'"),
    (["--role", "external", "--contact", "nobody"], "no contact 'nobody'"),
])
def test_wrong_links_are_refused(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    """An external user needs a contact, an internal one no contact; agents and contacts must exist (exit 2)."""
    assert _add(db, monkeypatch, "x-user", *argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and PASSWORD not in captured.out + captured.err
    assert _user_count(engine) == 0


@pytest.mark.parametrize("argv", [
    ["--role", "superuser"],
    ["--role", "system"],  # the command line's own user never signs in
    ["--role", "sales", "--agent", "ag1", "--contact", "c1"],
    ["--role", "sales", "--locale", "fr"],
    [],  # --role is required
])
def test_wrong_usage_exits_2(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Unknown role, both links, unknown language, no role: argparse's usage error (exit 2)."""
    _stdin(monkeypatch, PASSWORD + "\n")
    with pytest.raises(SystemExit) as exc:
        main(["users", "add", "x-user", *argv, "--db", db])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err
    assert _user_count(engine) == 0


def test_a_duplicate_name_is_refused(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The second account of the same name: exit 2, the first keeps its password and role."""
    assert _add(db, monkeypatch, "anna", "--role", "sales", "--agent", "ag1") == 0
    assert _add(db, monkeypatch, "anna", "--role", "admin", password=OTHER) == 2
    assert "exists already" in capsys.readouterr().err
    assert _user_count(engine) == 1
    assert authenticate(engine, "anna", OTHER) is None
    signed_in = authenticate(engine, "anna", PASSWORD)
    assert signed_in is not None and signed_in.role == "sales"


def test_disable_and_enable(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    """A disabled account cannot sign in and is listed inactive; enabled, its password works again (audited)."""
    assert _add(db, monkeypatch, "anna", "--role", "sales", "--agent", "ag1") == 0
    assert main(["users", "disable", "anna", "--db", db]) == 0
    assert _users(db, capsys)["anna"]["active"] == "false"
    assert authenticate(engine, "anna", PASSWORD) is None
    assert main(["users", "enable", "anna", "--db", db]) == 0
    assert _users(db, capsys)["anna"]["active"] == "true"
    assert authenticate(engine, "anna", PASSWORD) is not None
    log = _audit_text(engine)
    assert "cli user_disabled anna" in log and "cli user_enabled anna" in log


@pytest.mark.parametrize("action", ["disable", "enable", "passwd"])
def test_an_unknown_user_is_refused(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str], action: str) -> None:
    """disable / enable / passwd of a name nobody has: exit 1, a clear message, nothing audited as done."""
    _stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", action, "nobody", "--db", db]) == 1
    captured = capsys.readouterr()
    assert "no user 'nobody'" in captured.err and PASSWORD not in captured.out + captured.err
    assert "nobody" not in _audit_text(engine)


def test_passwd_changes_the_password(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """passwd: the new password works, the old one no longer; a too-short one is refused and changes nothing."""
    assert _add(db, monkeypatch, "anna", "--role", "sales", "--agent", "ag1") == 0
    _stdin(monkeypatch, OTHER + "\n")
    assert main(["users", "passwd", "anna", "--db", db]) == 0
    assert authenticate(engine, "anna", PASSWORD) is None
    assert authenticate(engine, "anna", OTHER) is not None
    _stdin(monkeypatch, "tiny\n")
    assert main(["users", "passwd", "anna", "--db", db]) == 2
    captured = capsys.readouterr()
    assert "at least 12 characters" in captured.err
    assert authenticate(engine, "anna", OTHER) is not None
    for secret in (PASSWORD, OTHER, "tiny"):
        assert secret not in captured.out + captured.err
        assert secret not in _audit_text(engine)
    assert "cli password_changed anna" in _audit_text(engine)
