"""A dozen organisations across all three relationships, for list, export, API and dashboard tests."""

from __future__ import annotations

from datetime import date
from typing import Any

#: the as-of date the data is made for
AS_OF = date(2026, 3, 15)


def org_list_data() -> dict[str, list[dict[str, Any]]]:
    """Twelve organisations: customers with revenue, suppliers, prospects, a group tree, two agents."""
    orgs: list[dict[str, Any]] = [
        {"id": "o01", "name": "Alpha GmbH", "city": "Darmstadt", "country": "DE", "key_account_manager_id": "ag1"},
        {"id": "o02", "name": "Beta AG", "city": "Frankfurt", "country": "DE", "key_account_manager_id": "ag1"},
        {"id": "o03", "name": "Gamma KG", "city": "Wien", "country": "AT", "key_account_manager_id": "ag2"},
        {"id": "o04", "name": "Delta SE", "city": "München", "country": "DE", "parent_id": "o01"},
        {"id": "o05", "name": "Epsilon Ltd", "city": "London", "country": "GB", "deputy_id": "ag2"},
        {"id": "o06", "name": "Zeta OHG", "city": "Mainz", "country": "DE"},
        {"id": "o07", "name": "Eta GmbH", "city": "Darmstadt", "country": "DE"},
        {"id": "o08", "name": "Theta e.K.", "city": "Köln", "country": "DE"},
        {"id": "o09", "name": "Iota AG", "city": "Zürich", "country": "CH"},
        {"id": "o10", "name": "Kappa GmbH", "city": "Berlin", "country": "DE"},
        {"id": "o11", "name": "Lambda GmbH & Co. KG", "city": "Hamburg", "country": "DE"},
        {"id": "o12", "name": "My 100% Partner_GmbH", "city": None, "country": None},
    ]
    invoices = [
        # customers with revenue in the 365 days up to AS_OF
        ("i01", "o01", "2026-01-10", 5000.0, "paid"),
        ("i02", "o01", "2026-03-01", 1234.56, "open"),
        ("i03", "o02", "2025-06-01", 3000.0, "paid"),
        ("i04", "o03", "2026-02-01", 3000.0, "paid"),
        ("i05", "o04", "2025-03-16", 800.0, "open"),
        ("i06", "o05", "2025-03-15", 999.0, "paid"),  # one day before the window
        ("i07", "o06", "2026-02-02", 700.0, "cancelled"),
        ("i08", "o10", "2026-03-16", 400.0, "open"),  # after AS_OF
    ]
    return {
        "agents": [{"id": "ag1", "name": "Anna Agent"}, {"id": "ag2", "name": "Bernd Berater"}],
        "organisations": orgs,
        "contacts": [
            {"id": "c1", "organisation_id": "o01", "first_name": "Maria", "last_name": "Muster",
             "function": "Einkauf", "email": "maria@alpha.example"},
            {"id": "c2", "organisation_id": "o01", "first_name": "Ali", "last_name": "Aydin"},
        ],
        "invoices": [{"id": i, "organisation_id": o, "invoice_date": d, "amount_net": a, "status": s,
                      "dunning_level": 0} for i, o, d, a, s in invoices],
        "incoming_invoices": [
            {"id": "e1", "organisation_id": "o07", "invoice_date": "2026-01-05", "amount_net": 100, "status": "paid"},
            {"id": "e2", "organisation_id": "o01", "invoice_date": "2026-01-06", "amount_net": 100, "status": "open"},
        ],
        "quotes": [
            {"id": "q1", "organisation_id": "o08", "quote_date": "2026-03-01", "amount_net": 900, "status": "open"},
        ],
    }
