"""A small company for need-to-know tests: agents in two teams, a restricted project, an external contact.

    o1 Alpha   KAM ag1 (Nord)   contacts c1 (the external user), c2; projects p1, p2 (restricted to Nord)
    o2 Beta    KAM ag2 (Süd)    contact c3
    o3 Gamma   deputy ag3 (Nord)
    o4 Delta   nobody's account

Distinctive marker values (numbers, ids, notes, amounts no formatting produces by chance) let the
security suite (tests/security) find a leak by searching response bodies: `LEAK_MARKERS` names them
per information area. The rows tests/services/test_policy.py relies on keep their ids and figures;
the markers are extra columns on them or extra rows that change none of its assertions (a paid
invoice, a closed ticket, time booked in February, ...).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.vocabulary import Role
from services.users import CurrentUser

AS_OF = date(2026, 3, 15)


def access_data() -> dict[str, list[dict[str, Any]]]:
    """Rows in the interchange format, one of each kind that need-to-know must tell apart."""
    return {
        "agents": [
            {"id": "ag1", "name": "Anna Nord", "team": "Nord", "role": "sales"},
            {"id": "ag2", "name": "Bernd Süd", "team": "Süd", "role": "support"},
            {"id": "ag3", "name": "Clara Nord", "team": "Nord", "role": "accounting"},
            {"id": "adm", "name": "Ada Admin", "team": "IT", "role": "admin"},
            {"id": "ag4", "name": "Mara Leitung", "team": "Leitung", "role": "management"},
            {"id": "ag5", "name": "Paul Einkauf", "team": "Einkauf", "role": "purchasing"},
        ],
        "organisations": [
            {"id": "o1", "name": "Alpha GmbH", "key_account_manager_id": "ag1"},
            {"id": "o2", "name": "Beta AG", "key_account_manager_id": "ag2"},
            {"id": "o3", "name": "Gamma KG", "deputy_id": "ag3"},
            {"id": "o4", "name": "Delta SE"},
        ],
        "contacts": [
            {"id": "c1", "organisation_id": "o1", "first_name": "Eva", "last_name": "Extern",
             "email": "eva@alpha.example"},
            {"id": "c2", "organisation_id": "o1", "first_name": "Otto", "last_name": "Other",
             "email": "otto@alpha.example"},
            {"id": "c3", "organisation_id": "o2", "first_name": "Bea", "last_name": "Beta"},
        ],
        "projects": [
            {"id": "p1", "organisation_id": "o1", "name": "Rollout", "kind": "customer", "status": "running",
             "start_date": "2026-01-01", "revenue": 1000, "cost": 600},
            {"id": "p2", "organisation_id": "o1", "name": "Geheim", "kind": "customer", "status": "running",
             "start_date": "2026-01-01", "revenue": 5000, "cost": 1000, "restricted_team": "Nord"},
        ],
        "time_entries": [
            {"id": "t1", "agent_id": "ag1", "entry_date": "2026-03-02", "hours": 2, "organisation_id": "o1",
             "project_id": "p1", "note": "Workshop"},
            {"id": "t2", "agent_id": "ag1", "entry_date": "2026-03-03", "hours": 5, "organisation_id": "o1",
             "project_id": "p2", "note": "Geheimsache"},
            # February: outside the hours tile's month, so the tile's figures stay as they are
            {"id": "TE-GEHEIM-MARK-3", "agent_id": "ag1", "entry_date": "2026-02-10", "hours": 3,
             "organisation_id": "o1", "project_id": "p2", "note": "Geheimsache GEHEIM-MARK-NOTE"},
        ],
        "documents": [
            {"id": "d1", "organisation_id": "o1", "folder": "Verträge", "filename": "rahmen.pdf", "version": 1,
             "created_at": "2026-02-01T10:00:00", "external": True},
            {"id": "d2", "organisation_id": "o1", "folder": "Intern", "filename": "kalkulation.xlsx", "version": 1,
             "created_at": "2026-02-02T10:00:00", "external": False},
            {"id": "d3", "organisation_id": "o1", "project_id": "p2", "folder": "Geheim", "filename": "plan.pdf",
             "version": 1, "created_at": "2026-02-03T10:00:00", "external": True},
        ],
        "tickets": [
            {"id": "k1", "organisation_id": "o1", "contact_id": "c1", "subject": "Drucker", "status": "open",
             "opened_at": "2026-03-10T09:00:00"},
            {"id": "k2", "organisation_id": "o2", "subject": "Server", "status": "open",
             "opened_at": "2026-03-11T09:00:00"},
            # closed: the open count of the tickets tile stays 1
            {"id": "k3", "organisation_id": "o1", "number": "TK-MARK-3", "subject": "Störung TK-MARK-3",
             "status": "closed", "opened_at": "2026-02-20T09:00:00", "closed_at": "2026-02-21T09:00:00"},
        ],
        "invoices": [
            {"id": "i1", "organisation_id": "o1", "invoice_date": "2026-02-01", "amount_net": 1000, "status": "open",
             "dunning_level": 0, "project_id": "p1", "number": "RE-MARK-1"},
            {"id": "i2", "organisation_id": "o1", "invoice_date": "2026-02-02", "amount_net": 2000, "status": "open",
             "dunning_level": 1, "project_id": "p2", "number": "RE-MARK-2"},
            {"id": "i3", "organisation_id": "o2", "invoice_date": "2026-02-03", "amount_net": 500, "status": "paid",
             "dunning_level": 0, "number": "RE-MARK-3"},
            {"id": "RE-MARK-ID-4", "organisation_id": "o3", "invoice_date": "2026-02-04", "amount_net": 4711.13,
             "status": "open", "dunning_level": 0, "number": "RE-MARK-4"},
            # paid: open amounts stay as they are; no project, so no margin changes
            {"id": "RE-MARK-ID-5", "organisation_id": "o1", "invoice_date": "2026-01-20", "amount_net": 8642.97,
             "status": "paid", "paid_date": "2026-02-01", "dunning_level": 0, "number": "RE-MARK-5"},
            # at the restricted project p2, paid
            {"id": "RE-GEHEIM-MARK-6", "organisation_id": "o1", "invoice_date": "2026-02-10", "amount_net": 1111.11,
             "status": "paid", "paid_date": "2026-02-20", "dunning_level": 0, "project_id": "p2",
             "number": "RE-GEHEIM-MARK-6"},
        ],
        "activities": [
            {"id": "a1", "kind": "email", "occurred_at": "2026-03-05T08:00:00", "organisation_id": "o1",
             "subject": "Angebot besprochen"},
            {"id": "a2", "kind": "call", "occurred_at": "2026-03-06T08:00:00", "organisation_id": "o2",
             "subject": "Rückruf"},
        ],
        "quotes": [
            {"id": "q1", "organisation_id": "o3", "quote_date": "2026-03-01", "amount_net": 900, "status": "open",
             "number": "AN-MARK-1"},
            {"id": "AN-MARK-ID-2", "organisation_id": "o1", "quote_date": "2026-02-15", "amount_net": 3456.78,
             "status": "open", "number": "AN-MARK-2"},
        ],
        "incoming_invoices": [
            {"id": "ER-MARK-ID-1", "organisation_id": "o4", "number": "ER-MARK-1", "invoice_date": "2026-02-05",
             "amount_net": 6543.21, "status": "paid"},
            {"id": "ER-MARK-ID-2", "organisation_id": "o2", "number": "ER-MARK-2", "invoice_date": "2026-02-06",
             "amount_net": 321.09, "status": "open"},
        ],
        "purchase_orders": [
            {"id": "PO-MARK-1", "organisation_id": "o4", "order_date": "2026-01-15", "amount_net": 2468.13,
             "status": "open"},
        ],
        "supplier_ratings": [
            {"organisation_id": "o4", "rated_at": "2026-02-15", "time": 4, "quality": 5, "cost": 3, "agent_id": "ag5",
             "note": "RATING-MARK-1"},
        ],
    }


def user(role: Role, agent_id: str | None = None, team: str | None = None) -> CurrentUser:
    """An internal user of `role`, linked to an agent of the world (and its team)."""
    return CurrentUser(id=f"{role.value}-{agent_id or 'x'}", role=role, agent_id=agent_id,
                       teams=frozenset({team}) if team else frozenset())


SALES_NORD = user(Role.SALES, "ag1", "Nord")
SUPPORT_SUED = user(Role.SUPPORT, "ag2", "Süd")
ACCOUNTING_NORD = user(Role.ACCOUNTING, "ag3", "Nord")
ADMIN = user(Role.ADMIN, "adm", "IT")
MANAGEMENT = user(Role.MANAGEMENT)
PURCHASING = user(Role.PURCHASING)
EXTERNAL_EVA = CurrentUser(id="eva", role=Role.EXTERNAL, contact_id="c1", organisation_id="o1")


#: strings of the world, per kind of information, that a response may hold only for who may see it
#: (amounts both as JSON numbers and as the dashboard formats them: `8.642,97 €`)
LEAK_MARKERS: dict[str, frozenset[str]] = {
    # master data of the organisations an external user of o1 may not see (names, contacts)
    "other_organisations": frozenset({"Beta AG", "Gamma KG", "Delta SE", "Bea Beta"}),
    # o1's contacts but the external user's own one
    "other_contacts": frozenset({"Otto", "otto@alpha.example"}),
    # billing: invoice numbers and ids, amounts of invoices no other figure adds up to
    "billing": frozenset({"RE-MARK-1", "RE-MARK-3", "RE-MARK-4", "RE-MARK-5", "RE-MARK-ID", "8642.97", "8.642,97",
                          "4711.13", "4.711,13"}),
    # pipeline: quotes
    "pipeline": frozenset({"AN-MARK", "3456.78", "3.456,78"}),
    # purchasing: incoming invoices, purchase orders, supplier ratings
    "purchasing": frozenset({"ER-MARK", "6543.21", "6.543,21", "PO-MARK", "2468.13", "2.468,13", "RATING-MARK"}),
    # service: tickets of o1
    "service": frozenset({"Drucker", "TK-MARK"}),
    # activities: mails and calls
    "activities": frozenset({"Angebot besprochen", "Rückruf"}),
    # a document not marked `external`
    "internal_documents": frozenset({"kalkulation.xlsx"}),
    # the restricted project p2 (team Nord) and what hangs at it: hours, documents, invoices
    "restricted": frozenset({"Geheim", "GEHEIM-MARK", "plan.pdf", "RE-MARK-2"}),
    # o1's revenue with the invoices of the restricted project (12754.08; without them it is 9642.97)
    "restricted_aggregate": frozenset({"12754.08", "12.754,08"}),
    # analytics: the concentration figures (the KPI tiles of the page, the keys of the API's report)
    "analytics": frozenset({"concentration-kpi", '"hhi"', '"gini"', '"top_shares"'}),
}
