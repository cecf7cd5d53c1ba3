"""`kundenakte serve` (spec/analytics.md, command line contract: the dashboard on 127.0.0.1:8050) with waitress."""

from __future__ import annotations

import http.client
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from kundenakte.cli import build_parser, main
from kundenakte.cli.demo_cmds import SECRET_FILE, demo_secret_key
from tests.kundenakte.signin.helpers import TEST_SECRET_KEY, add_account, dash_pages_cleared


def test_serve_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    """Command line contract: `serve --help` works and names --host, --port, --threads, --debug and --db."""
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert all(option in out for option in ("--host", "--port", "--threads", "--debug", "--db"))
    assert "KUNDENAKTE_SECRET_KEY" in out


def test_serve_defaults_to_localhost_8050() -> None:
    """Command line contract: the dashboard listens on 127.0.0.1:8050 unless told otherwise."""
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.threads, args.debug) == ("127.0.0.1", 8050, 8, False)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """waitress.serve and Flask.run replaced by recorders (nothing listens)."""
    import waitress

    calls: dict[str, Any] = {}

    def fake_waitress(app: Flask, **kw: Any) -> None:
        calls["waitress"] = (app, kw)

    def fake_run(self: Flask, **kw: Any) -> None:
        calls["run"] = kw

    monkeypatch.setattr(waitress, "serve", fake_waitress)
    monkeypatch.setattr(Flask, "run", fake_run)
    monkeypatch.setenv("KUNDENAKTE_SECRET_KEY", TEST_SECRET_KEY)
    return calls


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'serve.db'}"


def test_serve_runs_waitress_without_a_version_in_the_server_header(
        served: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Production: waitress with the threads asked for, ident "Kundenakte", the body limit; no Werkzeug server."""
    with dash_pages_cleared():
        assert main(["serve", "--db", _db(tmp_path), "--port", "8123", "--threads", "3"]) == 0
    app, kw = served["waitress"]
    assert isinstance(app, Flask) and "run" not in served
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123 and kw["threads"] == 3
    assert kw["ident"] == "Kundenakte" and kw["max_request_body_size"] == 8 * 1024 * 1024
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


def test_serve_debug_keeps_werkzeug_with_the_debugger(served: dict[str, Any], tmp_path: Path) -> None:
    with dash_pages_cleared():
        assert main(["serve", "--db", _db(tmp_path), "--debug"]) == 0
    assert served["run"]["debug"] is True and "waitress" not in served


def test_serve_debug_only_on_the_loopback(served: dict[str, Any], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Werkzeug's debugger runs code: `--debug --host 0.0.0.0` is refused (exit 2)."""
    with dash_pages_cleared():
        assert main(["serve", "--db", _db(tmp_path), "--debug", "--host", "0.0.0.0"]) == 2
    assert "--debug" in capsys.readouterr().err and not served


def test_serve_without_an_admin_says_how_to_make_one(served: dict[str, Any], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """No admin account: `serve` prints `kundenakte users add NAME --role admin --agent ID`; with one it does not."""
    url = _db(tmp_path)
    with dash_pages_cleared():
        main(["serve", "--db", url])
    err = capsys.readouterr().err
    assert "no admin account" in err and f"kundenakte users add NAME --role admin --agent ID --db {url}" in err
    from core.db import make_engine

    engine = make_engine(url)
    add_account(engine, "chefin")
    engine.dispose()
    with dash_pages_cleared():
        main(["serve", "--db", url])
    assert "no admin account" not in capsys.readouterr().err


@pytest.mark.parametrize("key", [None, "change-me-in-production", "zu-kurz"])
def test_serve_refuses_to_start_without_a_good_secret_key(served: dict[str, Any], tmp_path: Path, key: str | None,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 2 and a message naming KUNDENAKTE_SECRET_KEY; nothing is served."""
    if key is None:
        monkeypatch.delenv("KUNDENAKTE_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("KUNDENAKTE_SECRET_KEY", key)
    with dash_pages_cleared():
        assert main(["serve", "--db", _db(tmp_path)]) == 2
    assert "KUNDENAKTE_SECRET_KEY" in capsys.readouterr().err
    assert not served.get("waitress") and not served.get("run")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, http.client.HTTPMessage, str]:
    """(status, headers, body) of one GET, redirects not followed, the connection closed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.headers, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.mark.slow
def test_the_real_server_answers_with_the_gate_and_the_headers(tmp_path: Path) -> None:
    """`kundenakte serve` in a process of its own: /healthz, a page redirects, the layout 401, Server: Kundenakte."""
    port = _free_port()
    env = {**os.environ, "KUNDENAKTE_SECRET_KEY": TEST_SECRET_KEY}
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from kundenakte.cli import main; sys.exit(main(sys.argv[1:]))",
         "serve", "--db", _db(tmp_path), "--port", str(port), "--threads", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(port, "/healthz")
                break
            except OSError:
                assert proc.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.3)
        assert (status, body) == (200, "ok\n")
        assert headers["Server"] == "Kundenakte" and headers["X-Content-Type-Options"] == "nosniff"
        status, headers, _ = _get(port, "/abc")
        assert status == 302 and headers["Location"] == "/login?next=/abc"
        status, headers, body = _get(port, "/_dash-layout")
        assert status == 401 and headers["Server"] == "Kundenakte" and '"not_signed_in"' in body
        status, headers, body = _get(port, "/login")
        assert status == 200 and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "Benutzername" in body
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_the_demo_makes_its_key_once_beside_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kundenakte demo`: a random key in kundenakte.secret (mode 0600) beside the SQLite file, reused next time."""
    monkeypatch.delenv("KUNDENAKTE_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    key, path = demo_secret_key(url)
    assert path == tmp_path / SECRET_FILE and path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(key.encode()) >= 32
    path.chmod(0o644)
    assert demo_secret_key(url) == (key, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    monkeypatch.setenv("KUNDENAKTE_SECRET_KEY", TEST_SECRET_KEY)
    assert demo_secret_key(url) == (TEST_SECRET_KEY, None)
