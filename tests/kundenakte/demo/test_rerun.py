"""`kundenakte demo` a second time: its own demo database is served again (same sign-ins), any other refused."""

from __future__ import annotations

import shutil
import stat
import sys
import types
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.businessconfig import load_config
from core.db import make_engine
from core.schema import Organisation
from core.vocabulary import SIGN_IN_ROLES
from kundenakte.cli import main
from kundenakte.demo.target import demo_mark, has_data, mark_demo
from kundenakte.demo.users import read_demo_users
from services.commands.users import change_password
from services.signin import authenticate
from services.users import SYSTEM
from tests.support import seed

TODAY = "2026-03-15"


def _sheet_rows(err: str) -> dict[str, str]:
    """name -> password of the sign-in table the demo printed."""
    sheet = err[err.index("Anmeldung / sign-in:"):].splitlines()[2:2 + len(SIGN_IN_ROLES)]
    return {line.split()[0]: line.split()[2] for line in sheet}


def _organisations(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Organisation)).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a small demo database made by `kundenakte demo --generate-only`, its sheet and its key."""
    folder = tmp_path_factory.mktemp("made")
    assert main(["demo", "--generate-only", "--db", f"sqlite:///{folder / 'demo.db'}", "--today", TODAY]) == 0
    return folder


@pytest.fixture
def demo_copy(made: Path, tmp_path: Path) -> str:
    """A copy of the made demo (database, sign-in sheet, session key), as the URL of its database."""
    for name in ("demo.db", "demo-users.txt", "kundenakte.secret"):
        shutil.copy2(made / name, tmp_path / name)
    (tmp_path / "demo-users.txt").chmod(0o600)
    return f"sqlite:///{tmp_path / 'demo.db'}"


def test_the_mark_is_kept_beside_the_business_settings(engine: Engine) -> None:
    """The mark names size, seed and the history's end; load_config ignores it; data without it is no demo."""
    seed(engine, {"organisations": [{"id": "O1", "name": "Vorhandene GmbH"}]})
    assert has_data(engine) and demo_mark(engine) is None
    mark = mark_demo(engine, "small", 7, date(2026, 3, 15))
    assert demo_mark(engine) == mark and mark.describe() == "--size small --seed 7, history up to 2026-03-15"
    with engine.connect() as conn:
        assert load_config(conn) is not None


def test_a_second_run_serves_the_demo_again_with_the_same_sign_ins(demo_copy: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing generated or loaded again; the printed passwords are the sheet's, which is left as it was (0600)."""
    sheet = tmp_path / "demo-users.txt"
    before = sheet.read_text(encoding="utf-8")
    organisations = _organisations(demo_copy)
    capsys.readouterr()
    assert main(["demo", "--generate-only", "--db", demo_copy, "--out", str(tmp_path / "files")]) == 0
    err = capsys.readouterr().err
    assert "nothing generated" in err and "generated small demo" not in err
    assert _sheet_rows(err) == read_demo_users(sheet) and len(_sheet_rows(err)) == len(SIGN_IN_ROLES)
    assert sheet.read_text(encoding="utf-8") == before and stat.S_IMODE(sheet.stat().st_mode) == 0o600
    assert not (tmp_path / "files").exists()
    assert _organisations(demo_copy) == organisations
    engine = make_engine(demo_copy)
    try:
        for name, password in _sheet_rows(err).items():
            assert authenticate(engine, name, password) is not None
    finally:
        engine.dispose()


@pytest.mark.usefixtures("fast_hashing")
def test_a_password_changed_since_is_set_anew_and_the_sheet_rewritten(demo_copy: str, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """An account whose sheet password no longer signs in gets a new one; the others keep theirs."""
    sheet = tmp_path / "demo-users.txt"
    kept = read_demo_users(sheet)
    engine = make_engine(demo_copy)
    try:
        change_password(engine, SYSTEM, "sales", "changed-by-someone-else")
    finally:
        engine.dispose()
    sheet.chmod(0o644)
    capsys.readouterr()
    assert main(["demo", "--generate-only", "--db", demo_copy]) == 0
    printed = _sheet_rows(capsys.readouterr().err)
    assert printed["sales"] not in (kept["sales"], "changed-by-someone-else")
    assert {n: p for n, p in printed.items() if n != "sales"} == {n: p for n, p in kept.items() if n != "sales"}
    assert read_demo_users(sheet) == printed and stat.S_IMODE(sheet.stat().st_mode) == 0o600


@pytest.mark.parametrize("argv", [["--seed", "5"], ["--size", "large"], ["--today", "2026-01-01"]])
def test_other_options_are_refused_naming_the_demo_there(demo_copy: str, argv: list[str], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A demo of another size, seed or end date is not served as this one: exit 1, the options it was made with."""
    capsys.readouterr()
    assert main(["demo", "--generate-only", "--db", demo_copy, *argv]) == 1
    assert "--size small --seed 42, history up to 2026-03-15" in capsys.readouterr().err
    assert not (tmp_path / "files").exists()


def test_a_database_with_other_data_is_still_refused(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """Data that no `kundenakte demo` made (no mark) is never served as a demo, on either backend."""
    seed(engine, {"organisations": [{"id": "O1", "name": "Vorhandene GmbH"}]})
    url = engine.url.render_as_string(hide_password=False)
    assert main(["demo", "--generate-only", "--db", url, "--today", TODAY]) == 1
    assert "no `kundenakte demo` made" in capsys.readouterr().err


@pytest.mark.usefixtures("fast_hashing")
def test_twice_on_each_backend_then_served(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """scripts/demo.sh twice: the second `kundenakte demo` serves the first one's database with its sign-ins."""
    served: list[str] = []
    web = types.ModuleType("kundenakte.web")
    web.serve = lambda url, host, port, **_: served.append(url)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kundenakte.web", web)
    monkeypatch.chdir(tmp_path)  # PostgreSQL: the sheet goes into the working folder
    assert main(["demo", "--db", db_url, "--today", TODAY]) == 0
    first = _sheet_rows(capsys.readouterr().err)
    organisations = _organisations(db_url)
    assert main(["demo", "--db", db_url]) == 0
    err = capsys.readouterr().err
    assert "nothing generated" in err and _sheet_rows(err) == first
    assert _organisations(db_url) == organisations and len(served) == 2
