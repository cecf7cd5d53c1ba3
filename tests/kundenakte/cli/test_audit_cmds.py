"""`kundenakte audit` (newest first, filters, formats) and the audited `kundenakte export [--as USER]`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from core.vocabulary import Role, Scope
from kundenakte.cli import main
from services import audit
from services.commands.users import add_user, disable_user
from services.identities import user_named
from services.policy import set_scope
from services.users import SYSTEM, CurrentUser
from tests.kundenakte.orgdata import org_list_data
from tests.support import seed

pytestmark = pytest.mark.usefixtures("fast_hashing")

COLUMNS = ["id", "at", "who", "action", "subject", "why", "address"]
PASSWORD = "a-long-enough-secret"


@pytest.fixture
def db(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _log(db: str, capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["audit", "--format", "csv", *argv, "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ",".join(COLUMNS)
    return list(csv.DictReader(io.StringIO(out)))


def _fill(engine: Engine) -> None:
    """Five entries, oldest first: two sign-ins of ada, a refusal of bob, a change by the command line."""
    web = CurrentUser(id="bob", role=Role.SALES, address="10.0.0.7")
    audit.record_now(engine, "ada", "sign_in", "ada", None, "10.0.0.1")
    audit.record_now(engine, web, "denied", "read billing")
    audit.record_now(engine, "ada", "sign_in", "ada", None, "10.0.0.1")
    audit.record_now(engine, SYSTEM, "permission", "sales billing", "set to none")
    audit.record_now(engine, "ada", "sign_out", "ada")


def test_an_empty_log_is_a_header(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _log(db, capsys) == []


def test_newest_first_with_limit_offset_and_filters(db: str, engine: Engine,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Newest first; --limit, --offset, --action and --who narrow it; the client address is shown."""
    _fill(engine)
    rows = _log(db, capsys)
    assert [(r["who"], r["action"]) for r in rows] == [
        ("ada", "sign_out"), ("cli", "permission"), ("ada", "sign_in"), ("bob", "denied"), ("ada", "sign_in")]
    assert [int(r["id"]) for r in rows] == sorted((int(r["id"]) for r in rows), reverse=True)
    assert rows[3]["address"] == "10.0.0.7" and rows[1]["why"] == "set to none" and rows[1]["address"] == ""
    assert [r["action"] for r in _log(db, capsys, "--limit", "2")] == ["sign_out", "permission"]
    assert [r["action"] for r in _log(db, capsys, "--limit", "2", "--offset", "2")] == ["sign_in", "denied"]
    assert [r["action"] for r in _log(db, capsys, "--who", "ada")] == ["sign_out", "sign_in", "sign_in"]
    assert [r["who"] for r in _log(db, capsys, "--action", "sign_in")] == ["ada", "ada"]
    assert _log(db, capsys, "--action", "sign_in", "--who", "bob") == []


def test_json_and_table(db: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(engine)
    capsys.readouterr()
    assert main(["audit", "--format", "json", "--limit", "1", "--db", db]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert set(entry) == set(COLUMNS) and entry["action"] == "sign_out" and entry["why"] is None
    assert main(["audit", "--db", db]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == COLUMNS and len(table) == 2 + 5


@pytest.mark.parametrize("argv", [["--limit", "0"], ["--limit", "many"], ["--offset", "-1"], ["--format", "xml"]])
def test_wrong_usage_exits_2(db: str, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["audit", *argv, "--db", db])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


# --- the export is audited, and runs as a user with --as -------------------------------------------------------


def _sheet_ids(path: Path) -> set[str]:
    sheet = openpyxl.load_workbook(path)["Organisationen"]
    return {str(r[0]) for r in list(sheet.iter_rows(values_only=True))[1:]}


def test_export_is_audited_as_the_command_line(db: str, engine: Engine, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Without --as the command line exports everything; the audit log names `cli` and the workbook's path."""
    seed(engine, org_list_data())
    path = tmp_path / "orgs.xlsx"
    assert main(["export", str(path), "--as-of", "2026-03-15", "--db", db]) == 0
    assert len(_sheet_ids(path)) == 12
    (entry,) = _log(db, capsys, "--action", "export")
    assert (entry["who"], entry["subject"]) == ("cli", str(path))
    assert "12 organisations" in entry["why"] and "2026-03-15" in entry["why"]


def test_export_as_a_user_sees_what_the_user_may_see(db: str, engine: Engine, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--as USER: that user's need-to-know (own accounts of agent ag2), and the audit entry is theirs."""
    seed(engine, org_list_data())
    add_user(engine, SYSTEM, "bernd", Role.MANAGEMENT, PASSWORD, agent_id="ag2")
    set_scope(engine, SYSTEM, Role.MANAGEMENT, Scope.OWN_ACCOUNTS)
    path = tmp_path / "mine.xlsx"
    assert main(["export", str(path), "--as", "bernd", "--as-of", "2026-03-15", "--db", db]) == 0
    assert "as bernd" in capsys.readouterr().err
    assert _sheet_ids(path) == {"o03", "o05"}
    (entry,) = _log(db, capsys, "--action", "export")
    assert (entry["who"], entry["subject"]) == ("bernd", str(path)) and "2 organisations" in entry["why"]


def test_export_as_an_unknown_or_disabled_user_is_refused(db: str, engine: Engine, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """--as a name nobody has, or a disabled account: exit 1 with a clear message, no workbook, no export entry."""
    seed(engine, org_list_data())
    add_user(engine, SYSTEM, "bernd", Role.MANAGEMENT, PASSWORD, agent_id="ag2")
    disable_user(engine, SYSTEM, "bernd")
    path = tmp_path / "x.xlsx"
    assert main(["export", str(path), "--as", "nobody", "--db", db]) == 1
    assert "no user 'nobody'" in capsys.readouterr().err
    assert main(["export", str(path), "--as", "bernd", "--db", db]) == 1
    assert "user 'bernd' is disabled" in capsys.readouterr().err
    assert not path.exists()
    assert _log(db, capsys, "--action", "export") == []


def test_user_named_builds_the_signed_in_user(engine: Engine) -> None:
    """services.identities.user_named: the same CurrentUser sign-in builds (agent's team, contact's organisation)."""
    from tests.access_world import access_data

    seed(engine, access_data())
    add_user(engine, SYSTEM, "anna", Role.SALES, PASSWORD, agent_id="ag1", locale="en")
    add_user(engine, SYSTEM, "eva", Role.EXTERNAL, PASSWORD, contact_id="c1")
    anna = user_named(engine, "anna")
    assert (anna.id, anna.role, anna.agent_id, anna.teams, anna.locale) == (
        "anna", Role.SALES, "ag1", frozenset({"Nord"}), "en")
    assert anna.user_id is not None and not anna.is_system
    eva = user_named(engine, "eva")
    assert (eva.role, eva.contact_id, eva.organisation_id) == (Role.EXTERNAL, "c1", "o1")
