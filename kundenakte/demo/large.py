"""The large demo (benchmark set): 100,000 organisations and 10 million outgoing invoices, written vectorised.

Every table is drawn with numpy (`default_rng` seeded per table and chunk, so a
chunk does not depend on the ones before it) and written as byte matrices
(`fastcsv`), a million rows per chunk. Referential integrity holds by
construction: contacts are numbered per organisation, projects and quotes point
at organisations of the right kind, opportunities own their status changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from core.vocabulary import Aspect, ProjectKind, RelationshipMode
from kundenakte.demo import fastcsv as F
from kundenakte.demo import names as N
from kundenakte.demo.context import FIXED_ROLES, Archetype
from kundenakte.demo.tables import COLUMNS

CHUNK = 1_000_000
HISTORY_DAYS = 3 * 365
KINDS = (Archetype.CUSTOMER, Archetype.SUPPLIER, Archetype.BOTH, Archetype.PROSPECT, Archetype.DORMANT)
KIND_P = (0.55, 0.12, 0.05, 0.20, 0.08)


def _kinds_where(test: Callable[[Archetype], bool]) -> list[int]:
    """The positions in KINDS (what the organisations' kinds are drawn as) of the kinds that pass `test`."""
    return [i for i, kind in enumerate(KINDS) if test(kind)]


#: the drawn kinds that buy from us, that sell to us, and that sales looks after
CUSTOMER_KINDS = _kinds_where(lambda kind: kind.holds(Aspect.CUSTOMER))
SUPPLIER_KINDS = _kinds_where(lambda kind: kind.holds(Aspect.SUPPLIER))
SOLD_TO_KINDS = _kinds_where(lambda kind: kind.sold_to)
TEAMS = ("Vertrieb", "Service", "Projekte", "Einkauf", "Geschäftsführung")
TEAM_P = (0.35, 0.3, 0.2, 0.1, 0.05)
FUNCTIONS = ("Geschäftsführung", *N.FUNCTIONS_LEADS, "Einkauf", "Buchhaltung", "Projektleitung")


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
        # at least one of each drawing pool
        self.kind[:3] = [KINDS.index(Archetype.CUSTOMER), KINDS.index(Archetype.SUPPLIER),
                         KINDS.index(Archetype.PROSPECT)]
        self.weight = np.minimum(rng.pareto(1.15, n) + 1.0, 5000.0)
        self.contacts_per_org = rng.integers(1, 6, n)
        self.contact_start = np.concatenate([[0], np.cumsum(self.contacts_per_org)[:-1]])
        self.contact_org = np.repeat(np.arange(n), self.contacts_per_org)
        self.n_contacts = int(self.contacts_per_org.sum())
        self.stem = rng.integers(0, len(N.COMPANY_STEMS), n)
        self.customers = np.flatnonzero(np.isin(self.kind, CUSTOMER_KINDS))
        self.suppliers = np.flatnonzero(np.isin(self.kind, SUPPLIER_KINDS))
        self.prospects = np.flatnonzero(self.kind == KINDS.index(Archetype.PROSPECT))
        self.sales_like = np.flatnonzero(np.isin(self.kind, SOLD_TO_KINDS))
        self.team = rng.choice(len(TEAMS), size=scale.agents, p=TEAM_P)
        self.team[:5] = np.arange(5)
        # filled by write_large in table order (later tables refer to earlier draws)
        self.opps: dict[str, np.ndarray] = {}
        self.changes: tuple[np.ndarray, ...] = ()
        self.slots = np.empty(0, dtype=np.int64)
        self.project_org = np.empty(scale.projects, dtype=np.int64)

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
        sub6 = F.digits(sub, 6, pad=True)
        space = F.const(" ", n)
        phone = F.choose(style == 0, np.hstack([F.const("0", n), area_m, space, sub6]),
                         np.hstack([F.const("+49 ", n), area_m, space, sub6]))
        phone = F.choose(style == 2, np.hstack([F.const("0049 ", n), area_m, space, sub6]), phone)
        switchboard = np.hstack([F.const("+49 ", n), area_m, space, F.digits(sub // 100, 4, pad=True),
                                 F.const("-0", n)])
        phone = F.choose(style == 3, switchboard, phone)
        domain = self.domain(idx)
        sales = self.agents_of(0)
        potential = (self.weight[idx] * 9000 * rng.uniform(1, 3, n)).astype(np.int64) * 100
        updated = rng.integers(0, HISTORY_DAYS, n)
        cust = np.isin(kind, CUSTOMER_KINDS)
        sold_to = np.isin(kind, SOLD_TO_KINDS)
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
            F.lookup((RelationshipMode.AUTO, RelationshipMode.FIXED), fixed.astype(int)),
            F.blank_where(F.lookup([FIXED_ROLES[k] for k in KINDS], kind), ~fixed),
            F.blank_where(F.cents(potential), ~sold_to),
            F.blank_where(F.dates(self.first, updated), ~sold_to),
            F.blank_where(F.ids("AG-", sales[rng.integers(0, len(sales), n)], 4), ~sold_to),
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

    # -- facts -----------------------------------------------------------------------
    def invoices(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(10, start)
        org = self.pick(rng, self.customers, n)
        day = rng.integers(0, HISTORY_DAYS + 1, n)
        net = np.maximum(4500, (rng.lognormal(0.0, 0.6, n) * 60_000).astype(np.int64))
        credit = rng.random(n) < 0.03
        net = np.where(credit, -net // 3, net)
        cancelled = rng.random(n) < 0.02
        paid_after = rng.integers(3, 75, n)
        paid = ~cancelled & ((day + paid_after <= HISTORY_DAYS) | credit)
        overdue = HISTORY_DAYS - (day + 30)
        dunning = np.where(paid | cancelled, 0, np.clip((overdue + 21) // 21, 0, 3))
        status = np.where(cancelled, 2, np.where(paid, 0, 1))
        year = np.array([(self.first + timedelta(days=int(d))).year for d in range(HISTORY_DAYS + 1)])[day]
        number = np.arange(start, start + n)
        return [
            F.ids("INV-", number, 8),
            F.ids("ORG-", org, 6),
            np.hstack([F.const("RE-", n), F.digits(year, 4, pad=True), F.const("-", n), F.digits(number, 8, pad=True)]),
            F.dates(self.first, day),
            F.dates(self.first, day + 30),
            F.cents(net),
            F.cents(np.round(net * 1.19).astype(np.int64)),
            F.const("EUR", n),
            F.lookup(("paid", "open", "cancelled"), status),
            F.digits(dunning, 1),
            F.blank_where(F.dates(self.first, np.where(credit, day, day + paid_after)), ~paid),
            F.const("", n),
        ]

    def incoming_invoices(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(11, start)
        org = self.pick(rng, self.suppliers, n)
        day = rng.integers(0, HISTORY_DAYS + 1, n)
        status = np.where(rng.random(n) < 0.02, 2, np.where(day > HISTORY_DAYS - 25, 1, 0))
        number = np.arange(start, start + n)
        return [F.ids("IN-", number, 8), F.ids("ORG-", org, 6), F.ids("R-", number, 9), F.dates(self.first, day),
                F.cents(np.maximum(2000, (rng.lognormal(0, 0.7, n) * 30_000).astype(np.int64))),
                F.lookup(("paid", "open", "cancelled"), status)]

    def purchase_orders(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(12, start)
        org = self.pick(rng, self.suppliers, n)
        day = rng.integers(0, HISTORY_DAYS + 1, n)
        status = np.where(rng.random(n) < 0.03, 2, np.where(day > HISTORY_DAYS - 21, 0, 1))
        return [F.ids("PO-", np.arange(start, start + n), 8), F.ids("ORG-", org, 6), F.dates(self.first, day),
                F.cents((rng.lognormal(0, 0.7, n) * 30_000).astype(np.int64)),
                F.lookup(("open", "delivered", "cancelled"), status)]

    def quotes(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(13, start)
        org = self.pick(rng, self.sales_like, n)
        day = rng.integers(0, HISTORY_DAYS + 1, n)
        status = rng.choice(3, size=n, p=(0.3, 0.5, 0.2))  # open, accepted, rejected
        decided = day + rng.integers(1, 40, n)
        status = np.where((status > 0) & (decided > HISTORY_DAYS), 0, status)
        sales = self.agents_of(0)
        number = np.arange(start, start + n)
        return [
            F.ids("QUO-", number, 8), F.ids("ORG-", org, 6), F.ids("CON-", self.contact_of(rng, org), 7),
            F.ids("AN-", number, 8), F.dates(self.first, day),
            F.dates(self.first, day + rng.choice(np.array([30, 60, 90]), size=n)),
            F.cents((rng.lognormal(0, 0.8, n) * 800_000).astype(np.int64)),
            F.lookup(("open", "accepted", "rejected"), status),
            F.blank_where(F.dates(self.first, decided), status == 0),
            F.const("", n),
            F.ids("AG-", sales[rng.integers(0, len(sales), n)], 4),
        ]

    def _opportunity_draws(self) -> dict[str, np.ndarray]:
        """All opportunities at once (their status changes need the same draws)."""
        n = self.scale.opportunities
        rng = self.rng(14)
        org = self.pick(rng, self.sales_like, n)
        created = rng.integers(0, HISTORY_DAYS + 1, n)
        steps = rng.integers(1, 4, n)  # open statuses passed
        gaps = rng.integers(4, 50, (n, 4))
        at = created[:, None] + np.cumsum(np.hstack([np.zeros((n, 1), dtype=np.int64), gaps[:, :3]]), axis=1)
        closed = (rng.random(n) < 0.5) & (at[:, 3] <= HISTORY_DAYS)
        won = rng.random(n) < 0.55
        # keep only steps that happened by today
        steps = np.minimum(steps, (at[:, :3] <= HISTORY_DAYS).sum(axis=1))
        return {"org": org, "created": created, "steps": steps, "at": at, "closed": closed, "won": won,
                "target": (rng.lognormal(0, 0.9, n) * 1_500_000).astype(np.int64),
                "minutes": rng.integers(480, 1080, (n, 4)), "agent": rng.integers(0, len(self.agents_of(0)), n)}

    def opportunities(self, start: int, n: int) -> list[F.Matrix]:
        d = self.opps
        sl = slice(start, start + n)
        closed = d["closed"][sl]
        return [F.ids("OPP-", np.arange(start, start + n), 7), F.ids("ORG-", d["org"][sl], 6),
                np.hstack([F.const("Chance ", n), F.digits(np.arange(start, start + n), 7)]),
                F.cents(d["target"][sl]), F.dates(self.first, d["created"][sl]),
                F.blank_where(F.dates(self.first, d["at"][sl, 3]), ~closed),
                F.ids("AG-", self.agents_of(0)[d["agent"][sl]], 4)]

    def status_changes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(opportunity, day, minute, status index) per change, in opportunity order."""
        d = self.opps
        n = len(d["org"])
        per = d["steps"] + d["closed"]
        opp = np.repeat(np.arange(n), per)
        step = np.arange(len(opp)) - np.repeat(np.cumsum(per) - per, per)
        final = d["closed"][opp] & (step == per[opp] - 1)
        status = np.where(final, np.where(d["won"][opp], 3, 4), step)
        col = np.where(final, 3, step)
        return opp, d["at"][opp, col], d["minutes"][opp, col], status

    def opportunity_status_changes(self, start: int, n: int) -> list[F.Matrix]:
        opp, day, minute, status = (a[start:start + n] for a in self.changes)
        return [F.ids("OPP-", opp, 7), F.timestamps(self.first, day, minute),
                F.lookup(("New", "Standard quote", "Negotiation", "Won", "Rejected"), status), F.const("", n)]

    def projects(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(15, start)
        contractor = rng.random(n) < 0.15
        org = np.where(contractor, self.pick(rng, self.suppliers, n), self.pick(rng, self.customers, n))
        begin = rng.integers(0, HISTORY_DAYS + 60, n)
        end = begin + rng.integers(30, 400, n)
        status = np.where(begin > HISTORY_DAYS, 0, np.where(end < HISTORY_DAYS, 2, 1))
        budget = (rng.lognormal(0, 0.8, n) * 3_000_000).astype(np.int64)
        done = np.where(status == 2, 1.0, np.where(status == 1, rng.uniform(0.2, 0.9, n), 0.0))
        revenue = (budget * done * rng.uniform(0.85, 1.1, n)).astype(np.int64)
        self.project_org[start:start + n] = org
        return [F.ids("PRJ-", np.arange(start, start + n), 6), F.ids("ORG-", org, 6),
                np.hstack([F.const("Projekt ", n), F.digits(np.arange(start, start + n), 6)]),
                F.lookup((ProjectKind.CUSTOMER, ProjectKind.CONTRACTOR), contractor.astype(int)),
                F.lookup(("planned", "running", "closed"), status), F.dates(self.first, begin),
                F.dates(self.first, end), F.cents(budget), F.blank_where(F.cents(revenue), contractor),
                F.cents((revenue * rng.uniform(0.55, 1.15, n)).astype(np.int64)),
                F.blank_where(F.const("Projekte", n), rng.random(n) >= 0.1), F.const("false", n)]

    def time_entries(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(16, start)
        project = rng.integers(0, self.scale.projects, n)
        staff = np.flatnonzero(np.isin(self.team, (1, 2)))
        return [F.ids("TE-", np.arange(start, start + n), 9),
                F.ids("AG-", staff[rng.integers(0, len(staff), n)], 4),
                F.dates(self.first, rng.integers(0, HISTORY_DAYS + 1, n)),
                F.cents(rng.integers(1, 33, n) * 25),
                F.ids("ORG-", self.project_org[project], 6), F.ids("PRJ-", project, 6), F.const("", n),
                F.lookup(("true", "false"), (rng.random(n) < 0.2).astype(int)), F.const("", n)]

    def rating_slots(self) -> np.ndarray:
        """Distinct (supplier, day) slots, sorted: one rating each, so the derived ids never collide."""
        slots = len(self.suppliers) * (HISTORY_DAYS + 1)
        return np.sort(self.rng(17).choice(slots, size=min(self.scale.supplier_ratings, slots), replace=False))

    def supplier_ratings(self, start: int, n: int) -> list[F.Matrix]:
        rng = self.rng(17, start + 1)
        purchasing = self.agents_of(3)
        pick = self.slots[start:start + n]
        org = self.suppliers[pick // (HISTORY_DAYS + 1)]
        day = pick % (HISTORY_DAYS + 1)
        return [F.ids("ORG-", org, 6), F.dates(self.first, day),
                *(F.digits(rng.integers(1, 6, n), 1) for _ in range(3)),
                F.ids("AG-", purchasing[org % len(purchasing)], 4), F.const("", n)]


def write_large(folder: Path, *, seed: int, today: date, scale: Scale | None = None) -> dict[str, int]:
    """Write the benchmark set into folder; returns rows per table."""
    scale = scale or Scale()
    folder.mkdir(parents=True, exist_ok=True)
    g = _Large(folder, seed, today, scale)
    rows: dict[str, int] = {}
    rows["agents"] = g.write("agents", scale.agents, g.agents)
    rows["organisations"] = g.write("organisations", scale.organisations, g.organisations)
    rows["contacts"] = g.write("contacts", g.n_contacts, g.contacts)
    rows["projects"] = g.write("projects", scale.projects, g.projects)
    g.opps = g._opportunity_draws()
    rows["opportunities"] = g.write("opportunities", scale.opportunities, g.opportunities)
    g.changes = g.status_changes()
    rows["opportunity_status_changes"] = g.write("opportunity_status_changes", len(g.changes[0]),
                                                 g.opportunity_status_changes)
    rows["quotes"] = g.write("quotes", scale.quotes, g.quotes)
    rows["invoices"] = g.write("invoices", scale.invoices, g.invoices)
    rows["incoming_invoices"] = g.write("incoming_invoices", scale.incoming_invoices, g.incoming_invoices)
    rows["purchase_orders"] = g.write("purchase_orders", scale.purchase_orders, g.purchase_orders)
    rows["time_entries"] = g.write("time_entries", scale.time_entries, g.time_entries)
    g.slots = g.rating_slots()
    rows["supplier_ratings"] = g.write("supplier_ratings", len(g.slots), g.supplier_ratings)
    return rows
