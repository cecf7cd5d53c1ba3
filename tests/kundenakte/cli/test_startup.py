"""Starting `kundenakte` stays light: the parser loads no pandas, SQLAlchemy or Dash (issue 22, quick start).

Each probe runs in a fresh interpreter, as the console script does, and reports which modules were loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from kundenakte.cli import build_parser

#: what no parser, and no --help, may load
HEAVY = ("pandas", "numpy", "pyarrow", "sqlalchemy", "alembic", "pydantic", "dash", "flask", "plotly", "scipy",
         "phonenumbers", "argon2", "openpyxl", "xlsxwriter", "waitress")

PROBE = """
import contextlib, io, json, sys
from kundenakte.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _probe(*argv: str) -> dict[str, object]:
    """Run `kundenakte ARGV` in a new interpreter: its exit code, its stdout and the modules it loaded."""
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


def test_caller_loads_no_pandas_and_no_alembic(sqlite_engine: Engine) -> None:
    """`kundenakte caller` on a current database: the database layer, but no pandas, Dash or Alembic."""
    url = sqlite_engine.url.render_as_string(hide_password=False)
    found = _probe("caller", "+49 30 1234567", "--db", url)
    assert found["code"] == 0
    assert json.loads(str(found["out"]))["number"] == "+49301234567"
    assert "sqlalchemy" in _heavy(found["modules"])
    assert set(_heavy(found["modules"])) & {"pandas", "numpy", "pyarrow", "alembic", "dash", "flask"} == set()
