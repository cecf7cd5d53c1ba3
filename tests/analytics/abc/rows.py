"""Interchange-shaped row factories for relationship and ABC tests (every row of a table has the same keys), the
help's examples as rows, and a classification read back as plain values."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from analytics.abc import classification

Row = dict[str, Any]


def days(d: date, n: int) -> str:
    """ISO date n days after d (negative: before)."""
    return (d + timedelta(days=n)).isoformat()


def org(id: str, name: str | None = None, *, mode: str = "auto", fixed_roles: str | None = None,
        potential: float | None = None, potential_updated: str | None = None) -> Row:
    return {"id": id, "name": name or f"Org {id}", "relationship_mode": mode, "fixed_roles": fixed_roles,
            "revenue_potential": potential, "revenue_potential_updated_at": potential_updated}


def invoice(id: str, org_id: str, day: str, amount: float, status: str = "paid") -> Row:
    return {"id": id, "organisation_id": org_id, "invoice_date": day, "amount_net": amount, "status": status}


def incoming(id: str, org_id: str, day: str, amount: float, status: str | None = "paid") -> Row:
    return {"id": id, "organisation_id": org_id, "invoice_date": day, "amount_net": amount, "status": status}


def order(id: str, org_id: str, day: str, status: str | None = "open") -> Row:
    return {"id": id, "organisation_id": org_id, "order_date": day, "amount_net": 10.0, "status": status}


def project(id: str, org_id: str, kind: str, start: str | None, status: str = "running") -> Row:
    return {"id": id, "organisation_id": org_id, "kind": kind, "status": status, "start_date": start}


def quote(id: str, org_id: str, day: str, amount: float, *, status: str = "open", valid_until: str | None = None,
          decided_at: str | None = None) -> Row:
    return {"id": id, "organisation_id": org_id, "quote_date": day, "amount_net": amount, "status": status,
            "valid_until": valid_until, "decided_at": decided_at}


def opportunity(id: str, org_id: str, created: str, target: float, closed: str | None = None) -> Row:
    return {"id": id, "organisation_id": org_id, "created_at": created, "target_value": target, "closed_at": closed}


def change(opp_id: str, at: str, status: str, probability: float | None = None) -> Row:
    return {"opportunity_id": opp_id, "changed_at": at, "status": status, "probability": probability}


def rating(org_id: str, day: str, time: float, quality: float, cost: float, agent: str | None = None) -> Row:
    return {"organisation_id": org_id, "rated_at": day, "time": time, "quality": quality, "cost": cost,
            "agent_id": agent}


def entry(id: str, day: str, hours: float, *, org_id: str | None = None, project_id: str | None = None) -> Row:
    return {"id": id, "agent_id": "ag1", "entry_date": day, "hours": hours, "organisation_id": org_id,
            "project_id": project_id}


#: the help's Ingo Prospect example: dates at which Ingo's opportunity is New, Standard quote, Rejected
INGO_NEW, INGO_STANDARD_QUOTE, INGO_REJECTED = date(2025, 3, 15), date(2025, 4, 15), date(2025, 5, 15)


def ingo_scenario() -> dict[str, list[Row]]:
    """Ingo (11,000 EUR, New -> Standard quote -> Rejected) among four other prospects worth 1000, 700, 400, 100."""
    others = {"p1": 20_000, "p2": 14_000, "p3": 8_000, "p4": 2_000}
    return {
        "organisations": [org("ingo", "Ingo Prospect")] + [org(o) for o in others],
        "opportunities": [opportunity("opp-ingo", "ingo", "2025-03-01", 11_000)]
        + [opportunity(f"opp-{o}", o, "2025-03-01", v) for o, v in others.items()],
        "opportunity_status_changes": [
            change("opp-ingo", "2025-03-01T09:00:00", "New"),
            change("opp-ingo", "2025-04-01T10:00:00", "Standard quote"),
            change("opp-ingo", "2025-05-02T11:00:00", "Rejected"),
        ] + [change(f"opp-{o}", "2025-03-01T09:00:00", "New") for o in others],
    }


#: the help's worked example (spec/analytics.md, "ABC classification"): five customers' invoices, A B B B C
WORKED_EXAMPLE = {"a": 500, "b": 400, "c": 300, "d": 200, "e": 100}


def worked_example(accounts_of_ag1: str = "") -> dict[str, list[Row]]:
    """The worked example's customers a to e, invoiced on 2025-05-01; the agent ag1 is key account manager of
    the organisations named in `accounts_of_ag1` (one letter each)."""
    return {
        "agents": [{"id": "ag1", "name": "Anna Agent"}],
        "organisations": [{**org(x), "key_account_manager_id": "ag1" if x in accounts_of_ag1 else None}
                          for x in WORKED_EXAMPLE],
        "invoices": [invoice(f"i{x}", x, "2025-05-01", amount) for x, amount in WORKED_EXAMPLE.items()],
    }


def classified(engine: Engine, aspect: str, as_of: date, model: str | None = None, *,
               figure: str = "metric") -> dict[str, tuple[str, float | None]]:
    """organisation_id -> (letter or '', its `figure`, the metric or the rank, or None) for every holder at D."""
    with engine.connect() as conn:
        out = classification(conn, aspect, as_of, model)
    return {r.organisation_id: ("" if pd.isna(r._3) else r._3,
                                None if pd.isna(getattr(r, figure)) else float(getattr(r, figure)))
            for r in out.itertuples()}
