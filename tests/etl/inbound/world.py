"""A small company for inbound tests: two agents at ourco.de and the organisations the sample files name.

The files under `data/` are written against exactly these rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tests.support import seed

DATA = Path(__file__).parent / "data"
REALWORLD = DATA / "realworld"

WORLD: dict[str, list[dict[str, Any]]] = {
    "agents": [
        {"id": "a1", "name": "Sabine König", "email": "S.Koenig@ourco.de"},
        {"id": "a2", "name": "Tom Becker", "email": "t.becker@ourco.de"},
        {"id": "a3", "name": "Private Mail", "email": "agent.private@gmail.com"},
    ],
    "organisations": [
        {"id": "o1", "name": "Heyer Plan GmbH", "email_domains": "heyer-plan.de", "phone": "+49 6151 1234-0",
         "key_account_manager_id": "a1", "deputy_id": "a2", "vip": True},
        {"id": "o2", "name": "Müller AG", "email_domains": "mueller-ag.de", "key_account_manager_id": "a2",
         "vip": False},
        {"id": "o3", "name": "Shared Holding Nord", "email_domains": "shared-holding.de", "vip": False},
        {"id": "o4", "name": "Shared Holding Süd", "email_domains": "shared-holding.de; sued.example", "vip": False},
        {"id": "o6", "name": "Kunde Sechs KG", "email_domains": "kunde-sechs.de", "vip": False},
        {"id": "o7", "name": "Fremdfirma", "phone": "+49 40 777 888", "vip": False},
    ],
    "contacts": [
        {"id": "c2", "organisation_id": "o2", "first_name": "Jürgen", "last_name": "Müller",
         "email": "J.Mueller@mueller-ag.de", "phone": "06151 12345"},
        {"id": "c3", "organisation_id": "o3", "last_name": "Nord", "mobile": "0171 5550001"},
        {"id": "c4", "organisation_id": "o4", "last_name": "Süd", "phone": "+49 171 5550001"},
    ],
    "tickets": [
        {"id": "t1", "organisation_id": "o2", "status": "open", "opened_at": "2026-03-01T10:00:00"},
        {"id": "t2", "organisation_id": "o2", "status": "open", "opened_at": "2026-03-02T10:00:00"},
        {"id": "t3", "organisation_id": "o2", "status": "closed", "opened_at": "2026-02-01T10:00:00",
         "closed_at": "2026-02-02T10:00:00"},
    ],
}


def seed_world(engine: Engine) -> None:
    """Insert the inbound test company."""
    seed(engine, WORLD)
