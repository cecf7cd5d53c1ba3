"""The organisation list select: only the asked-for columns, optionally for a few ids (spec/analytics.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from analytics.orglist import LIST_COLUMNS, PLAIN_COLUMNS, organisation_list
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.support import seed


def test_plain_columns_read_no_facts() -> None:
    """Organisation list: a sort on plain columns reads organisations (and names) only, no invoices or probes."""
    sql = str(organisation_list(AS_OF, columns=PLAIN_COLUMNS))
    assert "invoices" not in sql and "quotes" not in sql and "account_numbers" not in sql
    assert "invoices" in str(organisation_list(AS_OF, columns=["revenue_12m"]))
    with pytest.raises(ValueError, match="vat_id"):
        organisation_list(AS_OF, columns=["vat_id"])


def test_ids_restrict_rows_and_figures(engine: Engine) -> None:
    """Revenue of the 365 days up to D and open invoices at D, for the given organisations only."""
    seed(engine, org_list_data())
    with engine.connect() as conn:
        full = {r.id: r._mapping for r in conn.execute(organisation_list(AS_OF))}
        some = {r.id: r._mapping for r in conn.execute(organisation_list(AS_OF, ids=["o01", "o04", "o12"]))}
        narrow = conn.execute(organisation_list(AS_OF, columns=["name"], ids=["o02"])).all()
    assert len(full) == 12 and set(some) == {"o01", "o04", "o12"}
    assert all(dict(some[i]) == dict(full[i]) for i in some)
    assert list(some["o01"].keys()) == list(LIST_COLUMNS)
    assert float(some["o01"]["revenue_12m"]) == pytest.approx(6234.56)
    assert [tuple(r) for r in narrow] == [("o02", "Beta AG")]
