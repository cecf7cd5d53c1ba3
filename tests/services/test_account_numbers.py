"""Customer and supplier numbers (spec/analytics.md, "Relationships": handed out once the relationship exists,
from separate configurable ranges, never reused)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, insert, select, update

from analytics.relationships import relationships
from core.businessconfig import BusinessConfig, NumberRange, save_config
from core.schema import AccountNumber, Invoice, PurchaseOrder
from core.schema.admin import RelationshipStart
from services.commands.account_numbers import NumberRangeExhausted, assign_account_numbers
from tests.analytics.abc.rows import incoming, invoice, org, project
from tests.support import seed


def assign(engine: Engine, as_of: date) -> int:
    with engine.begin() as conn:
        return assign_account_numbers(conn, as_of)


def numbers(engine: Engine) -> dict[tuple[str, str], tuple[str, date | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(AccountNumber.organisation_id, AccountNumber.role, AccountNumber.number,
                                   AccountNumber.valid_from)).all()
    return {(o, r): (n, v) for o, r, n, v in rows}


def shown(engine: Engine, as_of: date) -> dict[str, tuple[str | None, str | None]]:
    with engine.connect() as conn:
        frame = relationships(conn, as_of)
    def text(v: object) -> str | None:
        return None if pd.isna(v) else str(v)

    return {r.organisation_id: (text(r.customer_number), text(r.supplier_number)) for r in frame.itertuples()}


def test_numbers_only_once_the_relationship_exists_in_start_order(engine: Engine) -> None:
    """Numbers: handed out in order of relationship start, then id; valid_from is the start; none before it."""
    seed(engine, {
        "organisations": [org("b"), org("a"), org("late"), org("none"),
                          org("fix", mode="fixed", fixed_roles="customer")],
        "invoices": [invoice("i1", "b", "2024-02-01", 10), invoice("i2", "a", "2024-03-01", 10),
                     invoice("i3", "late", "2024-09-01", 10), invoice("i4", "none", "2024-01-01", 10, "cancelled")],
        "projects": [project("p1", "a", "customer", "2024-02-01")],
    })
    assert assign(engine, date(2024, 6, 30)) == 3
    assert numbers(engine) == {
        ("fix", "customer"): ("100000", None),
        ("a", "customer"): ("100001", date(2024, 2, 1)),
        ("b", "customer"): ("100002", date(2024, 2, 1)),
    }
    assert assign(engine, date(2024, 6, 30)) == 0
    assert assign(engine, date(2024, 12, 31)) == 1
    assert numbers(engine)[("late", "customer")] == ("100003", date(2024, 9, 1))
    assert shown(engine, date(2024, 8, 31))["late"] == (None, None)
    assert shown(engine, date(2024, 9, 1))["late"] == ("100003", None)
    assert shown(engine, date(2024, 1, 31)) == {"a": (None, None), "b": (None, None), "late": (None, None),
                                                "none": (None, None), "fix": ("100000", None)}


def test_separate_ranges_for_customers_and_suppliers(engine: Engine) -> None:
    """Numbers: customer and supplier numbers come from separate configurable ranges."""
    seed(engine, {
        "organisations": [org("both"), org("sup")],
        "invoices": [invoice("i1", "both", "2024-01-01", 10)],
        "incoming_invoices": [incoming("n1", "both", "2024-01-05", 10), incoming("n2", "sup", "2024-01-02", 10)],
    })
    with engine.begin() as conn:
        save_config(conn, BusinessConfig(customer_numbers=NumberRange(first=10000, last=19999),
                                         supplier_numbers=NumberRange(first=70000, last=79999)))
    assert assign(engine, date(2024, 2, 1)) == 3
    assert numbers(engine) == {("both", "customer"): ("10000", date(2024, 1, 1)),
                               ("sup", "supplier"): ("70000", date(2024, 1, 2)),
                               ("both", "supplier"): ("70001", date(2024, 1, 5))}
    assert shown(engine, date(2024, 1, 3)) == {"both": ("10000", None), "sup": (None, "70000")}


def test_numbers_are_never_reused(engine: Engine) -> None:
    """Numbers: the next number is the highest ever handed out plus one; a lost customer keeps its number."""
    seed(engine, {
        "organisations": [org("a"), org("b"), org("c")],
        "invoices": [invoice("i1", "a", "2024-01-01", 10), invoice("i2", "b", "2024-01-02", 10)],
    })
    assign(engine, date(2024, 2, 1))
    with engine.begin() as conn:
        conn.execute(update(Invoice).where(Invoice.id == "i2").values(status="cancelled"))
        conn.execute(update(AccountNumber).where(AccountNumber.organisation_id == "a").values(number="100050"))
    seed(engine, {"invoices": [invoice("i3", "c", "2024-01-03", 10)]})
    assert assign(engine, date(2024, 2, 1)) == 1
    got = numbers(engine)
    assert got[("b", "customer")] == ("100001", date(2024, 1, 2))
    assert got[("c", "customer")] == ("100051", date(2024, 1, 3))


def test_exhausted_range_is_a_clear_error(engine: Engine) -> None:
    """Numbers: when the configured range has no free number left, the command refuses with a clear error."""
    seed(engine, {
        "organisations": [org("a"), org("b"), org("c")],
        "invoices": [invoice(f"i{x}", x, "2024-01-01", 10) for x in ("a", "b", "c")],
    })
    with engine.begin() as conn:
        save_config(conn, BusinessConfig(customer_numbers=NumberRange(first=100, last=101)))
    with pytest.raises(NumberRangeExhausted, match="100-101 is exhausted"):
        assign(engine, date(2024, 2, 1))
    assert numbers(engine) == {}


def test_back_dated_document_moves_valid_from(engine: Engine) -> None:
    """Numbers: valid_from is the date the relationship began, also when an earlier document arrives later."""
    seed(engine, {"organisations": [org("a")], "invoices": [invoice("i1", "a", "2024-05-01", 10)]})
    assign(engine, date(2024, 6, 1))
    seed(engine, {"invoices": [invoice("i0", "a", "2024-03-01", 10)]})
    assign(engine, date(2024, 6, 1))
    assert numbers(engine) == {("a", "customer"): ("100000", date(2024, 3, 1))}


def starts(engine: Engine) -> dict[str, tuple[date | None, date | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(RelationshipStart.organisation_id, RelationshipStart.customer_since,
                                   RelationshipStart.supplier_since)).all()
    return {o: (c, s) for o, c, s in rows}


def test_starts_follow_the_facts_after_every_import(engine: Engine) -> None:
    """Relationships: the import's number step recomputes when each role began (a cancelled first invoice moves it)."""
    seed(engine, {
        "organisations": [org("a"), org("s"), org("nothing")],
        "invoices": [invoice("i1", "a", "2024-03-01", 10), invoice("i2", "a", "2024-05-01", 10)],
        "incoming_invoices": [incoming("n1", "s", "2024-04-01", 10, "cancelled")],
        "projects": [project("p1", "s", "contractor", "2024-06-01"), project("p2", "a", "internal", "2020-01-01")],
    })
    assign(engine, date(2024, 12, 31))
    assert starts(engine) == {"a": (date(2024, 3, 1), None), "s": (None, date(2024, 6, 1))}
    with engine.begin() as conn:  # facts change without seed(), as a re-import would change them
        conn.execute(update(Invoice).where(Invoice.id == "i1").values(status="cancelled"))
        conn.execute(insert(PurchaseOrder).values(id="po1", organisation_id="s", order_date=date(2024, 2, 1),
                                                  amount_net=5, status=None))
    assign(engine, date(2024, 12, 31))
    assert starts(engine) == {"a": (date(2024, 5, 1), None), "s": (None, date(2024, 2, 1))}
    assert not relationships_at(engine, date(2024, 4, 30))["a"]
    with engine.begin() as conn:
        conn.execute(insert(Invoice).values(id="i0", organisation_id="a", invoice_date=date(2023, 11, 2),
                                            amount_net=7, status="open", dunning_level=0))
    assign(engine, date(2024, 12, 31))
    assert starts(engine)["a"] == (date(2023, 11, 2), None)
    assert relationships_at(engine, date(2023, 11, 2))["a"]
    assert numbers(engine)[("a", "customer")] == ("100000", date(2023, 11, 2))


def relationships_at(engine: Engine, as_of: date) -> dict[str, bool]:
    with engine.connect() as conn:
        frame = relationships(conn, as_of)
    return dict(zip(frame["organisation_id"], frame["customer"], strict=True))
