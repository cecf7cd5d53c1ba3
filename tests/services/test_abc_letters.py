"""The record header's ABC letters: per relationship held, ranked company-wide (spec/analytics.md, "ABC")."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from core.errors import NotFound
from services.abc import abc_letters
from services.users import SYSTEM
from tests.analytics.abc.rows import incoming, invoice, org, quote, worked_example
from tests.support import own_accounts_user, seed

D = date(2025, 6, 30)


@pytest.fixture
def company(engine: Engine) -> Engine:
    """The help's worked example (ag1 the key account manager of e), f invoiced long ago, a also a supplier and
    c with a quote."""
    rows = worked_example("e")
    rows["organisations"].append({**org("f"), "key_account_manager_id": None})
    rows["invoices"].append(invoice("old", "f", "2023-01-01", 900))
    seed(engine, {**rows, "incoming_invoices": [incoming("n1", "a", "2025-04-01", 50)],
                  "quotes": [quote("q1", "c", "2025-06-01", 10)]})
    return engine


def test_letters_per_relationship_held(company: Engine) -> None:
    """500, 400, 300, 200, 100 are A, B, B, B, C; no letter without movement; only relationships held."""
    assert abc_letters(company, SYSTEM, "a", D) == {"customer": "A", "supplier": None}  # no rating in 90 days
    assert abc_letters(company, SYSTEM, "c", D) == {"customer": "B"}  # a customer is no prospect
    assert abc_letters(company, SYSTEM, "f", D) == {"customer": None}  # invoice outside the window
    assert abc_letters(company, SYSTEM, "f", date(2022, 12, 31)) == {}  # nothing held yet


def test_letters_are_company_wide_but_need_to_know_applies(company: Engine) -> None:
    """An agent sees the same letter as everyone for their own account, and nothing of others."""
    assert abc_letters(company, own_accounts_user(company, "ag1"), "e", D) == {"customer": "C"}
    with pytest.raises(NotFound):
        abc_letters(company, own_accounts_user(company, "ag1"), "a", D)
    with pytest.raises(NotFound):
        abc_letters(company, SYSTEM, "nope", D)
