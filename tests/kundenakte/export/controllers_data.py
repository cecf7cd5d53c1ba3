"""A small company for the controllers' workbook: the lists' world (tests/services/test_lists.py) plus open items on
both sides, a last touch, a postcode with a leading zero, and customers whose names a spreadsheet would take for
formulas (OWASP ASVS 1.2.10)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from services.commands.account_numbers import assign_account_numbers
from tests.services.test_lists import D, day, world
from tests.support import seed

#: id -> name of the customers whose names start with = + - @ tab (one id starts with "-" too)
HOSTILE = {"c4": '=HYPERLINK("x") Delta', "h1": "+1 Plus GmbH", "h2": "-2 Minus AG", "-h3": "@SUM(A1:A2)",
           "h4": "\tTab KG"}
#: customers c1 and c2, supplier s1: open at D (c1 300.50 still open, c2 200 paid only after D; s1 250.25 open)
OPEN_AT_D = {"c1": 300.5, "c2": 200.0, "s1": 250.25}


def controllers_world() -> dict[str, list[dict[str, Any]]]:
    data = world()
    for org in data["organisations"]:
        if org["id"] == "c1":
            org["postcode"] = "01067"
    data["organisations"] += [
        {"id": "h1", "name": HOSTILE["h1"], "city": "\rWagenrücklauf"},
        {"id": "h2", "name": HOSTILE["h2"]},
        {"id": "-h3", "name": HOSTILE["-h3"], "postcode": "-0815"},
        {"id": "h4", "name": HOSTILE["h4"]},
    ]
    paid = {"status": "paid", "dunning_level": 0}
    data["invoices"] += [
        {**paid, "id": f"ih{o}", "organisation_id": o, "invoice_date": day(-5), "amount_net": 10.0 * (n + 1)}
        for n, o in enumerate(("h1", "h2", "-h3", "h4"))]
    data["invoices"] += [
        {"id": "io1", "organisation_id": "c1", "invoice_date": day(-20), "amount_net": 300.5, "status": "open",
         "dunning_level": 1},
        {**paid, "id": "io2", "organisation_id": "c2", "invoice_date": day(-30), "amount_net": 200.0,
         "paid_date": day(5)},
        {"id": "io3", "organisation_id": "c1", "invoice_date": day(3), "amount_net": 999.0, "status": "open",
         "dunning_level": 0},  # after D: neither revenue nor open at D
    ]
    data["incoming_invoices"] += [
        {"id": "eo1", "organisation_id": "s1", "invoice_date": day(-10), "amount_net": 250.25, "status": "open"},
        {"id": "eo2", "organisation_id": "s1", "invoice_date": day(1), "amount_net": 1000.0, "status": "open"},
    ]
    data["contacts"] = [{"id": "x1", "organisation_id": "c1", "last_name": "Extern"}]
    data["activities"] = [
        {"id": "a1", "kind": "email", "occurred_at": f"{day(-2)}T10:30:00", "organisation_id": "c1"},
        {"id": "a2", "kind": "call", "occurred_at": f"{day(1)}T09:00:00", "organisation_id": "c1"},  # after D
    ]
    return data


def seed_controllers(engine: Engine) -> Engine:
    seed(engine, controllers_world())
    with engine.begin() as conn:
        assign_account_numbers(conn, D)
    return engine


__all__ = ["HOSTILE", "OPEN_AT_D", "D", "controllers_world", "seed_controllers"]
