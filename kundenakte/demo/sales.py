"""Sales facts of the small demo: opportunities with status histories, and quotes (open, decided, expired).

Statuses are the default table (New, Standard quote, Negotiation, Won, Rejected).
Ingo Prospect of the help's worked example (spec/analytics.md) gets exactly one
opportunity: target value 11,000.00, status New.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.vocabulary import Aspect
from kundenakte.demo import names as N
from kundenakte.demo.billing import account_period
from kundenakte.demo.context import Archetype, Ctx, Row

OPEN_PATH = ("New", "Standard quote", "Negotiation")
INGO_TARGET = 11000.00


def _org_short(org: Row) -> str:
    return " ".join(org["name"].split()[:2])


class _Sales:
    """Collects opportunity and quote drafts; ids and numbers are handed out in date order at the end."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.opps: list[Row] = []
        self.quotes: list[Row] = []

    def opportunity(self, org: Row, created: date, target: float, steps: int, outcome: str | None) -> Row:
        """An opportunity through `steps` open statuses and, with an outcome, Won or Rejected at the end."""
        ctx, rng = self.ctx, self.ctx.rng
        at = ctx.at_office_hours(created)
        history: list[tuple[datetime, str, float | None]] = []
        path = list(OPEN_PATH[:steps]) + ([outcome] if outcome else [])
        for i, status in enumerate(path):
            if i:
                at = at + timedelta(days=rng.randint(4, 50), minutes=rng.randint(-120, 120))
            if at > ctx.now:
                break
            prob = float(ctx.choice((40, 70))) if status == "Negotiation" and ctx.chance(0.1) else None
            history.append((at, status, prob))
        closed = history[-1][0].date() if history[-1][1] in ("Won", "Rejected") else None
        opp = {"organisation_id": org["id"], "name": f"{ctx.choice(N.PROJECT_WORDS)} – {_org_short(org)}",
               "target_value": ctx.money(target), "created_at": created, "closed_at": closed,
               "agent_id": org.get("key_account_manager_id"), "_history": history}
        self.opps.append(opp)
        return opp

    def quote(self, org: Row, quote_date: date, amount: float, status: str, decided: date | None = None,
              opp: Row | None = None, validity: int | None = None) -> None:
        ctx = self.ctx
        if quote_date > ctx.today:
            return
        valid = quote_date + timedelta(days=validity or ctx.choice((30, 30, 60, 90)))
        if decided is not None:
            decided = min(max(decided, quote_date), ctx.today)
        self.quotes.append({
            "organisation_id": org["id"], "contact_id": ctx.choice(org["_contacts"]) if org["_contacts"] else None,
            "quote_date": quote_date, "valid_until": valid, "amount_net": ctx.money(amount), "status": status,
            "decided_at": decided, "_opp": opp, "agent_id": org.get("key_account_manager_id"),
        })

    def finish(self) -> tuple[list[Row], list[Row], list[Row]]:
        self.opps.sort(key=lambda o: (o["created_at"], o["organisation_id"], o["target_value"]))
        changes: list[Row] = []
        for i, opp in enumerate(self.opps, start=1):
            opp["id"] = f"OPP-{i:04d}"
            for at, status, prob in opp.pop("_history"):
                changes.append({"opportunity_id": opp["id"], "changed_at": at, "status": status,
                                "probability": prob})
        self.quotes.sort(key=lambda q: (q["quote_date"], q["organisation_id"], q["amount_net"]))
        for i, q in enumerate(self.quotes, start=1):
            q["id"] = f"QUO-{i:05d}"
            q["number"] = f"AN-{q['quote_date'].year}-{i:05d}"
            opp = q.pop("_opp")
            q["opportunity_id"] = opp["id"] if opp else None
        return self.opps, changes, self.quotes


def build_sales(ctx: Ctx) -> tuple[list[Row], list[Row], list[Row]]:
    """Opportunities, their status changes and quotes for customers, prospects, dormant firms and Ingo."""
    rng = ctx.rng
    s = _Sales(ctx)
    today = ctx.today
    for org in ctx.tables["organisations"]:
        kind = org["_kind"]
        if kind == Archetype.INGO:
            s.opportunity(org, today - timedelta(days=20), INGO_TARGET, 1, None)
        elif kind.holds(Aspect.CUSTOMER):
            _customer_sales(ctx, s, org)
        elif kind == Archetype.PROSPECT:
            _prospect_sales(ctx, s, org)
        elif kind == Archetype.DORMANT:
            if ctx.chance(0.5):
                d = today - timedelta(days=rng.randint(200, 900))
                s.quote(org, d, rng.uniform(2000, 40000), "open", validity=30)
            if ctx.chance(0.5):
                d = today - timedelta(days=rng.randint(300, 1000))
                s.opportunity(org, d, rng.uniform(5000, 60000), rng.randint(1, 3), "Rejected")
    return _store(ctx, *s.finish())


def _store(ctx: Ctx, opps: list[Row], changes: list[Row], quotes: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    ctx.tables["opportunities"] = opps
    ctx.tables["opportunity_status_changes"] = changes
    ctx.tables["quotes"] = quotes
    return opps, changes, quotes


def _customer_sales(ctx: Ctx, s: _Sales, org: Row) -> None:
    rng = ctx.rng
    period = account_period(ctx, org, Aspect.CUSTOMER)
    if period is None:
        return
    lo, hi = period
    size = 6000.0 * org["_weight"] ** 0.8
    for _ in range(rng.randint(0, 3)):
        created = ctx.workday(max(lo - timedelta(days=90), ctx.start), hi)
        recent = (ctx.today - created).days < 75
        outcome = None if recent else ("Won" if ctx.chance(0.6) else "Rejected")
        opp = s.opportunity(org, created, size * rng.uniform(0.5, 3.0), rng.randint(1, 3), outcome)
        reached = opp["_history"][-1][1]  # the outcome may still lie in the future
        status = {"Won": "accepted", "Rejected": "rejected"}.get(reached, "open")
        s.quote(org, created + timedelta(days=rng.randint(3, 20)), opp["target_value"] * rng.uniform(0.8, 1.1),
                status, opp["closed_at"], opp)
    for _ in range(rng.randint(0, 4)):
        d = ctx.workday(lo, hi)
        status = ctx.choice(("accepted", "accepted", "accepted", "rejected", "open"))
        decided = d + timedelta(days=rng.randint(2, 40)) if status != "open" else None
        s.quote(org, d, size * rng.uniform(0.1, 1.0), status, decided)


def _prospect_sales(ctx: Ctx, s: _Sales, org: Row) -> None:
    rng = ctx.rng
    today = ctx.today
    r = rng.random()
    if r < 0.75:
        for _ in range(1 if ctx.chance(0.75) else 2):
            created = today - timedelta(days=rng.randint(3, 300))
            if ctx.chance(0.45):  # a small lead, just entered
                s.opportunity(org, created, float(rng.randint(20, 100) * 100), 1, None)
            else:
                target = min(15000 * rng.paretovariate(1.3), 400000)
                opp = s.opportunity(org, created, target, rng.randint(1, 3), None)
                if ctx.chance(0.5):
                    s.quote(org, created + timedelta(days=rng.randint(3, 30)), target * rng.uniform(0.8, 1.0),
                            "open", opp=opp, validity=90)
    elif r < 0.85:
        pass  # only quotes
    else:  # a former prospect: everything decided or expired
        d = today - timedelta(days=rng.randint(150, 700))
        s.opportunity(org, d, rng.uniform(5000, 80000), rng.randint(1, 3), "Rejected")
        s.quote(org, d + timedelta(days=10), rng.uniform(3000, 50000), "open", validity=30)
        return
    for _ in range(rng.randint(0, 2)):
        d = today - timedelta(days=rng.randint(1, 120))
        status = ctx.choice(("open", "open", "open", "rejected"))
        decided = d + timedelta(days=rng.randint(2, 20)) if status == "rejected" else None
        s.quote(org, d, rng.uniform(1500, 60000), status, decided)
