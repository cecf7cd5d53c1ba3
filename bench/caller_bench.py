"""Caller look-up benchmark (not a test): `lookup_caller` latency, and the same look-up over HTTP (issue 21).

    python bench/caller_bench.py --db URL [--orgs 100000] [--contacts 300000] [--lookups 1000] [--seed 7]
    python bench/caller_bench.py --db URL --http                       # also through `kundenakte serve`
    python bench/caller_bench.py --db OWN --copy-from LARGE --http     # the large demo's master data, read only

An empty database is first filled: with synthetic organisations (switchboard numbers `+49 30 ...-0`) and
contacts (phone and mobile), numpy-generated, with COPY on PostgreSQL and executemany on SQLite; or, with
`--copy-from`, with the agents, organisations, contacts and tickets of another database (PostgreSQL to
PostgreSQL, COPY out and in; the source is only read: the large demo stays as it is, and a look-up over HTTP
needs an account and a token, which are writes, so they go into the copy).

Then `--lookups` numbers drawn from the database, a third each a known contact's phone or mobile, a
switchboard's direct dial (its main number with another extension) and an unknown number, each written in one
of five spellings (`+4961511234567`, `06151 1234567`, `+49 (0)6151 1234567`, `0049 6151 1234567`,
`06151/1234567`), are looked up one by one: at function level (`services.inbound.lookup_caller`, as the system
user), and with `--http` by `GET /api/v1/caller/<number>` on one kept-alive connection to the real server
(`kundenakte serve`, waitress, in a subprocess; a support account's read token: the token check, the policy,
the JSON). Prints median and p99 in ms per kind and overall. Goal: median < 5 ms over HTTP.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, inspect, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loaders import bulk_load, has_organisations

from core.db import ensure_schema, is_postgres, make_engine
from core.schema import Contact, Organisation, metadata
from core.vocabulary import RelationshipMode
from etl.phone import normalise_number, switchboard_prefix
from services.inbound import lookup_caller
from services.users import SYSTEM

ORG_COLUMNS = ("id", "name", "phone", "phone_e164", "switchboard_prefix", "vip", "relationship_mode",
               "key_account_manager_id")
CONTACT_COLUMNS = ("id", "organisation_id", "last_name", "phone", "phone_e164", "mobile", "mobile_e164")
#: what --copy-from copies, in the order their keys need
COPIED = ("agents", "organisations", "contacts", "tickets")
KINDS = ("known", "extension", "unknown")


def _org_number(i: int) -> str:
    return f"{1000000 + i:07d}"


def _org_rows(n: int, rng: np.random.Generator) -> list[tuple[object, ...]]:
    kams = rng.integers(0, 20, n)
    vip = rng.random(n) < 0.05
    rows = []
    for i in range(n):
        sub = _org_number(i)
        rows.append((f"O{i}", f"Firma {i}", f"+49 30 {sub}-0", f"+4930{sub}0", f"+4930{sub}", bool(vip[i]),
                     RelationshipMode.AUTO, f"A{kams[i]}"))
    return rows


def _contact_rows(n: int, orgs: int, rng: np.random.Generator) -> list[tuple[object, ...]]:
    owner = rng.integers(0, orgs, n)
    has_mobile = rng.random(n) < 0.5
    rows = []
    for j in range(n):
        phone = f"{10000000 + j:08d}"
        mobile = f"{1000000 + j:07d}" if has_mobile[j] else None
        rows.append((f"C{j}", f"O{owner[j]}", f"Person {j}", f"089 {phone}", f"+4989{phone}",
                     f"0171 {mobile}" if mobile else None, f"+49171{mobile}" if mobile else None))
    return rows


def fill(engine: Engine, orgs: int, contacts: int, seed: int) -> float:
    """Synthetic organisations and contacts; returns seconds taken."""
    assert normalise_number(f"+49 30 {_org_number(5)}-0") == f"+4930{_org_number(5)}0"
    assert switchboard_prefix(f"+49 30 {_org_number(5)}-0") == f"+4930{_org_number(5)}"
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    bulk_load(engine, {
        "agents": pd.DataFrame({"id": [f"A{k}" for k in range(20)], "name": [f"Agent {k}" for k in range(20)],
                                "active": True}),
        "organisations": pd.DataFrame(_org_rows(orgs, rng), columns=list(ORG_COLUMNS)),
        "contacts": pd.DataFrame(_contact_rows(contacts, orgs, rng), columns=list(CONTACT_COLUMNS)),
    })
    return time.perf_counter() - started


def copy_from(engine: Engine, source_url: str) -> float:
    """The source's agents, organisations, contacts and tickets into the empty `engine` (both PostgreSQL): COPY
    out of a read-only transaction, COPY in, keys checked at commit; seconds taken."""
    source = make_engine(source_url)
    if not (is_postgres(source) and is_postgres(engine)):
        raise SystemExit("--copy-from copies PostgreSQL to PostgreSQL")
    started = time.perf_counter()
    reader, writer = source.raw_connection(), engine.raw_connection()
    try:
        with reader.cursor() as out, writer.cursor() as into:
            out.execute("SET TRANSACTION READ ONLY")
            for table in COPIED:
                columns = ", ".join(c.name for c in metadata.tables[table].c)
                with out.copy(f"COPY (SELECT {columns} FROM {table}) TO STDOUT") as rows, \
                        into.copy(f"COPY {table} ({columns}) FROM STDIN") as target:
                    for block in rows:
                        target.write(block)
        reader.rollback()
        writer.commit()
    finally:
        reader.close()
        writer.close()
        source.dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - started


def spellings(e164: str) -> list[str]:
    """Five ways people write a German number: E.164, national, +49 (0), 0049, area code and a slash."""
    import phonenumbers

    parsed = phonenumbers.parse(e164)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    area, _, rest = national.partition(" ")
    rest = rest.replace(" ", "")
    return [e164, f"{area} {rest}", f"+49 (0){area[1:]} {rest}", f"0049 {area[1:]} {rest}", f"{area}/{rest}"]


def numbers(engine: Engine, count: int, seed: int) -> dict[str, list[str]]:
    """Numbers drawn from the database (read only): known contacts' phones or mobiles, direct dials of
    switchboards (their prefix with another extension), unknown numbers; each in one of five spellings."""
    third = count // 3
    c, o = Contact, Organisation
    with engine.connect() as conn:
        if is_postgres(conn):
            conn.execute(text(f"SELECT setseed({(seed % 1000) / 1000})"))
        known = conn.execute(select(func.coalesce(c.phone_e164, c.mobile_e164))
                             .where(func.coalesce(c.phone_e164, c.mobile_e164).is_not(None))
                             .order_by(func.random()).limit(third)).scalars().all()
        boards = conn.execute(select(o.switchboard_prefix).where(o.switchboard_prefix.is_not(None))
                              .order_by(func.random()).limit(third)).scalars().all()
    rng = np.random.default_rng(seed)
    extension = [f"{prefix}{int(x)}" for prefix, x in zip(boards, rng.integers(10, 99, len(boards)), strict=True)]
    unknown = [f"+4940{int(x)}" for x in rng.integers(20000000, 29999999, count - len(known) - len(extension))]
    drawn = {"known": list(known), "extension": extension, "unknown": unknown}
    return {kind: [spellings(n)[i % 5] for i, n in enumerate(found)] for kind, found in drawn.items()}


def report(label: str, ms: dict[str, list[float]], found: dict[str, int]) -> float:
    every = [m for kind in KINDS for m in ms[kind]]
    print(label)
    for kind in KINDS:
        print(f"  {kind:10} n={len(ms[kind]):4}  found={found[kind]:4}  median={np.median(ms[kind]):6.2f} ms  "
              f"p99={np.percentile(ms[kind], 99):6.2f} ms")
    median = float(np.median(every))
    print(f"  {'all':10} n={len(every):4}  median={median:6.2f} ms  p99={np.percentile(every, 99):6.2f} ms")
    return median


def function_level(engine: Engine, batches: dict[str, list[str]]) -> float:
    lookup_caller(engine, SYSTEM, batches["known"][0])  # warm the pool
    ms: dict[str, list[float]] = {k: [] for k in KINDS}
    found = dict.fromkeys(KINDS, 0)
    for kind, batch in batches.items():
        for number in batch:
            started = time.perf_counter()
            info = lookup_caller(engine, SYSTEM, number)
            ms[kind].append((time.perf_counter() - started) * 1000)
            found[kind] += info.organisation_id is not None
    return report("function level (services.inbound.lookup_caller, system user)", ms, found)


def over_http(url: str, batches: dict[str, list[str]]) -> float:
    """GET /api/v1/caller/<number> through `kundenakte serve` (a support account's read token, written into
    `url`), one kept-alive connection."""
    import json

    from http_import_bench import Server, make_token

    token = make_token(url, "h2caller", "support", "read")
    server = Server(url)
    try:
        for number in batches["known"][:20]:  # warm the server's pool and its first requests
            server.get("/api/v1/caller/" + quote(number, safe=""), token)
        ms: dict[str, list[float]] = {k: [] for k in KINDS}
        found = dict.fromkeys(KINDS, 0)
        for kind, batch in batches.items():
            for number in batch:
                seconds, status, body = server.get("/api/v1/caller/" + quote(number, safe=""), token)
                if status != 200:
                    raise RuntimeError(f"GET /api/v1/caller/{number} answered {status}: {body[:300]!r}")
                ms[kind].append(seconds * 1000)
                found[kind] += json.loads(body).get("organisation_id") is not None
    finally:
        server.stop()
    return report("over HTTP (GET /api/v1/caller/<number>, kundenakte serve, read token, keep-alive)", ms, found)


def _filled(engine: Engine) -> bool:
    return inspect(engine).has_table("organisations") and has_organisations(engine)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--orgs", type=int, default=100_000)
    p.add_argument("--contacts", type=int, default=300_000)
    p.add_argument("--copy-from", help="fill the empty --db with this database's master data (only read)")
    p.add_argument("--lookups", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--http", action="store_true",
                   help="also over HTTP through `kundenakte serve` (writes an account and a token into --db)")
    args = p.parse_args()
    engine = make_engine(args.db)
    if not _filled(engine):  # a database with organisations is only read (its schema is not touched either)
        ensure_schema(engine)
        if args.copy_from:
            print(f"copied {', '.join(COPIED)} of {args.copy_from} in {copy_from(engine, args.copy_from):.1f} s")
        else:
            print(f"filled {args.orgs:,} organisations, {args.contacts:,} contacts in "
                  f"{fill(engine, args.orgs, args.contacts, args.seed):.1f} s")
    with engine.connect() as conn:
        orgs = conn.execute(select(func.count()).select_from(Organisation)).scalar_one()
        contacts = conn.execute(select(func.count()).select_from(Contact)).scalar_one()
    print(f"{engine.dialect.name}: {orgs:,} organisations, {contacts:,} contacts")
    batches = numbers(engine, args.lookups, args.seed)
    local = function_level(engine, batches)
    engine.dispose()
    if args.http:
        remote = over_http(args.db, batches)
        print(f"HTTP median {remote:.2f} ms = function level {local:.2f} ms + {remote - local:.2f} ms; "
              f"goal < 5 ms: {'met' if remote < 5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
