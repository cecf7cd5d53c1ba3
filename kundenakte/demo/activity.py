"""Imported activities of the small demo (activities.csv): notes, tasks, calls, e-mails, appointments.

Most name their organisation and contact; a dozen name neither and carry only an
address or number, so the import assigns them by matching (spec/interchange.md).
"""

from __future__ import annotations

from datetime import date, timedelta

from core.vocabulary import ActivityKind
from kundenakte.demo import names as N
from kundenakte.demo.context import Archetype, Ctx, Row

#: the kinds of an organisation's activities, drawn evenly from this mix
KIND_MIX = (*[ActivityKind.NOTE] * 2, ActivityKind.TASK, *[ActivityKind.CALL] * 3, *[ActivityKind.EMAIL] * 3,
            ActivityKind.APPOINTMENT)
RATE_PER_YEAR = {Archetype.CUSTOMER: 6.0, Archetype.BOTH: 6.0, Archetype.PROSPECT: 5.0, Archetype.SUPPLIER: 2.0,
                 Archetype.INGO: 3.0}


def build_activities(ctx: Ctx) -> list[Row]:
    """About 6,000 activities over three years; dormant firms were last touched two to three years ago."""
    rng = ctx.rng
    agents = [a for a in ctx.tables["agents"] if a["team"] != "Geschäftsführung"]
    contacts = {c["id"]: c for c in ctx.tables["contacts"]}
    drafts: list[Row] = []
    for org in ctx.tables["organisations"]:
        kind = org["_kind"]
        if not org["_contacts"]:
            continue
        if kind == Archetype.DORMANT:
            lo, hi, count = ctx.today - timedelta(days=3 * 365), ctx.today - timedelta(days=800), rng.randint(0, 2)
        else:
            lo, hi = max(org["created_at"].date(), ctx.start), ctx.today
            if kind == Archetype.INGO:
                lo = ctx.today - timedelta(days=40)
            years = ((hi - lo).days + 1) / 365.0
            count = round(RATE_PER_YEAR[kind] * years * (0.5 + org["_weight"] ** 0.25) * rng.uniform(0.3, 1.0))
        for _ in range(count):
            contact = contacts[ctx.choice(org["_contacts"])]
            agent = ctx.choice(agents)
            if org.get("key_account_manager_id") and ctx.chance(0.5):
                agent = next(a for a in agents if a["id"] == org["key_account_manager_id"])
            drafts.append(_one(ctx, ctx.choice(KIND_MIX), org, contact, agent, lo, hi))
    drafts.extend(_unassigned(ctx, agents))
    drafts.sort(key=lambda r: (r["occurred_at"], r.get("organisation_id") or "", r["kind"]))
    rows = [{"id": f"ACT-{i:06d}", **d} for i, d in enumerate(drafts, start=1)]
    ctx.tables["activities"] = rows
    return rows


def _one(ctx: Ctx, kind: ActivityKind, org: Row, contact: Row, agent: Row, lo: date, hi: date) -> Row:
    rng = ctx.rng
    at = ctx.at_office_hours(ctx.workday(lo, hi))
    if at > ctx.now:
        at = ctx.now - timedelta(hours=1)
    row: Row = {"kind": kind, "occurred_at": at, "agent_id": agent["id"], "organisation_id": org["id"],
                "contact_id": contact["id"]}
    if kind == ActivityKind.NOTE:
        row.update(subject=ctx.choice(N.NOTE_TEXTS), contact_id=contact["id"] if ctx.chance(0.6) else None)
    elif kind == ActivityKind.TASK:
        due = at + timedelta(days=rng.randint(2, 21))
        row.update(subject=ctx.choice(N.TASK_TEXTS), due_at=due,
                   done=due < ctx.now and ctx.chance(0.85),
                   importance=ctx.choice(("low", "normal", "normal", "normal", "high")))
    elif kind == ActivityKind.CALL:
        number = contact.get("phone") or contact.get("mobile") or org.get("phone")
        row.update(direction=ctx.choice(("in", "out")), phone_number=number,
                   duration_minutes=float(rng.randint(1, 45)),
                   subject=ctx.choice(("Rückruf", "Telefonat", "Kurze Abstimmung", "Terminabsprache")))
    elif kind == ActivityKind.EMAIL:
        direction = ctx.choice(("in", "out"))
        ours, theirs = agent["email"], contact.get("email") or f"info@{org.get('_domain') or 'example.org'}"
        row.update(direction=direction, from_address=theirs if direction == "in" else ours,
                   to_address=ours if direction == "in" else theirs,
                   subject=ctx.choice(N.MAIL_SUBJECTS_IN if direction == "in" else N.MAIL_SUBJECTS_OUT))
    else:
        row.update(duration_minutes=float(ctx.choice((30, 45, 60, 90, 120))),
                   subject=ctx.choice(("Termin vor Ort", "Jahresgespräch", "Projektbesprechung", "Videokonferenz")))
    return row


def _unassigned(ctx: Ctx, agents: list[Row]) -> list[Row]:
    """Activities with neither organisation nor contact: the import assigns them by address or number."""
    rows: list[Row] = []
    contacts = [c for c in ctx.tables["contacts"] if c.get("email") and c.get("phone")]
    for i in range(12):
        contact = ctx.choice(contacts)
        agent = ctx.choice(agents)
        at = ctx.at_office_hours(ctx.workday(ctx.today - timedelta(days=60), ctx.today - timedelta(days=1)))
        if i % 3 == 0:
            rows.append({"kind": ActivityKind.CALL, "occurred_at": at, "direction": "in", "agent_id": agent["id"],
                         "phone_number": contact["phone"], "duration_minutes": float(ctx.rng.randint(2, 20)),
                         "subject": "Anruf (Telefonanlage)"})
        elif i % 3 == 1:
            rows.append({"kind": ActivityKind.EMAIL, "occurred_at": at, "direction": "in", "agent_id": agent["id"],
                         "from_address": contact["email"], "to_address": agent["email"],
                         "subject": ctx.choice(N.MAIL_SUBJECTS_IN)})
        else:
            sender = f"{N.ascii_slug(contact['first_name'])}{ctx.rng.randint(10, 99)}@{ctx.choice(N.FREEMAIL)}"
            rows.append({"kind": ActivityKind.EMAIL, "occurred_at": at, "direction": "in", "agent_id": agent["id"],
                         "from_address": sender, "to_address": agent["email"], "subject": "Anfrage über Website"})
    return rows
