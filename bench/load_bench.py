"""Load benchmark (not a test): concurrent signed-in users of mixed roles browse lists and records through the
production server, as a browser does: sign-in form, then Dash callbacks over HTTP.

    python bench/load_bench.py --db postgresql://postgres@127.0.0.1:5432/kundenakte_large \
        [--users 50] [--seconds 120] [--threads 16] [--port 8071]

It creates one account per internal role (`bench-<role>`, a fresh password each run), starts
`kundenakte serve` (waitress) on 127.0.0.1 only, signs each account in once through /login (the
virtual users of a role are tabs of that session) and lets each virtual user, with a think time
of 0.2-1 s, ask for a block of the organisation list (sorted by name, city or revenue, sometimes
filtered), open a record (head, tiles, contacts) and its timeline. It
prints per callback the count, errors, p50 and p95 of the round trip (the server's answer on the
loopback), how many answered nothing (204: a block the role may not read), and exits non-zero if any
request failed. Bounded in count and time; 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.db import make_engine
from core.schema import Agent, Organisation, User
from core.vocabulary import Role
from services.commands.users import add_user, change_password
from services.users import SYSTEM

ROLES = (Role.MANAGEMENT, Role.SALES, Role.SUPPORT, Role.ACCOUNTING, Role.PURCHASING, Role.ADMIN)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
#: the callbacks timed, by the id of their first output
TIMED = {"orglist-grid": "list block", "record-header": "record head", "record-timeline": "record timeline"}


def _accounts(url: str) -> dict[Role, tuple[str, str]]:
    """One account per role with a fresh password (created on the first run)."""
    engine = make_engine(url)
    accounts: dict[Role, tuple[str, str]] = {}
    with engine.connect() as conn:
        agents = {r: conn.execute(select(Agent.id).where(Agent.role == r.value).limit(1)).scalar() for r in ROLES}
        existing = set(conn.execute(select(User.name)).scalars())
    for role in ROLES:
        name, password = f"bench-{role.value}", secrets.token_urlsafe(16)
        if name in existing:
            change_password(engine, SYSTEM, name, password)
        else:
            add_user(engine, SYSTEM, name, role, password, agent_id=agents[role])
        accounts[role] = (name, password)
    engine.dispose()
    return accounts


def _organisation_ids(url: str, n: int = 2000) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        ids = list(conn.execute(select(Organisation.id).order_by(Organisation.id).limit(n * 10)).scalars())
    engine.dispose()
    return random.Random(7).sample(ids, min(n, len(ids)))


def _sign_in(base: str, name: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30)
    found = CSRF.search(page.text)
    token = next(g for g in found.groups() if g) if found else ""
    answer = session.post(f"{base}/login", data={"name": name, "password": password, "csrf_token": token},
                          timeout=30, allow_redirects=False)
    if answer.status_code not in (302, 303):
        raise RuntimeError(f"sign-in of {name} failed: HTTP {answer.status_code}")
    return session


def _callbacks(session: requests.Session, base: str) -> dict[str, dict[str, Any]]:
    """The timed callbacks from /_dash-dependencies, by their first output's id."""
    found: dict[str, dict[str, Any]] = {}
    for dep in session.get(f"{base}/_dash-dependencies", timeout=30).json():
        output = dep["output"]
        parts = output.strip(".").split("...") if output.startswith("..") else [output]
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
        if outputs[0]["id"] in TIMED and outputs[0]["id"] not in found:
            found[outputs[0]["id"]] = {"output": output, "outputs": outputs if len(outputs) > 1 else outputs[0],
                                       "inputs": dep["inputs"], "state": dep["state"]}
    return found


def _body(cb: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    def filled(items: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]
    inputs = filled(cb["inputs"])
    return {"output": cb["output"], "outputs": cb["outputs"], "inputs": inputs, "state": filled(cb["state"]),
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs[:1]]}


def _grid_request(rng: random.Random) -> dict[str, Any]:
    start = rng.choice((0, 0, 0, 100, 200, 1000, 5000))
    sort = rng.choice(([{"colId": "name", "sort": "asc"}], [{"colId": "revenue_12m", "sort": "desc"}],
                       [{"colId": "city", "sort": "asc"}]))
    filters = rng.choice(({}, {}, {"name": {"filterType": "text", "type": "contains", "filter": "gmbh"}},
                          {"customer": {"filterType": "text", "type": "equals", "filter": "ja"}}))
    return {"startRow": start, "endRow": start + 100, "sortModel": sort, "filterModel": filters}


def _user_loop(base: str, signed_in: requests.Session, ids: list[str], until: float, seed: int,
               timings: dict[str, list[float]], errors: dict[str, int], empty: dict[str, int],
               lock: threading.Lock) -> None:
    rng = random.Random(seed)
    session = requests.Session()  # one browser tab of the account's signed-in session
    session.cookies.update(signed_in.cookies)
    callbacks = _callbacks(session, base)
    headers = {"Content-Type": "application/json"}
    while time.monotonic() < until:
        org = rng.choice(ids)
        plan = [("orglist-grid", {"orglist-grid.getRowsRequest": _grid_request(rng)})]
        if rng.random() < 0.6:
            plan += [("record-header", {"record-org.data": org}), ("record-timeline", {"record-org.data": org})]
        for key, values in plan:
            if key not in callbacks or time.monotonic() >= until:
                continue
            began = time.perf_counter()
            try:
                answer = session.post(f"{base}/_dash-update-component", data=json.dumps(_body(callbacks[key], values)),
                                      headers=headers, timeout=60)
                ok, nothing = answer.status_code in (200, 204), answer.status_code == 204
                status = str(answer.status_code)
            except requests.RequestException as exc:
                ok, nothing, status = False, False, type(exc).__name__
            elapsed = time.perf_counter() - began
            with lock:
                timings[key].append(elapsed)
                if not ok:
                    errors[key] += 1
                    errors[f"{key} {status}"] += 1
                if nothing:
                    empty[key] += 1
            time.sleep(rng.uniform(0.2, 1.0))


def _wait_until_up(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped during start-up")
        try:
            if requests.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.5)
    raise RuntimeError("the server did not answer in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--port", type=int, default=8071)
    args = parser.parse_args()
    accounts = _accounts(args.db)
    ids = _organisation_ids(args.db)
    env = {**os.environ, "KUNDENAKTE_SECRET_KEY": secrets.token_hex(32)}
    server = subprocess.Popen(["kundenakte", "serve", "--db", args.db, "--host", "127.0.0.1", "--port",
                               str(args.port), "--threads", str(args.threads)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    empty: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    try:
        _wait_until_up(base, server)
        until = time.monotonic() + args.seconds
        # each account signs in once (as a person would; the sign-in is throttled per name and address),
        # its virtual users are that person's browser tabs
        sessions = {role: _sign_in(base, *accounts[role]) for role in ROLES}
        roles = [ROLES[i % len(ROLES)] for i in range(args.users)]
        threads = [threading.Thread(target=_user_loop,
                                    args=(base, sessions[r], ids, until, i, timings, errors, empty, lock),
                                    daemon=True) for i, r in enumerate(roles)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 120)
    finally:
        server.terminate()
        server.wait(30)
    print(f"{args.users} users ({', '.join(r.value for r in ROLES)} in turn), {args.seconds:.0f} s, "
          f"{args.threads} server threads, {args.db.split('@')[-1]}")
    print(f"{'callback':<18}{'calls':>8}{'errors':>8}{'empty':>8}{'p50 ms':>10}{'p95 ms':>10}")
    failed = 0
    for key, label in TIMED.items():
        values = sorted(timings.get(key, []))
        if not values:
            print(f"{label:<18}{0:>8}")
            continue
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        p50 = statistics.median(values)
        print(f"{label:<18}{len(values):>8}{errors[key]:>8}{empty[key]:>8}{p50 * 1000:>10.0f}{p95 * 1000:>10.0f}")
        failed += errors[key]
    for key in sorted(k for k in errors if " " in k):
        print(f"  errors {key}: {errors[key]}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
