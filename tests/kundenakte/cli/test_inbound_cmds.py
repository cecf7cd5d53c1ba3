"""`kundenakte inbound`, `activities`, `inbox`, `caller` (spec/analytics.md, command line contract)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kundenakte.cli import main
from tests.etl.inbound.world import DATA, seed_world


@pytest.fixture
def db(engine: Engine) -> str:
    seed_world(engine)
    return engine.url.render_as_string(hide_password=False)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_inbound_reports_skips_on_stderr_and_exits_1(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input: skipped files are named on stderr with the reason; the run exits 1, never with a traceback."""
    assert main(["inbound", str(DATA), "--db", db]) == 1
    out, err = capsys.readouterr()
    assert "added" in out
    assert "90_random_bytes.eml" in err and "archive.mbox #2" in err and "Traceback" not in err


def test_clean_folder_exits_0_and_rereading_adds_nothing(db: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input: a run without skipped files exits 0; reading the same files again adds nothing."""
    folder = tmp_path / "inbound"
    folder.mkdir()
    for name in ("01_encoded_multipart.eml", "06_outgoing_multi.eml"):
        shutil.copy(DATA / name, folder / name)
    assert main(["inbound", str(folder), "--db", db]) == 0
    assert ", 2 added" in capsys.readouterr().out
    assert main(["inbound", str(folder), "--db", db]) == 0
    assert ", 0 added" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["noise.eml", "noise.mbox", "noise.ics", "calls.csv"])
def test_random_bytes_never_give_a_traceback(db: str, tmp_path: Path, name: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input: a file of random bytes under any inbound name is skipped with exit 1, never a traceback."""
    (tmp_path / name).write_bytes((DATA / "90_random_bytes.eml").read_bytes())
    assert main(["inbound", str(tmp_path / name), "--db", db]) == 1
    assert name in capsys.readouterr().err


def test_activities_and_inbox_csv(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract: activities and inbox as CSV with the contract's columns."""
    main(["inbound", str(DATA), "--db", db])
    capsys.readouterr()
    assert main(["activities", "--organisation", "o2", "--kind", "call", "--format", "csv", "--db", db]) == 0
    rows = _csv(capsys.readouterr().out)
    assert {r["source_id"] for r in rows} == {"call-1", "call-2", "call-3"}
    assert {r["contact_id"] for r in rows} == {"c2"} and rows[0]["occurred_at"].startswith("2026-03-02T")
    assert main(["inbox", "--format", "csv", "--db", db]) == 0
    inbox = {r["source_id"]: r for r in _csv(capsys.readouterr().out)}
    assert (inbox["cold-1@fremdfirma.example"]["address"], inbox["cold-1@fremdfirma.example"]["reason"]) == (
        "kontakt@fremdfirma.example", "no_match")
    assert inbox["CAFreemail123@mail.gmail.com"]["kind"] == "email"


def test_caller_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract, caller: number (E.164), contact_id, organisation_id, key_account_manager_id."""
    assert main(["caller", "06151 123-45", "--format", "json", "--db", db]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {k: doc[k] for k in ("number", "contact_id", "organisation_id", "key_account_manager_id")} == {
        "number": "+49615112345", "contact_id": "c2", "organisation_id": "o2", "key_account_manager_id": "a2"}
    assert main(["caller", "+49 89 123456", "--db", db]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["number"] == "+4989123456" and doc["organisation_id"] is None and doc["contact_id"] is None


def test_caller_rejects_text_that_is_no_number(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract: wrong usage exits 2; text that is no phone number is wrong usage."""
    assert main(["caller", "not-a-number", "--db", db]) == 2
    assert "not a phone number" in capsys.readouterr().err
