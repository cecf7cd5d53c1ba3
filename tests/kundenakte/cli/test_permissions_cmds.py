"""`kundenakte permissions`: show the matrix (role x area) and the scopes, change a cell or a scope (audited)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine, select

from core.schema import AuditLogEntry
from core.vocabulary import Area, Level, Role, Scope
from kundenakte.cli import main
from services import policy
from tests.access_world import SALES_NORD, access_data
from tests.support import seed

AREAS = [a.value for a in Area]
ROLES = ["admin", "management", "sales", "support", "accounting", "purchasing", "external"]


@pytest.fixture
def db(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _matrix(db: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    capsys.readouterr()
    assert main(["permissions", "--format", "csv", "--db", db]) == 0
    return {r["role"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}


def _audit(engine: Engine, action: str | None = None) -> list[tuple[str, str, str, str | None]]:
    a = AuditLogEntry
    query = select(a.who, a.action, a.subject, a.why).order_by(a.id)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query if action is None else query.where(a.action == action))]


def test_the_matrix_as_csv(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """One row per sign-in role, one column per area, then the scope; the migrated defaults of the spec."""
    capsys.readouterr()
    assert main(["permissions", "--format", "csv", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(["role", *AREAS, "scope"])
    rows = {r["role"]: r for r in csv.DictReader(io.StringIO("\n".join(lines)))}
    assert list(rows) == ROLES
    assert all(rows["admin"][a] == "edit" for a in AREAS)
    assert rows["management"]["administration"] == "none" and rows["management"]["billing"] == "read"
    assert (rows["sales"]["pipeline"], rows["sales"]["purchasing"]) == ("edit", "none")
    assert (rows["external"]["service"], rows["external"]["billing"]) == ("read", "none")
    assert {r["scope"] for role, r in rows.items() if role != "external"} == {"all"}
    assert rows["external"]["scope"] == ""  # fixed: their own organisation


def test_the_matrix_as_table_and_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The default table has a header and a row per role; json is one object per role with null scope for external."""
    capsys.readouterr()
    assert main(["permissions", "--db", db]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["role", *AREAS, "scope"]
    assert [line.split()[0] for line in table[2:]] == ROLES
    assert main(["permissions", "--format", "json", "--db", db]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["role"] for r in doc] == ROLES
    assert doc[0]["administration"] == "edit" and doc[-1]["scope"] is None


def test_set_shows_in_the_matrix_at_once_and_in_the_audit_log(db: str, engine: Engine,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """`permissions set`: the matrix, the policy of the next request and the audit log all show the change."""
    seed(engine, access_data())
    with engine.connect() as conn:
        assert policy.grants(conn, SALES_NORD).level(Area.BILLING) is Level.READ
    assert main(["permissions", "set", "sales", "billing", "none", "--db", db]) == 0
    assert "sales billing: read -> none" in capsys.readouterr().err
    assert _matrix(db, capsys)["sales"]["billing"] == "none"
    with engine.connect() as conn:
        assert policy.grants(conn, SALES_NORD).level(Area.BILLING) is Level.NONE
    assert _audit(engine) == [("cli", "permission", "sales billing", "set to none")]
    # and `kundenakte audit` shows it too
    assert main(["audit", "--action", "permission", "--format", "csv", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and ",cli,permission,sales billing,set to none," in lines[1]
    # --db may come before the action as well
    assert main(["permissions", "--db", db, "set", "external", "documents", "none"]) == 0
    assert _matrix(db, capsys)["external"]["documents"] == "none"


@pytest.mark.parametrize("argv", [
    ["sales", "bogus", "read"],
    ["sales", "billing", "write"],
    ["superuser", "billing", "read"],
    ["system", "billing", "read"],
    ["sales", "billing"],
])
def test_set_refuses_unknown_words(db: str, engine: Engine, capsys: pytest.CaptureFixture[str],
                                   argv: list[str]) -> None:
    """An unknown role, area or level is a usage error (exit 2) naming the choices; nothing changes."""
    before = _matrix(db, capsys)
    with pytest.raises(SystemExit) as exc:
        main(["permissions", "set", *argv, "--db", db])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err
    assert _matrix(db, capsys) == before
    assert _audit(engine) == []


def test_the_admins_administration_right_cannot_be_dropped(db: str, engine: Engine,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """admin x administration below edit: exit 2 with the reason, the matrix unchanged, no change audited."""
    for level in ("read", "none"):
        assert main(["permissions", "set", "admin", "administration", level, "--db", db]) == 2
        assert "admins keep the right to administer" in capsys.readouterr().err
    assert _matrix(db, capsys)["admin"]["administration"] == "edit"
    assert _audit(engine, "permission") == []
    # other cells of the admin may change, and setting edit again is allowed
    assert main(["permissions", "set", "admin", "administration", "edit", "--db", db]) == 0
    assert main(["permissions", "set", "admin", "billing", "read", "--db", db]) == 0
    assert _matrix(db, capsys)["admin"]["billing"] == "read"


def test_scope_narrows_a_role_at_once(db: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """`permissions scope sales own_accounts`: shown in the matrix, used by the policy, audited; and back again."""
    seed(engine, access_data())
    assert main(["permissions", "scope", "sales", "own_accounts", "--db", db]) == 0
    assert "scope sales: all -> own_accounts" in capsys.readouterr().err
    assert _matrix(db, capsys)["sales"]["scope"] == "own_accounts"
    with engine.connect() as conn:
        assert policy.grants(conn, SALES_NORD).scope is Scope.OWN_ACCOUNTS
    assert main(["permissions", "scope", "sales", "all", "--db", db]) == 0
    with engine.connect() as conn:
        assert policy.scopes(conn)[Role.SALES] is Scope.ALL
    assert _audit(engine, "scope") == [("cli", "scope", "sales", "set to own_accounts"),
                                       ("cli", "scope", "sales", "set to all")]


@pytest.mark.parametrize("argv", [["external", "all"], ["system", "all"], ["sales", "everything"], ["sales"]])
def test_scope_refuses_fixed_roles_and_unknown_scopes(db: str, engine: Engine, capsys: pytest.CaptureFixture[str],
                                                      argv: list[str]) -> None:
    """external (and the system user) have a fixed scope; an unknown scope is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as exc:
        main(["permissions", "scope", *argv, "--db", db])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err
    assert _audit(engine) == []


def test_an_unknown_action_is_a_usage_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["permissions", "drop", "--db", db])
    assert exc.value.code == 2
