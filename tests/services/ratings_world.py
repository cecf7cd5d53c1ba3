"""Three suppliers and a customer for the ratings tests (spec/analytics.md, "ABC classification", model `ratings`).

At D = 2026-03-15, window 90 days (2025-12-16 ... 2026-03-15), weights 1:1:1:

    s1 Schrauben AG   ratings 2026-01-10 (4, 4, 4) and 2026-03-01 (2, 3, 4): averages 3 / 3.5 / 4, score 3.5;
                      at its previous rating date 4.0, at its latest 3.5: change -0.5; letter B (rank 2 of 2)
    s2 Muttern GmbH   rating 2025-10-01 (5, 5, 5) only, outside the window: no score, no letter, no trend
    s3 Draht KG       rating 2026-02-01 (5, 4, 3): score 4.0, letter A (rank 1 of 2); KAM ag5
    c1 Kunde SE       a customer (outgoing invoice), no supplier: not listed although it has a rating
"""

from __future__ import annotations

from datetime import date
from typing import Any

AS_OF = date(2026, 3, 15)


def ratings_data() -> dict[str, list[dict[str, Any]]]:
    return {
        "agents": [{"id": "ag5", "name": "Paul Einkauf", "team": "Einkauf", "role": "purchasing"},
                   {"id": "ag6", "name": "Petra Einkauf", "team": "Einkauf", "role": "purchasing"}],
        "organisations": [
            {"id": "s1", "name": "Schrauben AG"},
            {"id": "s2", "name": "Muttern GmbH"},
            {"id": "s3", "name": "Draht KG", "key_account_manager_id": "ag5"},
            {"id": "c1", "name": "Kunde SE"},
        ],
        "incoming_invoices": [
            {"id": f"ii-{o}", "organisation_id": o, "invoice_date": "2025-06-01", "amount_net": 100, "status": "paid"}
            for o in ("s1", "s2", "s3")
        ],
        "invoices": [{"id": "i1", "organisation_id": "c1", "invoice_date": "2025-06-01", "amount_net": 100,
                      "status": "paid"}],
        "supplier_ratings": [
            {"organisation_id": "s1", "rated_at": "2026-01-10", "time": 4, "quality": 4, "cost": 4, "agent_id": "ag5"},
            {"organisation_id": "s1", "rated_at": "2026-03-01", "time": 2, "quality": 3, "cost": 4, "agent_id": "ag6",
             "note": "Lieferung verspätet"},
            {"organisation_id": "s2", "rated_at": "2025-10-01", "time": 5, "quality": 5, "cost": 5, "agent_id": "ag5"},
            {"organisation_id": "s3", "rated_at": "2026-02-01", "time": 5, "quality": 4, "cost": 3, "agent_id": "ag5"},
            {"organisation_id": "c1", "rated_at": "2026-02-01", "time": 1, "quality": 1, "cost": 1},
        ],
    }
