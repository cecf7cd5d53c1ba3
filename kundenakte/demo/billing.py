"""Billing and purchasing facts of the small demo: outgoing invoices (three years), incoming invoices, orders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from core.vocabulary import Aspect, ProjectKind
from kundenakte.demo.context import Ctx, Row

VAT = {"DE": 0.19, "AT": 0.0, "CH": 0.0}  # intra-community / export: reverse charge, gross = net


def account_period(ctx: Ctx, org: Row, aspect: Aspect) -> tuple[date, date] | None:
    """The dates in the invoice history when the organisation bought from us (customer) or sold to us
    (supplier), or None: its active period, where its kind holds that relationship."""
    if not org["_kind"].holds(aspect):
        return None
    lo = max(org["_since"], ctx.start)
    hi = org["_until"] or ctx.today
    return (lo, hi) if lo <= hi else None


def accounts(ctx: Ctx, aspect: Aspect) -> Iterator[tuple[Row, date, date]]:
    """The organisations that are customers (or suppliers) within the invoice history, with that period."""
    for org in ctx.tables["organisations"]:
        period = account_period(ctx, org, aspect)
        if period is not None:
            yield org, *period


def build_invoices(ctx: Ctx) -> list[Row]:
    """Outgoing invoices: Pareto-skewed revenue, credit notes, cancellations, dunning, paid dates."""
    rng = ctx.rng
    projects_by_org: dict[str, list[Row]] = {}
    for p in ctx.rows("projects"):
        if p["kind"] == ProjectKind.CUSTOMER:
            projects_by_org.setdefault(p["organisation_id"], []).append(p)
    drafts: list[Row] = []
    for org, lo, hi in accounts(ctx, Aspect.CUSTOMER):
        weight = org["_weight"]
        per_year = max(2, min(36, round(3 + 3.0 * (weight ** 0.5))))
        years = ((hi - lo).days + 1) / 365.0
        count = max(1, round(per_year * years * (0.7 + 0.6 * rng.random())))
        annual = 9000.0 * weight
        vat = VAT.get(org["country"], 0.19)
        for _ in range(count):
            d = ctx.workday(lo, hi)
            net = max(45.0, annual / per_year * rng.lognormvariate(0.0, 0.45))
            drafts.append({"organisation_id": org["id"], "invoice_date": d, "_net": net, "_vat": vat})
    drafts.sort(key=lambda r: (r["invoice_date"], r["organisation_id"], r["_net"]))
    rows: list[Row] = []
    for i, draft in enumerate(drafts, start=1):
        d: date = draft["invoice_date"]
        credit = ctx.chance(0.03)
        net = ctx.money(-draft["_net"] * (0.1 + 0.4 * rng.random()) if credit else draft["_net"])
        term = ctx.choice((14, 14, 30, 30, 30, 45))
        due = d + timedelta(days=term)
        row: Row = {
            "id": f"INV-{i:06d}", "organisation_id": draft["organisation_id"], "number": f"RE-{d.year}-{i:06d}",
            "invoice_date": d, "due_date": due, "amount_net": net,
            "amount_gross": ctx.money(net * (1 + draft["_vat"])), "currency": "EUR", "dunning_level": 0,
        }
        if ctx.chance(0.02):
            row["status"] = "cancelled"
        else:
            late = rng.random() < 0.15
            pay_days = rng.randint(term + 5, term + 60) if late else rng.randint(3, term)
            paid = d + timedelta(days=pay_days)
            if credit or paid <= ctx.today:
                row["status"], row["paid_date"] = "paid", min(paid, ctx.today) if not credit else d
                if late and pay_days > term + 14:
                    row["dunning_level"] = 1
            else:
                row["status"] = "open"
                overdue = (ctx.today - due).days
                row["dunning_level"] = 0 if overdue <= 7 else 1 if overdue <= 21 else 2 if overdue <= 45 else 3
        projects = [p for p in projects_by_org.get(draft["organisation_id"], [])
                    if p["start_date"] <= d and (p["end_date"] is None or d <= p["end_date"])]
        if projects and ctx.chance(0.6):
            row["project_id"] = ctx.choice(projects)["id"]
        rows.append(row)
    ctx.tables["invoices"] = rows
    return rows


def build_purchasing(ctx: Ctx) -> tuple[list[Row], list[Row]]:
    """Incoming invoices and purchase orders of the suppliers (Pareto-skewed spend)."""
    rng = ctx.rng
    inv_drafts: list[tuple[date, str, float, str]] = []
    po_drafts: list[tuple[date, str, float]] = []
    for org, lo, hi in accounts(ctx, Aspect.SUPPLIER):
        weight = org["_weight"]
        per_year = max(1, min(18, round(1 + 2 * weight ** 0.5)))
        count = max(1, round(per_year * ((hi - lo).days + 1) / 365.0))
        prefix = ctx.choice(("R", "RE", "RG", "INV", ""))
        for _ in range(count):
            d = ctx.workday(lo, hi)
            net = max(20.0, 4000.0 * weight / per_year * rng.lognormvariate(0.0, 0.5))
            inv_drafts.append((d, org["id"], net, prefix))
            if ctx.chance(0.6):
                po_drafts.append((max(lo, d - timedelta(days=rng.randint(5, 40))), org["id"], net))
        # a few orders not yet delivered
        if ctx.chance(0.3):
            po_drafts.append((ctx.workday(ctx.today - timedelta(days=30), ctx.today), org["id"],
                              1000.0 * weight * rng.random() + 200))
    inv_drafts.sort(key=lambda t: (t[0], t[1], t[2]))
    incoming: list[Row] = []
    for i, (d, org_id, net, prefix) in enumerate(inv_drafts, start=1):
        status = "cancelled" if ctx.chance(0.02) else ("open" if (ctx.today - d).days < 25 else "paid")
        number = f"{prefix}{'-' if prefix else ''}{d.year}{rng.randint(1000, 99999)}"
        incoming.append({"id": f"IN-{i:06d}", "organisation_id": org_id, "number": number, "invoice_date": d,
                         "amount_net": ctx.money(net), "status": status})
    po_drafts.sort(key=lambda t: (t[0], t[1], t[2]))
    orders: list[Row] = []
    for i, (d, org_id, net) in enumerate(po_drafts, start=1):
        status = "cancelled" if ctx.chance(0.03) else "open" if (ctx.today - d).days < 21 else "delivered"
        orders.append({"id": f"PO-{i:06d}", "organisation_id": org_id, "order_date": d,
                       "amount_net": ctx.money(net), "status": status})
    ctx.tables["incoming_invoices"] = incoming
    ctx.tables["purchase_orders"] = orders
    return incoming, orders
