"""Page benchmark (not a test; issue 20): what a browser asks the production server for when a page opens,
timed per callback, on a large data set.

    python bench/pages_bench.py --db postgresql://postgres@127.0.0.1:5432/kundenakte_large \
        [--role management] [--repeat 15] [--port 8072] [--page / --page /customers ...]

It creates (or re-passwords) the account `bench-<role>`, starts `kundenakte serve` (waitress) on 127.0.0.1,
signs in through /login once, and for each page does what Dash does on opening it: the page's layout from
Dash pages' routing callback, then every server callback whose inputs are all on the page (with the values
the layout holds; an infinite grid asks for its first block of 100 rows) and that runs on load. Each page
is opened `--repeat` times in turn; it prints per callback the median and p95 of the round trip on the
loopback (the server's time: no network, no rendering) and marks the medians over the 200 ms goal. The
record page is opened for the organisation with the most invoices. Exit 1 if any request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_bench import _sign_in, _wait_until_up
from core.db import make_engine
from core.schema import Agent, Invoice, User
from core.vocabulary import Role
from services.commands.users import add_user, change_password
from services.users import SYSTEM

GOAL_MS = 200.0
DEFAULT_PAGES = ("/", "/customers", "/prospects", "/suppliers", "/organisations", "RECORD")
FIRST_BLOCK = {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}


def _account(url: str, role: Role) -> tuple[str, str, str]:
    """`bench-<role>` with a fresh password, and the organisation with the most invoices."""
    engine = make_engine(url)
    name, password = f"bench-{role.value}", secrets.token_urlsafe(16)
    with engine.connect() as conn:
        agent = conn.execute(select(Agent.id).where(Agent.role == role.value).limit(1)).scalar()
        exists = conn.execute(select(User.id).where(User.name == name)).scalar() is not None
        biggest = conn.execute(select(Invoice.organisation_id).group_by(Invoice.organisation_id)
                               .order_by(func.count().desc()).limit(1)).scalar()
    if exists:
        change_password(engine, SYSTEM, name, password)
    else:
        add_user(engine, SYSTEM, name, role, password, agent_id=agent)
    engine.dispose()
    return name, password, str(biggest)


def _outputs(output: str) -> list[dict[str, Any]]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [{"id": _component_id(p.rsplit(".", 1)[0]), "property": p.rsplit(".", 1)[1]} for p in parts]


def _component_id(raw: str) -> Any:
    return json.loads(raw) if raw.startswith("{") else raw


def _walk(node: Any, props: dict[str, Any]) -> None:
    """Every component's props by `id.prop`, from a layout in Dash's JSON."""
    if isinstance(node, list):
        for child in node:
            _walk(child, props)
    elif isinstance(node, dict) and "props" in node and "type" in node:
        own = node["props"]
        cid = own.get("id")
        if cid is not None:
            key = json.dumps(cid, sort_keys=True, separators=(",", ":")) if isinstance(cid, dict) else cid
            for prop, value in own.items():
                props[f"{key}.{prop}"] = value
            props[f"{key}."] = True
        for value in own.values():
            _walk(value, props)
    elif isinstance(node, dict):  # the answer's {id: {prop: value}} around the page's components
        for value in node.values():
            _walk(value, props)


def _key(cid: Any) -> str:
    return json.dumps(cid, sort_keys=True, separators=(",", ":")) if isinstance(cid, dict) else str(cid)


class Browser:
    """One signed-in tab: the dependencies, the shell's layout, and a page opened as Dash opens it."""

    def __init__(self, session: requests.Session, base: str) -> None:
        self.session, self.base = session, base
        self.deps = session.get(f"{base}/_dash-dependencies", timeout=60).json()
        self.shell: dict[str, Any] = {}
        _walk(session.get(f"{base}/_dash-layout", timeout=60).json(), self.shell)

    def post(self, body: dict[str, Any]) -> tuple[float, requests.Response]:
        began = time.perf_counter()
        answer = self.session.post(f"{self.base}/_dash-update-component", data=json.dumps(body),
                                   headers={"Content-Type": "application/json"}, timeout=120)
        return time.perf_counter() - began, answer

    def _body(self, dep: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        def filled(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{"id": _component_id(i["id"]), "property": i["property"],
                     "value": values.get(f"{_key(_component_id(i['id']))}.{i['property']}")} for i in items]
        outs = _outputs(dep.get("bound_output", dep["output"]))
        inputs = filled(dep["inputs"])
        return {"output": dep["output"], "outputs": outs if len(outs) > 1 else outs[0], "inputs": inputs,
                "state": filled(dep["state"]),
                "changedPropIds": [f"{_key(i['id'])}.{i['property']}" for i in inputs]}

    @staticmethod
    def _bindings(dep: dict[str, Any], page: set[str]) -> list[str]:
        """The values a MATCH wildcard of the callback takes on this page ([""] when it has none)."""
        pattern = next((json.loads(i["id"]) for i in dep["inputs"] if '"MATCH"' in i["id"]), None)
        if pattern is None:
            return [""]
        key = next(k for k, v in pattern.items() if v == ["MATCH"])
        found = []
        for raw in page:
            cid = raw[:-1]
            if cid.startswith("{"):
                concrete = json.loads(cid)
                if set(concrete) == set(pattern) and all(v == ["MATCH"] or concrete[k] == v
                                                         for k, v in pattern.items()):
                    found.append(str(concrete[key]))
        return found

    @staticmethod
    def _bound(raw: str, binding: str) -> str:
        """A dependency's id (or output string) with its MATCH wildcard set to `binding`."""
        return raw.replace('["MATCH"]', json.dumps(binding)) if binding else raw

    def open(self, path: str) -> list[tuple[str, float, int]]:
        """The page's routing callback, then its callbacks that run on load: (label, seconds, status) each."""
        split = urlsplit(path)
        values = dict(self.shell)
        values["_pages_location.pathname"] = split.path
        values["_pages_location.search"] = f"?{split.query}" if split.query else ""
        values["_pages_location.href"] = self.base + path
        timings: list[tuple[str, float, int]] = []
        routing = next(d for d in self.deps if "_pages_content.children" in d["output"])
        took, answer = self.post(self._body(routing, values))
        timings.append(("page layout", took, answer.status_code))
        if answer.status_code != 200:
            return timings
        response = answer.json()["response"]
        _walk(response, values)
        page = {k for k in values if k.endswith(".") and k not in self.shell}
        for dep in self.deps:
            if dep.get("clientside_function") or dep.get("prevent_initial_call") or dep is routing:
                continue
            for binding in self._bindings(dep, page):
                outs = [_key(o["id"]) for o in _outputs(self._bound(dep["output"], binding))]  # concrete
                if not any(f"{o}." in page for o in outs):
                    continue  # the shell's own callbacks (language, ...) are not the page's
                # Dash wants the wildcard form in "output" and the concrete ids in "outputs", "inputs", "state"
                bound = {**dep, "bound_output": self._bound(dep["output"], binding),
                         "inputs": [{**i, "id": self._bound(i["id"], binding)} for i in dep["inputs"]],
                         "state": [{**i, "id": self._bound(i["id"], binding)} for i in dep["state"]]}
                ids = [_key(_component_id(i["id"])) for i in bound["inputs"]]
                if not ids or any(f"{i}." not in values for i in ids) or any("_pages" in i for i in ids):
                    continue
                for i in bound["inputs"]:
                    if i["property"] == "getRowsRequest":
                        values[f"{_key(_component_id(i['id']))}.getRowsRequest"] = FIRST_BLOCK
                label = ", ".join(o["id"] if isinstance(o["id"], str) else str(o["id"].get("type", "?"))
                                  for o in _outputs(bound["bound_output"]))
                took, answer = self.post(self._body(bound, values))
                timings.append((label + (f" [{binding}]" if binding else ""), took, answer.status_code))
                if answer.status_code not in (200, 204) and os.environ.get("PAGES_BENCH_DEBUG"):
                    print(answer.status_code, answer.text[:300], json.dumps(self._body(bound, values))[:600])
        return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--role", default=Role.MANAGEMENT.value, choices=[r.value for r in Role if r is not Role.SYSTEM
                                                                           and r is not Role.EXTERNAL])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--port", type=int, default=8072)
    parser.add_argument("--page", action="append", help="a path (default: the overview, lists and a record)")
    args = parser.parse_args()
    name, password, biggest = _account(args.db, Role(args.role))
    record = f"/organisation?id={quote(biggest, safe='')}"
    pages = [p if p != "RECORD" else record for p in (args.page or DEFAULT_PAGES)]
    env = {**os.environ, "KUNDENAKTE_SECRET_KEY": secrets.token_hex(32)}
    server = subprocess.Popen(["kundenakte", "serve", "--db", args.db, "--host", "127.0.0.1", "--port",
                               str(args.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    failed: dict[tuple[str, str], int] = defaultdict(int)
    try:
        _wait_until_up(base, server)
        browser = Browser(_sign_in(base, name, password), base)
        for path in pages:  # one warm-up opening each: the first request of a worker thread builds its caches
            browser.open(path)
        for _ in range(args.repeat):
            for path in pages:
                for label, took, status in browser.open(path):
                    times[(path, label)].append(took)
                    if status not in (200, 204):
                        failed[(path, label)] += 1
    finally:
        server.terminate()
        server.wait(30)
    print(f"pages as {args.role}, {args.repeat} openings each, {args.db.split('@')[-1]}; "
          f"goal: median < {GOAL_MS:.0f} ms")
    print(f"{'page':<34}{'callback':<44}{'median ms':>10}{'p95 ms':>9}{'fail':>6}")
    for (path, label), values in times.items():
        values.sort()
        median = statistics.median(values) * 1000
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))] * 1000
        mark = "" if median < GOAL_MS else "  over"
        print(f"{path[:33]:<34}{label[:43]:<44}{median:>10.0f}{p95:>9.0f}{failed[(path, label)]:>6}{mark}")
    return 1 if any(failed.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
