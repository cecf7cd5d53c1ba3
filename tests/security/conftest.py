"""The attacker's kit: the access world, one browser per role signed in through the real /login, the callbacks.

* `world` seeds tests/access_world.py on the `engine` fixture (SQLite and PostgreSQL), adds one user
  per role with `add_user`, and builds the app with a real secret key. `world.browser(key)` signs a
  persona in the way a person does (GET /login, the form's CSRF token, POST name and password) and
  then talks to the app like the browser: HTTPS, a Referer on every POST, JSON to
  `/_dash-update-component` with the CSRF header the Dash renderer sends.
* `world.callbacks()` enumerates the server callbacks from `/_dash-dependencies` (as admin), so a
  callback added later is attacked without anyone listing it; `input_sets` and `dash_body` build
  the requests the renderer would send, with the persona's forbidden ids and malformed values.
* `forbidden_markers(persona)` turns the spec's default matrix (spec/analytics.md, "Security:
  need-to-know") and the world's `LEAK_MARKERS` into the strings a persona's responses must never hold;
  `Findings` collects every violation of a run so that one failing test reports all of them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from sqlalchemy import Engine, delete, insert, inspect, select
from werkzeug.test import TestResponse

from core.schema import AuditLogEntry, Permission, RoleScope, User, metadata
from core.settings import Settings
from core.vocabulary import Area, Level, Role
from tests.access_world import LEAK_MARKERS, access_data
from tests.support import seed

REPO = Path(__file__).resolve().parents[2]
BASE = "https://localhost"
PASSWORD = "Sicherheitstest-2026!"
SECRET_KEY = secrets.token_hex(32)

# --- who attacks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    """A role of the spec's matrix with a user of the access world (None: not signed in)."""

    key: str
    role: Role | None
    agent_id: str | None = None
    contact_id: str | None = None
    team: str | None = None

    @property
    def name(self) -> str:
        return f"sec-{self.key}"

    @property
    def signed_in(self) -> bool:
        return self.role is not None


PERSONAS: dict[str, Persona] = {p.key: p for p in (
    Persona("anonymous", None),
    Persona("eva", Role.EXTERNAL, contact_id="c1"),
    Persona("admin", Role.ADMIN, "adm", team="IT"),
    Persona("management", Role.MANAGEMENT, "ag4", team="Leitung"),
    Persona("sales", Role.SALES, "ag1", team="Nord"),
    Persona("support", Role.SUPPORT, "ag2", team="Süd"),
    Persona("accounting", Role.ACCOUNTING, "ag3", team="Nord"),
    Persona("purchasing", Role.PURCHASING, "ag5", team="Einkauf"),
)}
SIGNED_IN = tuple(k for k, p in PERSONAS.items() if p.signed_in)

#: the spec's default matrix (spec/analytics.md): admin, management, sales, support, accounting, purchasing, external
SPEC_MATRIX: dict[Area, str] = {
    Area.MASTER_DATA: "ERERRRR", Area.PIPELINE: "ERE----", Area.BILLING: "ERR-E--", Area.PURCHASING: "ER--RE-",
    Area.SERVICE: "ERRE--R", Area.PROJECTS: "ERRRRRR", Area.ACTIVITIES: "EREERR-", Area.DOCUMENTS: "ERRRRRR",
    Area.ANALYTICS: "ER--RR-", Area.ADMINISTRATION: "E------",
}
MATRIX_ROLES = (Role.ADMIN, Role.MANAGEMENT, Role.SALES, Role.SUPPORT, Role.ACCOUNTING, Role.PURCHASING,
                Role.EXTERNAL)
#: the team of the restricted project p2
RESTRICTED_TEAM = "Nord"


def spec_reads(role: Role | None) -> frozenset[Area]:
    """The areas `role` may read by the spec's defaults (nothing when not signed in)."""
    if role is None:
        return frozenset()
    column = MATRIX_ROLES.index(role)
    return frozenset(area for area, letters in SPEC_MATRIX.items() if letters[column] != "-")


#: the world's marker categories a role may not see when it may not read the area
AREA_CATEGORIES = {Area.BILLING: "billing", Area.PIPELINE: "pipeline", Area.PURCHASING: "purchasing",
                   Area.SERVICE: "service", Area.ACTIVITIES: "activities", Area.ANALYTICS: "analytics"}
#: what nobody not signed in may see either (the world's plain facts)
PUBLIC_NEVER = frozenset({"Alpha GmbH", "Eva", "Extern", "rahmen.pdf", "Rollout", "Workshop", "Anna Nord"})


def forbidden_categories(persona: Persona, *, aggregates: bool = False) -> frozenset[str]:
    """The marker categories of tests/access_world.LEAK_MARKERS the persona may never see.

    `restricted_aggregate` (o1's revenue including the restricted project's invoices) is left out
    unless asked for, so that the main attack reports it on its own (tests of its own ask for it).
    """
    if not persona.signed_in:
        return frozenset(LEAK_MARKERS)
    reads = spec_reads(persona.role)
    cats = {cat for area, cat in AREA_CATEGORIES.items() if area not in reads}
    if persona.team != RESTRICTED_TEAM:
        cats.add("restricted")
        if aggregates:
            cats.add("restricted_aggregate")
    if persona.role is Role.EXTERNAL:
        cats |= {"other_organisations", "other_contacts", "internal_documents"}
    return frozenset(cats)


def forbidden_markers(persona: Persona, *, aggregates: bool = False) -> dict[str, str]:
    """marker -> category for the persona; a role without billing may not see o1's revenue either."""
    out = {m: cat for cat in forbidden_categories(persona, aggregates=aggregates) for m in LEAK_MARKERS[cat]}
    if "billing" in out.values():
        out.update({m: "billing" for m in LEAK_MARKERS["restricted_aggregate"]})
    if not persona.signed_in:
        out.update({m: "anonymous" for m in PUBLIC_NEVER})
    return out


#: what no response ever shows: tracebacks, our paths, the database's own words
INTERNALS = ("Traceback", 'File "', str(REPO), "site-packages", "sqlalchemy.", "OperationalError",
             "ProgrammingError", "IntegrityError", "DataError", "psycopg", "sqlite3.", "Werkzeug Debugger")

# --- the browser ------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page with their inputs (name, type, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._open: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "inputs": []}
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and a.get("name"):
            self._open["inputs"].append((a["name"], a.get("type", "text").lower(), a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def login_form(html: str) -> tuple[str, dict[str, str], str, str]:
    """The sign-in form of a page: its action, its hidden fields, and the names of the user and password fields."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        inputs = form["inputs"]
        password = [n for n, t, _ in inputs if t == "password"]
        user = [n for n, t, _ in inputs if t in ("text", "email", "")]
        if password and user:
            hidden = {n: v for n, t, v in inputs if t == "hidden"}
            return form["action"] or "/login", hidden, user[0], password[0]
    raise AssertionError(f"no sign-in form (a text and a password field) on the page: {html[:500]!r}")


class Browser:
    """A Flask test client that behaves like the persona's browser (HTTPS, Referer, the renderer's CSRF header)."""

    def __init__(self, app: Flask, persona: Persona, address: str) -> None:
        self.app = app
        self.persona = persona
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = address
        self.client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (kundenakte security suite)"
        #: the renderer reads the token from this cookie and sends it in this header (dash config)
        self.csrf_cookie, self.csrf_header = "_csrf_token", "X-CSRFToken"
        #: the token of the shell's sign-out form (what a request hook of the page would send)
        self.page_token: str | None = None

    def open(self, method: str, path: str, *, headers: Mapping[str, str] | None = None, **kw: Any) -> TestResponse:
        sent = {"Accept": "text/html,application/json;q=0.9,*/*;q=0.8", **(headers or {})}
        if method != "GET":
            sent.setdefault("Referer", f"{BASE}/")
            sent.setdefault("Origin", BASE)
            cookie = self.client.get_cookie(self.csrf_cookie)
            token = cookie.value if cookie is not None else self.page_token
            if token:
                sent.setdefault(self.csrf_header, token)
        return self.client.open(path, method=method, base_url=BASE, headers=sent, **kw)

    def get(self, path: str, **kw: Any) -> TestResponse:
        return self.open("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> TestResponse:
        return self.open("POST", path, **kw)

    def dash(self, body: object, *, raw: str | bytes | None = None,
             content_type: str = "application/json") -> TestResponse:
        """POST /_dash-update-component as the renderer does (a JSON body; `raw` for a malformed one)."""
        data = raw if raw is not None else json.dumps(body)
        return self.post("/_dash-update-component", data=data, content_type=content_type,
                         headers={"Accept": "application/json", "Referer": f"{BASE}/"})

    def sign_in(self, password: str = PASSWORD) -> None:
        """The real sign-in: GET /login, take the form's CSRF token, POST name and password; then load the page."""
        page = self.get("/login")
        assert page.status_code == 200, f"GET /login answered {page.status_code}: no sign-in page"
        action, fields, user_field, password_field = login_form(page.get_data(as_text=True))
        fields.update({user_field: self.persona.name, password_field: password})
        done = self.post(action, data=fields, headers={"Referer": f"{BASE}/login"})
        assert done.status_code in (302, 303) and "/login" not in (done.location or ""), (
            f"sign-in of {self.persona.name} failed: {done.status_code} {done.location!r} "
            f"{done.get_data(as_text=True)[:300]!r}")
        layout = self.get("/_dash-layout")
        assert layout.status_code == 200, (
            f"{self.persona.name} signed in, but /_dash-layout answers {layout.status_code}")
        self.page_token = _csrf_from_layout(layout)
        self._read_dash_config()

    def _read_dash_config(self) -> None:
        index = self.get("/").get_data(as_text=True)
        found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', index, re.S)
        if found:
            config = json.loads(found.group(1))
            self.csrf_cookie = config.get("csrf_token_name") or self.csrf_cookie
            self.csrf_header = config.get("csrf_header_name") or self.csrf_header


def _csrf_from_layout(resp: TestResponse) -> str | None:
    """The value of the shell's hidden `csrf_token` input, if the layout has one."""
    found: dict[str, dict[str, Any]] = {}
    walk_components(resp.get_json(silent=True), found)
    for props in found.values():
        if props.get("name") == "csrf_token" and isinstance(props.get("value"), str):
            return str(props["value"])
    return None


# --- the world ----------------------------------------------------------------------------------------


class CapturedErrors(logging.Handler):
    """The app's logged exceptions (Flask logs an unhandled one before it answers 500): for the report."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        exc = record.exc_info[1] if record.exc_info else None
        first = (str(exc).splitlines() or [""])[0] if exc else record.getMessage()
        self.seen.append(f"{type(exc).__name__}: {first[:160]}" if exc else first[:160])

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


def _clear_dash_pages() -> None:
    import dash._pages

    dash._pages.PAGE_REGISTRY.clear()
    dash._pages.CONFIG.clear()
    dash._pages.CONFIG.__dict__.clear()


@dataclass
class World:
    """The seeded app, its users, and the browsers signed in so far."""

    engine: Engine
    app: Flask
    errors: CapturedErrors
    browsers: dict[str, Browser] = field(default_factory=dict)
    _callbacks: list[ServerCallback] | None = None
    _harvest: dict[str, dict[str, Any]] | None = None

    def browser(self, key: str) -> Browser:
        """The persona's browser, signed in through /login on first use (anonymous: never signed in)."""
        if key not in self.browsers:
            persona = PERSONAS[key]
            b = Browser(self.app, persona, f"10.66.0.{10 + list(PERSONAS).index(key)}")
            if persona.signed_in:
                b.sign_in()
            self.browsers[key] = b
        return self.browsers[key]

    def callbacks(self) -> list[ServerCallback]:
        """Every server callback of `/_dash-dependencies` (asked as admin); clientside ones are left out."""
        if self._callbacks is None:
            resp = self.browser("admin").get("/_dash-dependencies")
            assert resp.status_code == 200, f"/_dash-dependencies as admin: {resp.status_code}"
            deps = resp.get_json()
            self._callbacks = [ServerCallback.of(d) for d in deps if not d.get("clientside_function")]
        return self._callbacks

    def harvest(self) -> dict[str, dict[str, Any]]:
        """The props of every component with an id, from the shell and every page as admin (initial values, options)."""
        if self._harvest is None:
            admin = self.browser("admin")
            found: dict[str, dict[str, Any]] = {}
            walk_components(admin.get("/_dash-layout").get_json(silent=True), found)
            router = [cb for cb in self.callbacks() if any(d.property == "pathname" for d in cb.inputs)]
            for cb in router:
                for path in page_paths(self.app):
                    values = [path if d.property == "pathname" else "?id=o1" if d.property == "search" else None
                              for d in cb.deps]
                    resp = admin.dash(dash_body(cb, values))
                    walk_components(resp.get_json(silent=True), found)
            self._harvest = found
        return self._harvest

    def secrets(self) -> dict[str, str]:
        """Every user's password hash and session token: no response ever holds one."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(User.password_hash, User.session_token)).all()
        out = {"$argon2": "secrets"}
        for hashed, token in rows:
            out[hashed] = "secrets"
            out[token] = "secrets"
        return out

    def denials(self) -> list[tuple[str, str]]:
        """(who, subject) of every refusal in the audit log so far."""
        a = AuditLogEntry
        with self.engine.connect() as conn:
            return [(r.who, r.subject) for r in conn.execute(select(a.who, a.subject).where(a.action == "denied"))]

    def checksum(self) -> dict[str, str]:
        """A digest of every table but NOT_DATA (refusals append to the audit log, reads fill the cache)."""
        return table_digests(self.engine)


#: tables a read may write: the audit log (refusals are appended), the caches of window sums and of ABC
#: classifications (the lists fill them on demand)
NOT_DATA = frozenset({"audit_log", "invoice_windows", "invoice_window_sums", "abc_rank_runs", "abc_ranks"})


def table_digests(engine: Engine) -> dict[str, str]:
    """table -> row count and a digest of all its rows in primary-key order (NOT_DATA left out)."""
    out: dict[str, str] = {"(tables)": ",".join(sorted(inspect(engine).get_table_names()))}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in NOT_DATA:
                continue
            order = list(table.primary_key.columns) or list(table.c)
            rows = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
            out[table.name] = f"{len(rows)} rows {hashlib.sha256(repr(rows).encode()).hexdigest()[:16]}"
    return out


def changed_tables(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    return [f"{name}: {before.get(name)} -> {after.get(name)}" for name in sorted({*before, *after})
            if before.get(name) != after.get(name)]


LEVELS = {"E": "edit", "R": "read", "-": "none"}


def restore_spec_matrix(engine: Engine) -> None:
    """Put back the spec's default matrix and scopes where a database differs from them.

    A fresh database has them from the migration (a no-op then); PostgreSQL's per-worker database
    keeps `permissions` and `role_scopes` between tests (tests/conftest.py does not truncate them), so
    a test elsewhere that changed a cell would otherwise change what this suite expects.
    """
    with engine.begin() as conn:
        stored = {(r, a): lv for r, a, lv in conn.execute(select(Permission.role, Permission.area, Permission.level))}
        for area, letters in SPEC_MATRIX.items():
            for role, letter in zip(MATRIX_ROLES, letters, strict=True):
                want = LEVELS[letter]
                if stored.get((role.value, area.value), "none") != want:
                    conn.execute(delete(Permission).where(Permission.role == role.value,
                                                          Permission.area == area.value))
                    conn.execute(insert(Permission).values(role=role.value, area=area.value, level=want))
        conn.execute(delete(RoleScope).where(RoleScope.scope != "all"))


#: argon2id with the cheapest parameters: the suite signs in hundreds of times, and what it tests is the
#: gate, not the hash (the production parameters cost 0.7 s per hash and per verification)
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def world(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The access world on the test database, a user per role (password PASSWORD), and the app with a real key."""
    from kundenakte.web import create_app
    from services import signin
    from services.commands.users import add_user
    from services.users import SYSTEM

    monkeypatch.setattr(signin, "HASHER", FAST_HASHER)
    restore_spec_matrix(engine)
    seed(engine, access_data())
    for p in PERSONAS.values():
        if p.signed_in:
            assert p.role is not None
            add_user(engine, SYSTEM, p.name, p.role, PASSWORD, agent_id=p.agent_id, contact_id=p.contact_id)
    _clear_dash_pages()
    app = create_app(Settings(secret_key=SECRET_KEY), engine=engine)
    errors = CapturedErrors()
    app.logger.addHandler(errors)
    try:
        yield World(engine, app, errors)
    finally:
        app.logger.removeHandler(errors)
        _clear_dash_pages()


# --- the callbacks and what to send them ---------------------------------------------------------------

WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


def stringify_id(cid: object) -> str:
    """Dash's string form of a component id (dict ids: sorted keys, no spaces)."""
    if isinstance(cid, dict):
        return json.dumps(cid, sort_keys=True, separators=(",", ":"))
    return str(cid)


@dataclass(frozen=True)
class Dep:
    """One input, state or output of a callback: the id (concrete for a pattern), the property, whether ALL."""

    raw: str
    property: str

    @property
    def pattern(self) -> dict[str, Any] | None:
        return json.loads(self.raw) if self.raw.startswith("{") else None

    @property
    def multi(self) -> bool:
        p = self.pattern
        return p is not None and any(v in (["ALL"], ["ALLSMALLER"]) for v in p.values())

    @property
    def concrete(self) -> str | dict[str, Any]:
        """The id of one component the pattern matches (wildcards filled with an attacker's value)."""
        p = self.pattern
        if p is None:
            return self.raw
        return {k: ("sec-x" if v in WILDCARDS else v) for k, v in p.items()}

    @property
    def key(self) -> str:
        return f"{self.raw}.{self.property}"

    def entry(self, value: object) -> object:
        one = {"id": self.concrete, "property": self.property, "value": value}
        return [one] if self.multi else one


@dataclass(frozen=True)
class ServerCallback:
    """A server callback as `/_dash-dependencies` lists it."""

    output: str
    outputs: tuple[Dep, ...]
    inputs: tuple[Dep, ...]
    state: tuple[Dep, ...]

    @classmethod
    def of(cls, dep: Mapping[str, Any]) -> ServerCallback:
        out = str(dep["output"])
        parts = out[2:-2].split("...") if out.startswith("..") and out.endswith("..") else [out]
        outputs = tuple(Dep(*p.rsplit(".", 1)) for p in parts)
        return cls(out, outputs, tuple(Dep(d["id"], d["property"]) for d in dep.get("inputs", [])),
                   tuple(Dep(d["id"], d["property"]) for d in dep.get("state", [])))

    @property
    def multi_output(self) -> bool:
        return self.output.startswith("..")

    @property
    def deps(self) -> tuple[Dep, ...]:
        return self.inputs + self.state

    @property
    def label(self) -> str:
        return self.output.strip(".").replace("...", "+")

    def takes(self, prop: str) -> bool:
        return any(d.property == prop for d in self.deps)


def dash_body(cb: ServerCallback, values: Sequence[object]) -> dict[str, Any]:
    """The body Dash 4's renderer POSTs for `cb` with `values` for its inputs, then its state."""
    def out(d: Dep) -> object:
        one = {"id": d.concrete, "property": d.property}
        return [one] if d.multi else one

    outputs = [out(d) for d in cb.outputs]
    n = len(cb.inputs)
    inputs = [d.entry(v) for d, v in zip(cb.inputs, values[:n], strict=True)]
    changed = [f"{stringify_id(cb.inputs[0].concrete)}.{cb.inputs[0].property}"] if cb.inputs else []
    body: dict[str, Any] = {
        "output": cb.output,
        "outputs": outputs if cb.multi_output else outputs[0],
        "inputs": inputs,
        "changedPropIds": changed,
        "parsedChangedPropsIds": [c if not c.startswith("{") else json.loads(c.rsplit(".", 1)[0]) for c in changed],
    }
    if cb.state:
        body["state"] = [d.entry(v) for d, v in zip(cb.state, values[n:], strict=True)]
    return body


def walk_components(node: object, found: dict[str, dict[str, Any]]) -> None:
    """Collect the props of every component with an id in a layout (or a callback's response) JSON."""
    if isinstance(node, dict):
        props = node.get("props")
        if "type" in node and isinstance(props, dict) and props.get("id") is not None:
            entry = found.setdefault(stringify_id(props["id"]), {})
            entry.update({k: v for k, v in props.items() if k != "children"})
            entry["_type"] = node["type"]
            if node["type"] == "Tabs":
                tabs = props.get("children") or []
                entry["_options"] = [t["props"]["value"] for t in (tabs if isinstance(tabs, list) else [tabs])
                                     if isinstance(t, dict) and isinstance(t.get("props"), dict)
                                     and "value" in t["props"]]
        for value in node.values():
            walk_components(value, found)
    elif isinstance(node, list):
        for value in node:
            walk_components(value, found)


def options_of(props: Mapping[str, Any] | None) -> list[Any]:
    """The values a component offers (RadioItems, Dropdown, Tabs)."""
    if not props:
        return []
    if props.get("_options"):
        return list(props["_options"])
    opts = props.get("options")
    if isinstance(opts, dict):
        return list(opts)
    if isinstance(opts, list):
        return [o.get("value") if isinstance(o, dict) else o for o in opts]
    return []


def page_paths(app: Flask) -> list[str]:
    """The registered pages' paths (the router callback is asked for each one)."""
    import dash

    return sorted({str(p["path"]) for p in dash.page_registry.values()}) or ["/"]


SQL_OR = "' OR '1'='1' --"
SQL_DROP = "o1'; DROP TABLE organisations; --"
HTML = "<script>alert(1)</script>"
BIG = "x" * 100_000
#: malformed values of every JSON type, each put into one input of a callback in turn
MALFORMED: tuple[tuple[str, object], ...] = (
    ("sql-or", SQL_OR), ("sql-drop", SQL_DROP), ("html", HTML), ("100kB", BIG), ("int", 10**20),
    ("list", ["o2", "o4", {"id": "o2"}]), ("dict", {"id": "o2", "startRow": 0, "endRow": 10**7, "$ne": None}),
    ("bool", True), ("null", None), ("float", -1.5e308),
)
DATES = ("2026-03-15", "2025-12-31", None, "2026-03-31", "2026-01-01", "2026-02-28")
#: ids to put where an id goes: organisations o1..o4, the restricted project p2, its document, hours and invoice
TARGETS = ("o1", "o2", "o3", "o4", "p2", "d3", "t2", "i2")
GOOD_GRID = {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "name", "sort": "asc"}], "filterModel": {}}
#: AG Grid requests an attacker writes by hand
BAD_GRIDS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("grid-unknown-columns", {"startRow": 0, "endRow": 100, "sortModel": [
        {"colId": "password_hash", "sort": "asc"}, {"colId": "1=1", "sort": "desc"}], "filterModel": {}}),
    ("grid-huge-block", {"startRow": 0, "endRow": 10**7, "sortModel": [], "filterModel": {}}),
    ("grid-negative", {"startRow": -100, "endRow": -1, "sortModel": [{"colId": "name", "sort": "sideways"}],
                       "filterModel": {}}),
    ("grid-bad-filter", {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {
        "password_hash": {"filterType": "text", "type": "contains", "filter": "$argon2"},
        "name": {"filterType": "sql", "type": "raw", "filter": "1=1"},
        "revenue_12m": {"filterType": "number", "type": "inRange", "filter": "abc", "filterTo": {}},
        "customer": {"filterType": "text", "type": "equals", "filter": [True]}}}),
    ("grid-sql-filter", {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "revenue_12m", "sort": "desc"}],
                         "filterModel": {"name": {"filterType": "text", "type": "contains", "filter": SQL_OR},
                                         "city": {"filterType": "text", "operator": "OR", "conditions": [
                                             {"type": "equals", "filter": SQL_DROP}] * 11}}}),
)


@dataclass(frozen=True)
class InputSet:
    """One way to fill a callback's inputs: the id where an id goes, the option to pick, one malformed value."""

    name: str
    target: str = "o1"
    variant: int = 0
    malformed: tuple[object] | None = None
    slot: int = 0
    grid: dict[str, Any] | None = None
    garbage: bool = False


def input_sets(cb: ServerCallback) -> list[InputSet]:
    """The bounded attack on one callback: plausible values with each target id, each malformed value in one input
    in turn, all inputs garbage, and (for the grid) hand-written AG Grid requests."""
    sets = [InputSet(f"id={t}", t, k) for k, t in enumerate(TARGETS)]
    sets += [InputSet(name, "o2", j, (value,), j) for j, (name, value) in enumerate(MALFORMED)]
    sets.append(InputSet("all-garbage", "o4", 1, garbage=True))
    if cb.takes("getRowsRequest"):
        sets += [InputSet(name, "o1", 0, grid=grid) for name, grid in BAD_GRIDS]
    return sets


def plausible(dep: Dep, harvest: Mapping[str, Mapping[str, Any]], target: str, k: int,
              paths: Sequence[str], position: int = 0) -> object:
    """What a browser would send for `dep`, with `target` where an id goes and the k-th option where one is chosen.

    The option index is shifted by the input's position every round through the options, so that two
    choices of one callback (the ABC page's tab and aspect) meet in different combinations.
    """
    prop = dep.property
    props = harvest.get(stringify_id(dep.concrete))
    options = options_of(props) if prop == "value" else []
    if prop == "getRowsRequest":
        return GOOD_GRID
    if prop == "selectedRows":
        return [{"id": target, "name": target}]
    if prop in ("date", "start_date", "end_date"):
        return DATES[k % len(DATES)]
    if prop == "pathname":
        return paths[k % len(paths)]
    if prop == "search":
        return f"?id={target}"
    if prop == "n_clicks":
        return k
    if options:
        n = len(options)
        return options[(k + (k // n) * position) % n]
    current = props.get(prop) if props else None
    if prop == "data" and (current is None or isinstance(current, str)):
        return target
    if current is not None:
        return current
    return target


def input_values(cb: ServerCallback, s: InputSet, harvest: Mapping[str, Mapping[str, Any]],
                 paths: Sequence[str]) -> list[object]:
    """The values of one input set for the callback's inputs and state, in that order."""
    deps = cb.deps
    values = [plausible(d, harvest, s.target, s.variant, paths, i) for i, d in enumerate(deps)]
    if s.grid is not None:
        values = [s.grid if d.property == "getRowsRequest" else v for d, v in zip(deps, values, strict=True)]
    if s.malformed is not None and deps:
        values[s.slot % len(deps)] = s.malformed[0]
    if s.garbage:
        values = [MALFORMED[(i + 3) % len(MALFORMED)][1] for i in range(len(deps))]
    return values


# --- judging what came back -------------------------------------------------------------------------------


def body_text(resp: TestResponse) -> str:
    """The raw body and, for JSON, the same decoded (so that `Rückruf` is found however it was escaped)."""
    raw = resp.get_data(as_text=True)
    parsed = resp.get_json(silent=True)
    if parsed is None:
        return raw
    return raw + "\n" + json.dumps(parsed, ensure_ascii=False)


def _context(text: str, needle: str) -> str:
    i = text.find(needle)
    return text[max(0, i - 50): i + len(needle) + 50].replace("\n", " ")


@dataclass
class Findings:
    """Every violation of one run, grouped (kind, persona, target, detail) with a count and the first inputs."""

    groups: dict[tuple[str, str, str, str], list[str]] = field(default_factory=dict)
    calls: int = 0

    def add(self, kind: str, persona: str, target: str, detail: str, example: str) -> None:
        self.groups.setdefault((kind, persona, target, detail), []).append(example)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def __repr__(self) -> str:  # pytest prints it beside the report: keep it short
        return f"Findings({len(self.groups)} kinds of violation in {self.calls} calls)"

    def report(self) -> str:
        lines = [f"{len(self.groups)} kinds of violation in {self.calls} calls:"]
        for (kind, persona, target, detail), examples in sorted(self.groups.items()):
            lines.append(f"  [{kind}] {persona} -> {target}: {detail}  ({len(examples)}x, e.g. {examples[:3]})")
        return "\n".join(lines)

    def judge(self, world: World, persona: Persona, target: str, example: str, call: Callable[[], TestResponse],
              forbidden: Mapping[str, str], *, allowed_status: Sequence[int] | None = None) -> TestResponse | None:
        """Make one call and check it: 401 for the anonymous (or `allowed_status`), no 5xx, no internals, no marker."""
        self.calls += 1
        try:
            resp = call()
        except Exception as exc:  # an exception that escaped the app: a 500 in production
            self.add("5xx", persona.key, target, f"exception escaped: {type(exc).__name__}: {str(exc)[:120]}", example)
            return None
        status = resp.status_code
        if status >= 500:
            logged = "; ".join(dict.fromkeys(world.errors.take())) or "nothing logged"
            self.add("5xx", persona.key, target, f"{status} ({logged[:300]})", example)
        if allowed_status is not None:
            if status not in allowed_status:
                self.add("status", persona.key, target, f"{status} not in {list(allowed_status)}", example)
        elif not persona.signed_in and status != 401:
            self.add("status", persona.key, target, f"{status} instead of 401", example)
        text = body_text(resp)
        for needle in INTERNALS:
            if needle in text:
                self.add("internals", persona.key, target, f"{needle!r} in body: …{_context(text, needle)}…", example)
        for marker, category in forbidden.items():
            if marker in text:
                self.add(f"leak:{category}", persona.key, target, f"{marker!r}: …{_context(text, marker)}…", example)
        if resp.mimetype == "text/html" and HTML in text:
            self.add("xss", persona.key, target, "the script payload is reflected unescaped in HTML", example)
        return resp


def markers_for(world: World, persona: Persona, *, only: frozenset[str] | None = None) -> dict[str, str]:
    """The strings the persona's responses may not hold: its forbidden markers and everyone's secrets.

    `only`: just the markers of these categories (a test of one kind of leak)."""
    if only is not None:
        return {m: c for m, c in forbidden_markers(persona, aggregates=True).items() if c in only}
    return {**forbidden_markers(persona), **world.secrets()}


def run_callback_attack(world: World, persona_key: str, callbacks: Sequence[ServerCallback],
                        sets_for: Callable[[ServerCallback], Sequence[InputSet]], *,
                        only: frozenset[str] | None = None) -> Findings:
    """Every callback x input set as the persona; the database must be the same afterwards."""
    persona = PERSONAS[persona_key]
    harvest = world.harvest()
    paths = page_paths(world.app)
    browser = world.browser(persona_key)
    forbidden = markers_for(world, persona, only=only)
    findings = Findings()
    before = world.checksum()
    for cb in callbacks:
        for s in sets_for(cb):
            body = dash_body(cb, input_values(cb, s, harvest, paths))
            findings.judge(world, persona, cb.label, s.name, lambda b=body: browser.dash(b), forbidden)
    allowed = writable_tables(persona.role)
    for change in changed_tables(before, world.checksum()):
        if change.split(":", 1)[0] not in allowed:
            findings.add("db-changed", persona_key, "database", change, "after the callbacks")
    return findings


def writable_tables(role: Role | None) -> frozenset[str]:
    """The tables the role's callbacks may change: those a registered callback names in `writes`, where the
    role holds the callback's level of its area by the spec's matrix (nothing for the anonymous)."""
    from dashboard.callbacks import CALLBACKS

    if role is None:
        return frozenset()
    column = MATRIX_ROLES.index(role)
    rank = {"-": 0, "R": 1, "E": 2}
    needed = {Level.READ: 1, Level.EDIT: 2}
    return frozenset(table for cb in CALLBACKS if cb.area is not None
                     and rank[SPEC_MATRIX[cb.area][column]] >= needed.get(cb.level, 3) for table in cb.writes)
