"""Caller look-up benchmark (not a test): `lookup_caller` latency on a large database.

    python bench/caller_bench.py --db URL [--orgs 100000] [--contacts 300000] [--lookups 1000] [--seed 7]

An empty database is first filled with synthetic organisations (switchboard
numbers `+49 30 ...-0`) and contacts (phone and mobile), numpy-generated, with
COPY on PostgreSQL and executemany on SQLite. Then 1,000 random numbers, a third
each a known contact, a switchboard extension and an unknown number, written as
people write them, are looked up one by one. Prints median and p99 in ms.
Goal: milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loaders import bulk_load, has_organisations

from core.db import ensure_schema, make_engine
from core.schema import Contact, Organisation
from core.vocabulary import RelationshipMode
from etl.phone import normalise_number, switchboard_prefix
from services.inbound import lookup_caller
from services.users import SYSTEM

ORG_COLUMNS = ("id", "name", "phone", "phone_e164", "switchboard_prefix", "vip", "relationship_mode",
               "key_account_manager_id")
CONTACT_COLUMNS = ("id", "organisation_id", "last_name", "phone", "phone_e164", "mobile", "mobile_e164")


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
    assert normalise_number("089 10000005") == "+498910000005" and normalise_number("0171 1000005") == "+491711000005"
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    bulk_load(engine, {
        "agents": pd.DataFrame({"id": [f"A{k}" for k in range(20)], "name": [f"Agent {k}" for k in range(20)],
                                "active": True}),
        "organisations": pd.DataFrame(_org_rows(orgs, rng), columns=list(ORG_COLUMNS)),
        "contacts": pd.DataFrame(_contact_rows(contacts, orgs, rng), columns=list(CONTACT_COLUMNS)),
    })
    return time.perf_counter() - started


def numbers(orgs: int, contacts: int, count: int, seed: int) -> dict[str, list[str]]:
    """Known contacts, switchboard extensions and unknown numbers, written in people's styles."""
    rng = np.random.default_rng(seed + 1)
    third = count // 3
    known = [f"+49 (0)89 {10000000 + j:08d}" for j in rng.integers(0, contacts, third)]
    extension = [f"030 {_org_number(int(i))}-{int(x)}" for i, x in
                 zip(rng.integers(0, orgs, third), rng.integers(10, 99, third), strict=True)]
    unknown = [f"0049 40 {int(x)}" for x in rng.integers(20000000, 29999999, count - 2 * third)]
    return {"known": known, "extension": extension, "unknown": unknown}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--orgs", type=int, default=100_000)
    p.add_argument("--contacts", type=int, default=300_000)
    p.add_argument("--lookups", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    engine = make_engine(args.db)
    ensure_schema(engine)
    if not has_organisations(engine):
        print(f"filled {args.orgs:,} organisations, {args.contacts:,} contacts in "
              f"{fill(engine, args.orgs, args.contacts, args.seed):.1f} s")
    with engine.connect() as conn:
        orgs = conn.execute(select(func.count()).select_from(Organisation)).scalar_one()
        contacts = conn.execute(select(func.count()).select_from(Contact)).scalar_one()
    print(f"{engine.dialect.name}: {orgs:,} organisations, {contacts:,} contacts")
    lookup_caller(engine, SYSTEM, "+49 30 1000000-0")  # warm the pool
    all_ms: list[float] = []
    for kind, batch in numbers(orgs, contacts, args.lookups, args.seed).items():
        ms, found = [], 0
        for number in batch:
            started = time.perf_counter()
            info = lookup_caller(engine, SYSTEM, number)
            ms.append((time.perf_counter() - started) * 1000)
            found += info.organisation_id is not None
        all_ms += ms
        print(f"{kind:10} n={len(ms):4}  found={found:4}  median={np.median(ms):6.2f} ms  "
              f"p99={np.percentile(ms, 99):6.2f} ms")
    print(f"{'all':10} n={len(all_ms):4}  median={np.median(all_ms):6.2f} ms  p99={np.percentile(all_ms, 99):6.2f} ms")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
