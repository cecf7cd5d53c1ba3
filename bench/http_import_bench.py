"""A 1M-invoice batch over HTTP against `kundenakte import` of the same rows (issue 21), on PostgreSQL (not a test).

    python bench/http_import_bench.py                       # 1,000,000 synthetic invoices, 100,000 organisations
    python bench/http_import_bench.py --rows 200000 --repeat 2
    python bench/http_import_bench.py --folder PATH          # an interchange folder of your own

Both sides load the same CSV folder into a fresh, migrated database of their own:

(a) `kundenakte import FOLDER --db A`, timed as a whole process (start, import, account numbers, exit);
(b) the folder zipped (a CSV folder as a zip: the sensible format for a million rows), sent by
    `POST /api/v1/import` (`Content-Type: application/zip`, an admin's import token) to the real server
    started as `kundenakte serve --db B` in a subprocess (waitress, the production WSGI server; its start is
    not timed, the server runs before the batch comes), timed from the first byte sent to the answer.
    KUNDENAKTE_MAX_CONTENT_LENGTH is set to the zip's size (the default 8 MiB would answer 413).

Prints both times, the ratio (b)/(a) (goal: within 1.5x) and what the HTTP path adds: zipping on the client
(not timed in (b)), the upload, the unpacking. The databases are `kundenakte_h2_cli` and `kundenakte_h2_http`
on the server of --db (dropped and created).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import fresh_database, generate
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from core.db import make_engine
from core.schema import Invoice

KUNDENAKTE = str(Path(sys.executable).with_name("kundenakte"))
PASSWORD = "h2-bench-" + secrets.token_hex(8)


def _url(base: str, database: str) -> str:
    return make_url(base).set(database=database).render_as_string(hide_password=False)


def zipped(folder: Path, target: Path) -> float:
    """The folder's CSV files as one zip (deflate); seconds taken."""
    started = time.perf_counter()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, path.name)
    return time.perf_counter() - started


def cli_import(url: str, folder: Path) -> float:
    """(a) `kundenakte import` as a whole process; seconds."""
    started = time.perf_counter()
    subprocess.run([KUNDENAKTE, "import", str(folder), "--db", url], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_token(url: str, name: str = "h2bench", role: str = "admin", scope: str = "import") -> str:
    """An account (unless there from an earlier run) and a new token for it, by the command line as an operator
    makes them (writes both into `url`)."""
    subprocess.run([KUNDENAKTE, "users", "add", name, "--role", role, "--db", url], input=PASSWORD + "\n",
                   text=True, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    made = subprocess.run([KUNDENAKTE, "tokens", "create", "--user", name, "--scope", scope, "--db", url],
                          text=True, check=True, capture_output=True)
    return made.stdout.strip().splitlines()[-1]


class Server:
    """`kundenakte serve` in a subprocess, until stopped."""

    def __init__(self, url: str, max_body: int | None = None) -> None:
        self.port = _free_port()
        self._kept: http.client.HTTPConnection | None = None
        env = {**os.environ, "KUNDENAKTE_SECRET_KEY": secrets.token_urlsafe(48)}
        if max_body is not None:
            env["KUNDENAKTE_MAX_CONTENT_LENGTH"] = str(max_body)
        self.process = subprocess.Popen([KUNDENAKTE, "serve", "--db", url, "--port", str(self.port)], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("kundenakte serve did not answer /healthz within 120 s")

    def post_file(self, path: str, file: Path, content_type: str, token: str) -> tuple[float, int, dict[str, object]]:
        """Send the file as the body; (seconds from the first byte to the whole answer, status, answer)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=3600)
        headers = {"Content-Type": content_type, "Content-Length": str(file.stat().st_size),
                   "Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        with file.open("rb") as body:
            connection.request("POST", path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        elapsed = time.perf_counter() - started
        return elapsed, answer.status, json.loads(data or b"{}")

    def get(self, path: str, token: str) -> tuple[float, int, bytes]:
        """One GET on a kept-alive connection, as a phone system's client holds one; (seconds, status, body)."""
        if self._kept is None:
            self._kept = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        self._kept.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        answer = self._kept.getresponse()
        data = answer.read()
        return time.perf_counter() - started, answer.status, data

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def http_import(url: str, upload: Path) -> float:
    """(b) the zip by POST /api/v1/import to a running `kundenakte serve`; seconds of the request."""
    token = make_token(url)
    server = Server(url, upload.stat().st_size + 1024 * 1024)
    try:
        seconds, status, answer = server.post_file("/api/v1/import", upload, "application/zip", token)
    finally:
        server.stop()
    if status != 201:
        raise RuntimeError(f"POST /api/v1/import answered {status}: {str(answer)[:500]}")
    return seconds


def invoices(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = int(conn.execute(select(func.count()).select_from(Invoice)).scalar_one())
    engine.dispose()
    return found


def unpack_seconds(upload: Path, work: Path) -> float:
    """What the server does before the import proper: unpack the checked zip (etl.uploads)."""
    from etl.uploads import unpack_csv_folder

    folder = work / "unpacked"
    folder.mkdir()
    started = time.perf_counter()
    unpack_csv_folder(upload, folder)
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic invoices")
    parser.add_argument("--orgs", type=int, default=100_000, help="synthetic organisations")
    parser.add_argument("--folder", type=Path, help="an interchange folder instead of synthetic rows")
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="the PostgreSQL server (its databases kundenakte_h2_cli / _http are dropped and made)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds; the best of each side compared")
    args = parser.parse_args()
    cli_url, http_url = _url(args.db, "kundenakte_h2_cli"), _url(args.db, "kundenakte_h2_http")
    with tempfile.TemporaryDirectory(prefix="h2-http-bench-") as tmp:
        work = Path(tmp)
        folder = args.folder
        if folder is None:
            folder = work / "interchange"
            started = time.perf_counter()
            generate(folder, args.rows, args.orgs)
            print(f"generated {args.rows:,} invoices, {args.orgs:,} organisations in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
        upload = work / "batch.zip"
        zip_seconds = zipped(folder, upload)
        csv_bytes = sum(p.stat().st_size for p in folder.glob("*.csv"))
        print(f"CSV {csv_bytes / 2**20:.1f} MiB, zipped {upload.stat().st_size / 2**20:.1f} MiB "
              f"in {zip_seconds:.1f} s (client side, not timed below); server unpacks it in "
              f"{unpack_seconds(upload, work):.1f} s", flush=True)
        rounds: list[tuple[float, float]] = []
        for i in range(args.repeat):
            a = cli_import(fresh_database(cli_url), folder)
            b = http_import(fresh_database(http_url), upload)
            rounds.append((a, b))
            print(f"round {i + 1}: (a) kundenakte import {a:.1f} s, (b) POST /api/v1/import {b:.1f} s, "
                  f"{b / a:.2f}x", flush=True)
    loaded = invoices(cli_url), invoices(http_url)
    assert loaded[0] == loaded[1], f"the two databases hold different invoices: {loaded}"
    a, b = min(r[0] for r in rounds), min(r[1] for r in rounds)
    print(f"{loaded[0]:,} invoices in each database; best of {len(rounds)}")
    print(f"(a) kundenakte import (whole process)  {a:8.1f} s")
    print(f"(b) POST /api/v1/import (zip, serve)   {b:8.1f} s")
    verdict = "met" if b / a <= 1.5 else "NOT met"
    print(f"ratio (b)/(a)                          {b / a:8.2f}x   goal <= 1.50x: {verdict}")


if __name__ == "__main__":
    main()
