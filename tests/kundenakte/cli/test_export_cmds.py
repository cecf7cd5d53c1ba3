"""`kundenakte export PATH.xlsx|PATH.csv [--aspect A] [--as USER] [--as-of D]`: the controllers' workbook, a list,
the German CSV; need-to-know with --as; one-line refusals with the contract's exit codes (spec/analytics.md)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from core.vocabulary import Role
from kundenakte.cli import main
from services import audit
from services.commands.users import add_user
from services.users import SYSTEM
from tests.kundenakte.export.controllers_data import seed_controllers

pytestmark = pytest.mark.usefixtures("fast_hashing")
PASSWORD = "a-long-enough-secret"


@pytest.fixture
def db(engine: Engine) -> str:
    seed_controllers(engine)
    add_user(engine, SYSTEM, "vera", Role.SALES, PASSWORD, agent_id="ag1")
    add_user(engine, SYSTEM, "paula", Role.PURCHASING, PASSWORD, agent_id="ag2")
    add_user(engine, SYSTEM, "ext", Role.EXTERNAL, PASSWORD, contact_id="x1")
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the files (the SQLite database lives in tmp_path)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def export(db: str, *argv: str) -> int:
    return main(["export", *argv, "--as-of", "2026-03-15", "--db", db])


def test_the_workbook_as_the_command_line(db: str, engine: Engine, folder: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Without --as: every sheet, one line on stderr, one audit entry naming the file and the rows."""
    path = folder / "controlling.xlsx"
    assert export(db, str(path)) == 0
    assert openpyxl.load_workbook(path).sheetnames == [
        "Kunden", "Interessenten", "Lieferanten", "Organisationen", "Konzentration Kunden",
        "Konzentration Lieferanten", "Info"]
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"controllers' workbook, 17 organisations (Kunden 8, Interessenten 6, Lieferanten 2, "
                   f"Organisationen 17) written to {path}"]
    (entry,) = audit.entries(engine, action="export")
    assert (entry.who, entry.subject) == ("cli", str(path)) and "2026-03-15" in (entry.why or "")
    assert [p.name for p in folder.iterdir()] == ["controlling.xlsx"]  # no temporary file left


def test_as_a_user_only_their_need_to_know(db: str, engine: Engine, folder: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """--as a sales user: no suppliers and no concentration (spec: purchasing and analytics are closed to sales);
    --as an external contact: the organisation list of its own organisation and nothing else."""
    sales = folder / "vera.xlsx"
    assert export(db, str(sales), "--as", "vera") == 0
    book = openpyxl.load_workbook(sales)
    assert book.sheetnames == ["Kunden", "Interessenten", "Organisationen", "Info"]
    assert "as vera" in capsys.readouterr().err
    external = folder / "ext.xlsx"
    assert export(db, str(external), "--as", "ext") == 0
    book = openpyxl.load_workbook(external)
    assert book.sheetnames == ["Organisationen", "Info"]
    assert [r[0] for r in book["Organisationen"].iter_rows(min_row=2, values_only=True)] == ["c1"]
    assert [e.who for e in audit.entries(engine, action="export")] == ["ext", "vera"]


def test_one_list_as_german_csv(db: str, folder: Path) -> None:
    path = folder / "lieferanten.csv"
    assert export(db, str(path), "--aspect", "supplier") == 0
    text = path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbfID;Name;ABC;")
    lines = text.decode("utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == ["s1", "s2"]
    assert lines[1].split(";")[7] == "250,25"


def test_one_list_as_workbook(db: str, folder: Path) -> None:
    path = folder / "kunden.xlsx"
    assert export(db, str(path), "--aspect", "customer") == 0
    assert openpyxl.load_workbook(path).sheetnames == ["Kunden", "Info"]


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["--as", "nobody", "--aspect", "customer"], 1, "kundenakte export: no user 'nobody'"),
    (["--as", "vera", "--aspect", "supplier"], 1, "kundenakte export: read purchasing"),
])
def test_refused_for_a_user(db: str, folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                            code: int, message: str) -> None:
    """No such user, or a list outside the user's areas: exit 1, one line, no file (not even a half one)."""
    path = folder / "out.csv"
    assert export(db, str(path), *argv) == code
    assert capsys.readouterr().err.strip() == message
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("name", "argv", "message"), [
    ("out.txt", [], "kundenakte export: the file must end in .xlsx or .csv: {path}"),
    ("out.csv", [], "kundenakte export: a CSV holds one list: name it with --aspect customer|prospect|supplier"),
    ("missing/out.xlsx", [], "kundenakte export: no such folder: {folder}"),
])
def test_wrong_usage_exits_2(db: str, folder: Path, capsys: pytest.CaptureFixture[str], name: str,
                             argv: list[str], message: str) -> None:
    path = folder / name
    assert export(db, str(path), *argv) == 2
    assert capsys.readouterr().err.strip() == message.format(path=path, folder=path.parent)
    assert list(folder.iterdir()) == []


def test_an_unknown_aspect_is_a_usage_error(db: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        export(db, str(folder / "x.csv"), "--aspect", "partner")
    assert exc.value.code == 2 and "usage:" in capsys.readouterr().err


def test_help_names_the_options_and_the_csv(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = capsys.readouterr().out
    for word in ("--aspect", "--as USER", "--as-of", "--db", "PATH.csv", "decimal comma", "UTF-8 with BOM"):
        assert word in text
