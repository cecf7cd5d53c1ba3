"""Starting `kundenakte` stays light: the parser loads no pandas, SQLAlchemy or Dash, `caller` only its look-up
(issue 22, quick start).

Each probe runs in a fresh interpreter, as the console script does, and reports which modules were loaded.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.db import current_revision, make_engine, script_head
from kundenakte.cli import COMMAND_MODULES, build_parser
from tests.conftest import PG_URL
from tests.support import seed

#: what no parser, and no --help, may load
HEAVY = ("pandas", "numpy", "pyarrow", "sqlalchemy", "alembic", "pydantic", "dash", "flask", "plotly", "scipy",
         "phonenumbers", "argon2", "openpyxl", "xlsxwriter", "waitress")

PROBE = """
import contextlib, io, json, sys
from kundenakte.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(), "modules": sorted(sys.modules)}))
"""


def _probe(*argv: str) -> dict[str, object]:
    """Run `kundenakte ARGV` in a new interpreter: its exit code, its stdout and stderr, the modules it loaded."""
    run = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120,
                         check=True)
    result: dict[str, object] = json.loads(run.stdout)
    return result


def _heavy(modules: object) -> list[str]:
    assert isinstance(modules, list)
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


def _subcommands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


def _help_of(parser: argparse.ArgumentParser, command: str) -> str:
    sub = next(a for a in parser._actions if a.dest == "command")
    return str(sub.choices[command].format_help())  # type: ignore[index]


@pytest.mark.parametrize("command", _subcommands())
def test_a_commands_own_parser_is_the_full_parsers(command: str) -> None:
    """`kundenakte COMMAND` builds only its module's parsers: every command has its module, and the parser
    built for it alone is the same (options, help texts) as in the full parser."""
    assert command in COMMAND_MODULES
    own = build_parser(command)
    assert _help_of(own, command) == _help_of(build_parser(), command)
    sub = next(a for a in own._actions if a.dest == "command")
    assert {COMMAND_MODULES[c] for c in sub.choices} == {COMMAND_MODULES[command]}  # type: ignore[union-attr]


def test_help_loads_nothing_heavy() -> None:
    """`kundenakte --help` builds every subcommand's parser and prints the usage without pandas, SQLAlchemy, Dash."""
    found = _probe("--help")
    assert found["code"] == 0 and "usage: kundenakte" in str(found["out"])
    assert _heavy(found["modules"]) == []


@pytest.mark.parametrize("command", _subcommands())
def test_each_subcommands_help_loads_nothing_heavy(command: str) -> None:
    """`kundenakte COMMAND --help` answers from the parser alone (check-cli asks every one of them)."""
    found = _probe(command, "--help")
    assert found["code"] == 0 and "--" in str(found["out"])
    assert _heavy(found["modules"]) == []


#: what `kundenakte caller`, asked on every ring, may not load: frames, the ORM and the declarative schema,
#: pydantic (the business configuration, the settings), Alembic while the database is current, the web side
NOT_FOR_CALLER = ("pandas", "numpy", "pyarrow", "scipy", "sqlalchemy.orm", "core.schema", "core.businessconfig",
                  "core.settings", "pydantic", "pydantic_settings", "alembic", "dash", "flask", "plotly", "openpyxl",
                  "xlsxwriter", "argon2", "waitress", "multiprocessing", "services.inbound", "etl.importer",
                  "etl.inbound")


def _loaded(modules: object, names: Sequence[str]) -> list[str]:
    """Those of `names` (packages or modules) of which any module was loaded."""
    assert isinstance(modules, list)
    return sorted({n for n in names for m in modules if m == n or m.startswith(n + ".")})


@pytest.fixture
def phone_book(engine: Engine) -> str:
    """An organisation with its key account manager and a contact with a number, on each database."""
    seed(engine, {
        "agents": [{"id": "kam", "name": "Kim Konto"}],
        "organisations": [{"id": "o1", "name": "Müller GmbH", "key_account_manager_id": "kam", "vip": True,
                           "phone": "+49 30 1234-0"}],
        "contacts": [{"id": "c1", "organisation_id": "o1", "first_name": "Eva", "last_name": "Berg",
                      "phone": "030 1234567"}],
    })
    return engine.url.render_as_string(hide_password=False)


def test_caller_loads_only_what_the_look_up_needs(phone_book: str) -> None:
    """`kundenakte caller` finds contact, organisation and manager with SQLAlchemy Core and phonenumbers alone
    (on SQLite and PostgreSQL): no pandas, no ORM or declarative schema, no pydantic, no Alembic, no Dash."""
    found = _probe("caller", "+49 (0)30 1234567", "--db", phone_book)
    assert found["code"] == 0
    doc = json.loads(str(found["out"]))
    assert (doc["number"], doc["contact_id"], doc["organisation_id"], doc["key_account_manager_name"], doc["vip"],
            doc["contact_name"]) == ("+49301234567", "c1", "o1", "Kim Konto", True, "Eva Berg")
    assert _loaded(found["modules"], NOT_FOR_CALLER) == []
    assert _loaded(found["modules"], ("sqlalchemy", "phonenumbers")) == ["phonenumbers", "sqlalchemy"]
    backend = "sqlite" if phone_book.startswith("sqlite") else "pg"
    assert _loaded(found["modules"], ("psycopg",)) == ([] if backend == "sqlite" else ["psycopg"])


def test_caller_of_a_switchboard_extension_and_an_unknown_number_stay_light(phone_book: str) -> None:
    """The other answers of the look-up (a direct dial under a switchboard number, no match) load no more."""
    for number, organisation in (("+49 30 1234-99", "o1"), ("+49 89 555 0101", None)):
        found = _probe("caller", number, "--db", phone_book)
        assert found["code"] == 0 and json.loads(str(found["out"]))["organisation_id"] == organisation
        assert _loaded(found["modules"], NOT_FOR_CALLER) == []


def test_caller_on_a_database_never_migrated_migrates_it_first(tmp_path: Path) -> None:
    """The quick path keeps the other commands' safety: a database behind the migrations is brought to the
    current schema (Alembic loaded for that, and only then) before the look-up answers."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    found = _probe("caller", "+49 30 1234567", "--db", url)
    assert found["code"] == 0 and json.loads(str(found["out"]))["reason"] == "no_match"
    assert _loaded(found["modules"], ("alembic",)) == ["alembic"]
    engine = make_engine(url)
    assert current_revision(engine) == script_head()
    engine.dispose()
    again = _probe("caller", "+49 30 1234567", "--db", url)
    assert again["code"] == 0 and _loaded(again["modules"], NOT_FOR_CALLER) == []


def test_caller_on_a_database_that_cannot_be_used_is_one_line_and_exit_1() -> None:
    """A PostgreSQL database that does not exist: one line naming it on stderr, exit 1, no traceback."""
    missing = PG_URL.rsplit("/", 1)[0] + "/kundenakte_no_such_database"
    found = _probe("caller", "+49 30 1234567", "--db", missing)
    err = str(found["err"])
    assert found["code"] == 1 and found["out"] == ""
    assert err.startswith("kundenakte caller: the database cannot be used:")
    assert "kundenakte_no_such_database" in err and len(err.strip().splitlines()) == 1


def test_a_command_that_parses_no_number_loads_no_phonenumbers(sqlite_engine: Engine) -> None:
    """The command line allows helper processes for number parsing before every subcommand without loading the
    parser of phone numbers: `kundenakte audit` prints the log without it (and without the ORM)."""
    url = sqlite_engine.url.render_as_string(hide_password=False)
    found = _probe("audit", "--format", "csv", "--db", url)
    assert found["code"] == 0 and str(found["out"]).startswith("id,at,who,action,subject,why,address")
    assert _loaded(found["modules"], ("phonenumbers", "multiprocessing", "sqlalchemy.orm", "core.schema")) == []
