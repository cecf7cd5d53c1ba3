"""Work facts of the small demo: projects, tickets with SLAs, time entries, documents, supplier ratings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.vocabulary import Aspect, ProjectKind
from kundenakte.demo import names as N
from kundenakte.demo.billing import account_period, accounts
from kundenakte.demo.context import Archetype, Ctx, Row
from kundenakte.demo.master import OWN_ORG_ID

PRIORITY_SLA = {"critical": 4.0, "high": 8.0, "normal": 24.0, "low": 72.0}
#: how likely an organisation of each kind has documents (any other kind: 0.2)
DOCUMENT_CHANCE = {Archetype.CUSTOMER: 0.7, Archetype.BOTH: 0.7, Archetype.SUPPLIER: 0.35}


def _team(ctx: Ctx, team: str) -> list[str]:
    return [a["id"] for a in ctx.tables["agents"] if a["team"] == team and a["active"]]


def _status(ctx: Ctx, start: date, end: date | None) -> str:
    if start > ctx.today:
        return "planned"
    return "closed" if end is not None and end < ctx.today else "running"


def build_projects(ctx: Ctx) -> list[Row]:
    """Customer projects (some restricted to a team), standard service projects, contractor and internal ones."""
    rng = ctx.rng
    rows: list[Row] = []

    def add(org: Row, name: str, kind: ProjectKind, start: date, end: date | None, budget: float | None,
            restricted: str | None = None, standard: bool = False) -> Row:
        status = _status(ctx, start, end)
        done = 0.0 if status == "planned" else 1.0 if status == "closed" else rng.uniform(0.2, 0.9)
        revenue = ctx.money(budget * done * rng.uniform(0.85, 1.1)) if budget and kind == ProjectKind.CUSTOMER else None
        cost = ctx.money((revenue or (budget or 0) * done) * rng.uniform(0.55, 1.15)) if budget else None
        row = {"id": f"PRJ-{len(rows) + 1:04d}", "organisation_id": org["id"], "name": name, "kind": kind,
               "status": status, "start_date": start, "end_date": end, "budget": budget, "revenue": revenue,
               "cost": cost, "restricted_team": restricted, "standard": standard}
        rows.append(row)
        return row

    for org in ctx.tables["organisations"]:
        period = account_period(ctx, org, Aspect.CUSTOMER)
        if period is not None:
            lo, hi = period
            if org.get("sla_hours"):
                prj = add(org, f"Wartung & Support {org['name']}", ProjectKind.CUSTOMER, org["_since"], None, None,
                          standard=True)
                org["standard_project_id"] = prj["id"]
            if ctx.chance(0.35):
                for _ in range(rng.randint(1, 3)):
                    start = ctx.workday(lo, min(hi + timedelta(days=60), ctx.today + timedelta(days=60)))
                    end = start + timedelta(days=rng.randint(30, 400))
                    restricted = ("Projekte" if ctx.chance(0.12) else
                                  "Geschäftsführung" if ctx.chance(0.03) else None)
                    budget = float(round(15000 * org["_weight"] ** 0.6 * rng.uniform(0.5, 2.0), -2))
                    add(org, f"{ctx.choice(N.PROJECT_WORDS)} {start.year}", ProjectKind.CUSTOMER, start, end, budget,
                        restricted)
        period = account_period(ctx, org, Aspect.SUPPLIER)
        if period is not None and ctx.chance(0.15):
            start = ctx.workday(*period)
            add(org, f"Montageunterstützung {start.year}", ProjectKind.CONTRACTOR, start,
                start + timedelta(days=rng.randint(20, 200)), float(rng.randint(5, 80) * 1000),
                "Einkauf" if ctx.chance(0.3) else None)
    own = ctx.tables["organisations"][0]
    assert own["id"] == OWN_ORG_ID
    for name, days in (("ERP-Einführung", 500), ("Messeauftritt Hannover", 120), ("Interne Weiterbildung", None)):
        start = ctx.today - timedelta(days=rng.randint(200, 700))
        add(own, name, ProjectKind.INTERNAL, start, start + timedelta(days=days) if days else None,
            float(rng.randint(20, 120) * 1000))
    ctx.tables["projects"] = rows
    return rows


def build_tickets(ctx: Ctx) -> list[Row]:
    """Service desk tickets of the last two years; a few breach their SLA, the recent ones are still open."""
    rng = ctx.rng
    service = _team(ctx, "Service")
    drafts: list[Row] = []
    lo_all = ctx.today - timedelta(days=730)
    for org, since, hi in accounts(ctx, Aspect.CUSTOMER):
        if not org["_contacts"]:
            continue
        rate = (3 if org.get("sla_hours") else 0.8) * (1 + org["_weight"] ** 0.4)
        lo = max(since, lo_all)
        if lo > hi:
            continue
        count = int(rate * ((hi - lo).days + 1) / 365.0 * rng.uniform(0.5, 1.2))
        for _ in range(count):
            opened = ctx.at_office_hours(ctx.workday(lo, hi))
            if opened > ctx.now:
                continue
            priority = ctx.choice(("low", "normal", "normal", "normal", "high", "high", "critical"))
            drafts.append({"organisation_id": org["id"], "contact_id": ctx.choice(org["_contacts"]),
                           "opened_at": opened, "priority": priority,
                           "sla_hours": org.get("sla_hours") or PRIORITY_SLA[priority]})
    drafts.sort(key=lambda r: (r["opened_at"], r["organisation_id"]))
    rows: list[Row] = []
    for i, t in enumerate(drafts, start=1):
        opened: datetime = t["opened_at"]
        sla = t["sla_hours"]
        breach = ctx.chance(0.08)
        response_h = sla * (rng.uniform(1.05, 3.0) if breach else rng.uniform(0.05, 0.9))
        first = opened + timedelta(minutes=round(response_h * 60))
        close = first + timedelta(minutes=rng.randint(30, 240 * 60))
        row: Row = {"id": f"TCK-{i:05d}", **t, "number": f"T-{opened.year}-{i:05d}",
                    "subject": ctx.choice(N.TICKET_SUBJECTS), "agent_id": ctx.choice(service)}
        if close <= ctx.now and not (ctx.now - opened < timedelta(days=20) and ctx.chance(0.5)):
            row.update(status="closed", first_response_at=first, closed_at=close)
        else:
            row.update(status="open", first_response_at=first if first <= ctx.now else None)
        rows.append(row)
    ctx.tables["tickets"] = rows
    return rows


def build_time_entries(ctx: Ctx) -> list[Row]:
    """Hours on projects (project staff), on tickets (service) and sales visits, over the last two years."""
    rng = ctx.rng
    projects_team = _team(ctx, "Projekte")
    service = _team(ctx, "Service")
    sales = _team(ctx, "Vertrieb")
    lo_all = ctx.today - timedelta(days=730)
    drafts: list[Row] = []
    for p in ctx.tables["projects"]:
        if p["status"] == "planned":
            continue
        lo = max(p["start_date"], lo_all)
        hi = min(p["end_date"] or ctx.today, ctx.today)
        if lo > hi:
            continue
        if p["standard"]:
            continue  # booked through tickets below
        budget = p["budget"] or 20000.0
        total = min(budget / 95.0, 600.0) * (0.4 if p["status"] == "running" else 1.0)
        staff = projects_team[:2] if p["restricted_team"] == "Projekte" else projects_team
        if p["restricted_team"] == "Geschäftsführung":
            staff = _team(ctx, "Geschäftsführung")
        if p["kind"] == ProjectKind.INTERNAL:
            staff = projects_team + service
        booked = 0.0
        while booked < total:
            hours = rng.randint(2, 32) / 4
            drafts.append({"agent_id": ctx.choice(staff), "entry_date": ctx.workday(lo, hi), "hours": hours,
                           "organisation_id": p["organisation_id"], "project_id": p["id"],
                           "billable": p["kind"] == ProjectKind.CUSTOMER, "note": p["name"]})
            booked += hours
    orgs = {o["id"]: o for o in ctx.tables["organisations"]}
    for t in ctx.tables["tickets"]:
        if t["opened_at"].date() < lo_all:
            continue
        for _ in range(rng.randint(1, 2) if t["status"] == "closed" else 1):
            end = (t.get("closed_at") or ctx.now).date()
            drafts.append({"agent_id": t["agent_id"], "entry_date": ctx.between(t["opened_at"].date(), end),
                           "hours": rng.randint(1, 16) / 4, "organisation_id": t["organisation_id"],
                           "project_id": orgs[t["organisation_id"]].get("standard_project_id"),
                           "ticket_id": t["id"], "billable": ctx.chance(0.7), "note": t["subject"]})
    customers = [o for o in ctx.tables["organisations"] if o["_kind"].sold_to]
    for _ in range(400):
        org = ctx.choice(customers)
        drafts.append({"agent_id": ctx.choice(sales), "entry_date": ctx.workday(lo_all, ctx.today),
                       "hours": rng.randint(4, 16) / 4, "organisation_id": org["id"], "billable": False,
                       "note": "Kundenbesuch"})
    drafts.sort(key=lambda r: (r["entry_date"], r["agent_id"], r.get("project_id") or "", r["hours"]))
    rows = [{"id": f"TE-{i:06d}", **d} for i, d in enumerate(drafts, start=1)]
    ctx.tables["time_entries"] = rows
    return rows


def build_documents(ctx: Ctx) -> list[Row]:
    """Folder trees per organisation (`Verträge/2026`, `Projekte/<name>`), some files in several versions."""
    rng = ctx.rng
    agents = [a["id"] for a in ctx.tables["agents"]]
    rows: list[Row] = []
    projects_by_org: dict[str, list[Row]] = {}
    for p in ctx.tables["projects"]:
        projects_by_org.setdefault(p["organisation_id"], []).append(p)
    for org in ctx.tables["organisations"]:
        kind = org["_kind"]
        if kind in (Archetype.OWN, Archetype.INGO) or not ctx.chance(DOCUMENT_CHANCE.get(kind, 0.2)):
            continue
        first_day = max(org["created_at"].date(), ctx.start)
        for _ in range(rng.randint(1, 5)):
            folder_top = ctx.choice(N.DOC_FOLDERS)
            created = ctx.at_office_hours(ctx.workday(first_day, ctx.today))
            folder = f"{folder_top}/{created.year}" if folder_top != "Korrespondenz" else folder_top
            filename = ctx.choice(N.DOC_FILES[folder_top])
            _versions(ctx, rows, org, None, folder, filename, created, agents)
        for p in projects_by_org.get(org["id"], []):
            if p["standard"] or p["status"] == "planned" or not ctx.chance(0.7):
                continue
            for filename in rng.sample(N.PROJECT_DOC_FILES, rng.randint(1, 3)):
                created = ctx.at_office_hours(ctx.workday(max(p["start_date"], ctx.start), ctx.today))
                _versions(ctx, rows, org, p["id"], f"Projekte/{p['name']}", filename, created, agents)
    ctx.tables["documents"] = rows
    return rows


def _versions(ctx: Ctx, rows: list[Row], org: Row, project_id: str | None, folder: str, filename: str,
              created: datetime, agents: list[str]) -> None:
    rng = ctx.rng
    if any(r["organisation_id"] == org["id"] and r["folder"] == folder and r["filename"] == filename
           for r in rows[-40:]):
        return
    contact = ctx.choice(org["_contacts"]) if org["_contacts"] and ctx.chance(0.3) else None
    external = ctx.chance(0.25)
    size = rng.randint(20_000, 4_000_000)
    for version in range(1, 1 + (1 if ctx.chance(0.7) else rng.randint(2, 4))):
        if created > ctx.now:
            break
        rows.append({"id": f"DOC-{len(rows) + 1:05d}", "organisation_id": org["id"], "contact_id": contact,
                     "project_id": project_id, "folder": folder, "filename": filename, "version": version,
                     "created_at": created, "created_by": ctx.choice(agents), "size_bytes": size,
                     "external": external})
        created += timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 300))
        size = max(10_000, size + rng.randint(-50_000, 200_000))


def build_supplier_ratings(ctx: Ctx) -> list[Row]:
    """Quarterly ratings of suppliers by purchasing (time, quality, cost 1..5); some not rated lately."""
    rng = ctx.rng
    purchasing = _team(ctx, "Einkauf")
    rows: list[Row] = []
    for org, lo, hi in accounts(ctx, Aspect.SUPPLIER):
        base = {k: rng.uniform(1.5, 5.0) for k in ("time", "quality", "cost")}
        d = max(lo, ctx.today - timedelta(days=730)) + timedelta(days=rng.randint(0, 60))
        seen: set[tuple[date, str]] = set()
        while d <= min(hi, ctx.today):
            if ctx.chance(0.85):
                agent = ctx.choice(purchasing)
                if (d, agent) not in seen:
                    seen.add((d, agent))
                    scores = {k: min(5, max(1, round(v + rng.uniform(-1.0, 1.0)))) for k, v in base.items()}
                    note = ctx.choice(("", "", "Liefertermin verschoben", "Qualität einwandfrei",
                                       "Preiserhöhung angekündigt", "Sehr flexibel bei Eilaufträgen"))
                    rows.append({"organisation_id": org["id"], "rated_at": d, **scores, "agent_id": agent,
                                 "note": note or None})
            d += timedelta(days=rng.randint(70, 120))
    ctx.tables["supplier_ratings"] = rows
    return rows
