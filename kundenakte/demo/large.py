"""The large demo (benchmark set): 100,000 organisations and 10 million outgoing invoices, written vectorised.

Every table is drawn with numpy (`default_rng` seeded per table and chunk, so a
chunk does not depend on the ones before it) and written as byte matrices
(`fastcsv`), a million rows per chunk. Referential integrity holds by
construction: contacts are numbered per organisation, projects and quotes point
at organisations of the right kind, opportunities own their status changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from kundenakte.demo import fastcsv as F
from kundenakte.demo import names as N
from kundenakte.demo.tables import COLUMNS

CHUNK = 1_000_000
HISTORY_DAYS = 3 * 365
KINDS = ("customer", "supplier", "both", "prospect", "dormant")
KIND_P = (0.55, 0.12, 0.05, 0.20, 0.08)
TEAMS = ("Vertrieb", "Service", "Projekte", "Einkauf", "Geschäftsführung")
TEAM_P = (0.35, 0.3, 0.2, 0.1, 0.05)
FUNCTIONS = (N.FUNCTIONS_TOP[0], *N.FUNCTIONS_LEADS, "Einkauf", "Buchhaltung", "Projektleitung")


@dataclass(frozen=True)
class Scale:
    """Row counts of the large demo; `Scale.of(orgs, invoices)` keeps the other tables proportional."""

    organisations: int = 100_000
    invoices: int = 10_000_000
    agents: int = 200

    @property
    def contacts(self) -> int:
        return self.organisations * 3

    @property
    def incoming_invoices(self) -> int:
        return self.invoices // 10

    @property
    def purchase_orders(self) -> int:
        return self.invoices // 20

    @property
    def quotes(self) -> int:
        return self.invoices // 20

    @property
    def opportunities(self) -> int:
        return self.invoices // 50

    @property
    def projects(self) -> int:
        return max(10, self.organisations // 5)

    @property
    def time_entries(self) -> int:
        return self.invoices // 5

    @property
    def supplier_ratings(self) -> int:
        return self.organisations


class _Large:
    """Shared draws (organisation kinds, weights, contact blocks) and the per-table writers."""

    def __init__(self, folder: Path, seed: int, today: date, scale: Scale) -> None:
        self.folder, self.seed, self.today, self.scale = folder, seed, today, scale
        self.first = today - timedelta(days=HISTORY_DAYS)
        rng = self.rng(0)
        n = scale.organisations
        self.kind = rng.choice(len(KINDS), size=n, p=KIND_P)
        self.kind[0] = 0  # at least one of each drawing pool
        self.kind[1] = 1
        self.kind[2] = 3
        self.weight = np.minimum(rng.pareto(1.15, n) + 1.0, 5000.0)
        self.contacts_per_org = rng.integers(1, 6, n)
        self.contact_start = np.concatenate([[0], np.cumsum(self.contacts_per_org)[:-1]])
        self.contact_org = np.repeat(np.arange(n), self.contacts_per_org)
        self.n_contacts = int(self.contacts_per_org.sum())
        self.stem = rng.integers(0, len(N.COMPANY_STEMS), n)
        self.customers = np.flatnonzero(np.isin(self.kind, (0, 2)))
        self.suppliers = np.flatnonzero(np.isin(self.kind, (1, 2)))
        self.prospects = np.flatnonzero(self.kind == 3)
        self.sales_like = np.flatnonzero(np.isin(self.kind, (0, 2, 3)))
        self.team = rng.choice(len(TEAMS), size=scale.agents, p=TEAM_P)
        self.team[:5] = np.arange(5)

    def rng(self, table: int, chunk: int = 0) -> np.random.Generator:
        return np.random.default_rng([self.seed, table, chunk])

    def chunks(self, total: int) -> Iterator[tuple[int, int]]:
        for start in range(0, total, CHUNK):
            yield start, min(CHUNK, total - start)

    def pick(self, rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
        """Organisations from pool, Pareto-weighted (a few big ones get most rows)."""
        w = self.weight[pool]
        return pool[rng.choice(len(pool), size=n, p=w / w.sum())]

    def domain(self, org: np.ndarray) -> F.Matrix:
        """The mail domain of organisations: `<stem>-<number>.de`."""
        return np.hstack([F.lookup([N.ascii_slug(s) for s in N.COMPANY_STEMS], self.stem[org]), F.const("-", len(org)),
                          F.digits(org, 6, pad=True), F.const(".de", len(org))])

    def agents_of(self, team: int) -> np.ndarray:
        return np.flatnonzero(self.team == team)

    def contact_of(self, rng: np.random.Generator, org: np.ndarray) -> np.ndarray:
        return self.contact_start[org] + rng.integers(0, self.contacts_per_org[org])

    def write(self, table: str, total: int, make: object) -> int:
        """Write `<table>.csv` chunk by chunk; make(start, n) returns the column matrices."""
        path = self.folder / f"{table}.csv"
        with open(path, "wb") as fh:
            F.write_header(fh, COLUMNS[table])
            rows = 0
            for start, n in self.chunks(total):
                rows += F.write_rows(fh, make(start, n))  # type: ignore[operator]
        return rows

    # -- master data -----------------------------------------------------------------
    def agents(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(1)
        first = rng.integers(0, len(N.FIRST_NAMES_M), n)
        last = rng.integers(0, len(N.LAST_NAMES), n)
        number = np.arange(start, start + n)
        mail_first = [N.ascii_slug(x) for x in N.FIRST_NAMES_M]
        mail_last = [N.ascii_slug(x) for x in N.LAST_NAMES]
        return [
            F.ids("AG-", number, 4),
            np.hstack([F.lookup(N.FIRST_NAMES_M, first), F.const(" ", n), F.lookup(N.LAST_NAMES, last)]),
            np.hstack([F.lookup(mail_first, first), F.const(".", n), F.lookup(mail_last, last),
                       F.digits(number, 4, pad=True), F.const("@" + N.OWN_DOMAIN, n)]),
            F.digits(100 + number, 4),
            F.lookup(TEAMS, self.team[start:start + n]),
            F.lookup(("agent", "teamlead"), (rng.random(n) < 0.1).astype(int)),
            F.lookup(("true", "false"), (rng.random(n) < 0.05).astype(int)),
        ]

    def organisations(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(2, start)
        idx = np.arange(start, start + n)
        kind = self.kind[idx]
        stem = self.stem[idx]
        trade = rng.integers(0, len(N.TRADES), n)
        form = rng.integers(0, len(N.LEGAL_FORMS), n)
        city = rng.integers(0, len(N.CITIES), n)
        # group trees: one in six has a parent among the first tenth (always a smaller number)
        roots = max(1, self.scale.organisations // 10)
        has_parent = (idx >= roots) & (rng.random(n) < 1 / 6)
        parent = rng.integers(0, roots, n)
        area = [c.area_code for c in N.CITIES]
        sub = rng.integers(100_000, 999_999, n)
        style = rng.integers(0, 4, n)
        area_m = F.lookup(area, city)
        phone = np.where(
            (style == 0)[:, None],
            np.hstack([F.const("0", n), area_m, F.const(" ", n), F.digits(sub, 6, pad=True), F.const("", n)]),
            np.hstack([F.const("+49 ", n), area_m, F.const(" ", n), F.digits(sub, 6, pad=True), F.const("", n)]),
        )
        phone = np.where((style == 2)[:, None], np.hstack([F.const("0049 ", n), area_m, F.const(" ", n),
                                                           F.digits(sub, 6, pad=True)]), phone)
        switch = style == 3  # switchboard: +49 area 1234-0
        phone = np.where(switch[:, None], np.hstack([F.const("+49 ", n), area_m, F.const(" ", n),
                                                     F.digits(sub // 100, 4, pad=True), F.const("-0", n)]),
                         phone)
        domain = self.domain(idx)
        sales = self.agents_of(0)
        potential = (self.weight[idx] * 9000 * rng.uniform(1, 3, n)).astype(np.int64) * 100
        updated = rng.integers(0, HISTORY_DAYS, n)
        cust = np.isin(kind, (0, 2))
        sla = rng.choice(4, size=n)
        fixed = rng.random(n) < 0.005
        created_off = rng.integers(0, HISTORY_DAYS // 2, n)
        return [
            F.ids("ORG-", idx, 6),
            np.hstack([F.lookup(N.COMPANY_STEMS, stem), F.const(" ", n), F.lookup(N.TRADES, trade), F.const(" ", n),
                       F.lookup(N.LEGAL_FORMS, form)]),
            F.blank_where(F.ids("ORG-", parent, 6), ~has_parent),
            F.blank_where(np.hstack([F.const("DE", n), F.digits(rng.integers(100_000_000, 999_999_999, n), 9)]),
                          rng.random(n) < 0.3),
            np.hstack([F.lookup(N.STREETS, rng.integers(0, len(N.STREETS), n)), F.const(" ", n),
                       F.digits(rng.integers(1, 200, n), 3)]),
            F.lookup([c.postcode for c in N.CITIES], city),
            F.lookup([c.name for c in N.CITIES], city),
            F.const("DE", n),
            phone,
            domain,
            np.hstack([F.const("https://www.", n), domain]),
            F.lookup(("auto", "fixed"), fixed.astype(int)),
            F.blank_where(F.lookup(("customer", "supplier", "customer;supplier", "prospect", "prospect"), kind),
                          ~fixed),
            F.blank_where(F.cents(potential), ~np.isin(kind, (0, 2, 3))),
            F.blank_where(F.dates(self.first, updated), ~np.isin(kind, (0, 2, 3))),
            F.blank_where(F.ids("AG-", sales[rng.integers(0, len(sales), n)], 4), ~np.isin(kind, (0, 2, 3))),
            F.blank_where(F.ids("AG-", sales[rng.integers(0, len(sales), n)], 4), ~cust | (rng.random(n) < 0.5)),
            F.lookup(("false", "true"), (cust & (self.weight[idx] > 60)).astype(int)),
            F.blank_where(F.lookup(("4", "8", "24", "48"), sla), ~cust | (rng.random(n) < 0.6)),
            F.const("", n),
            F.const("", n),
            F.timestamps(self.first - timedelta(days=HISTORY_DAYS // 2), created_off, rng.integers(480, 1080, n)),
        ]

    def contacts(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(3, start)
        idx = np.arange(start, start + n)
        org = self.contact_org[idx]
        first_of_org = self.contact_start[org]
        female = rng.random(n) < 0.45
        fn = rng.integers(0, min(len(N.FIRST_NAMES_F), len(N.FIRST_NAMES_M)), n)
        ln = rng.integers(0, len(N.LAST_NAMES), n)
        first = F.choose(female, F.lookup(N.FIRST_NAMES_F, fn), F.lookup(N.FIRST_NAMES_M, fn))
        first_slug = F.choose(female, F.lookup([N.ascii_slug(x) for x in N.FIRST_NAMES_F], fn),
                              F.lookup([N.ascii_slug(x) for x in N.FIRST_NAMES_M], fn))
        is_first = idx == first_of_org
        func = np.where(is_first, 0, rng.integers(1, len(FUNCTIONS), n))
        mail = np.hstack([first_slug, F.const(".", n), F.lookup([N.ascii_slug(x) for x in N.LAST_NAMES], ln),
                          F.digits(idx - first_of_org, 1), F.const("@", n), self.domain(org)])
        return [
            F.ids("CON-", idx, 7),
            F.ids("ORG-", org, 6),
            first,
            F.lookup(N.LAST_NAMES, ln),
            F.lookup(FUNCTIONS, func),
            F.blank_where(mail, rng.random(n) < 0.05),
            F.blank_where(np.hstack([F.const("+49 30 ", n), F.digits(idx + 10_000_000, 9, pad=True)]),
                          rng.random(n) < 0.2),
            F.blank_where(np.hstack([F.const("0151 ", n), F.digits(idx + 20_000_000, 8, pad=True)]),
                          rng.random(n) < 0.6),
            F.blank_where(F.ids("CON-", first_of_org, 7), is_first),
            F.timestamps(self.first - timedelta(days=HISTORY_DAYS // 2), rng.integers(0, HISTORY_DAYS, n),
                         rng.integers(480, 1080, n)),
        ]
