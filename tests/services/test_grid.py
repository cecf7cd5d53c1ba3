"""The organisation list for the grid and the record service (style guide §5; spec/analytics.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from core.errors import InvalidInput, NotFound
from services.grid import GridRequest, SortKey, grid_page
from services.listing import BILLING_COLUMNS, OrganisationRow, organisation_names, organisation_rows
from services.record import organisation_record
from services.users import SYSTEM, CurrentUser
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.support import own_accounts_user, seed


def _page(engine: Engine, start: int = 0, end: int = 100, sort: tuple[SortKey, ...] = (),
          filters: dict[str, Any] | None = None, user: CurrentUser = SYSTEM):  # type: ignore[no-untyped-def]
    return grid_page(engine, user, GridRequest(start, end, sort, filters or {}, AS_OF))


@pytest.fixture
def orgs(engine: Engine) -> Engine:
    seed(engine, org_list_data())
    return engine


def test_list_columns_follow_the_spec(orgs: Engine) -> None:
    """Relationships at D, revenue of the 365 days up to D and open invoices at D (spec/analytics.md)."""
    rows = {r.id: r for r in _page(orgs).rows}
    assert len(rows) == 12
    assert rows["o01"].revenue_12m == pytest.approx(6234.56)
    assert rows["o01"].open_amount == pytest.approx(1234.56) and rows["o01"].open_invoices == 1
    assert (rows["o01"].customer, rows["o01"].supplier, rows["o01"].prospect) == (True, True, False)
    assert rows["o01"].key_account_manager == "Anna Agent"
    assert rows["o04"].parent_name == "Alpha GmbH" and rows["o04"].revenue_12m == pytest.approx(800)
    assert rows["o05"].customer is True and rows["o05"].revenue_12m == 0  # invoice one day before the window
    assert rows["o06"].customer is False  # only a cancelled invoice
    # invoice after D: no customer, so no money shown at all (empty, not 0,00 €)
    assert rows["o10"].customer is False and rows["o10"].open_amount is None and rows["o10"].revenue_12m is None
    assert rows["o08"].prospect is True and rows["o07"].supplier is True


def test_sort_with_id_tiebreak_and_non_overlapping_pages(orgs: Engine) -> None:
    """Grid blocks (style guide §5): sort column plus id as tiebreak, so blocks never overlap."""
    sort = (SortKey("revenue_12m", descending=True),)
    whole = _page(orgs, 0, 12, sort).rows
    assert [r.id for r in whole[:4]] == ["o01", "o02", "o03", "o04"]  # o02 and o03 tie at 3000: id decides
    assert [r.id for r in whole[4:]] == ["o05", "o06", "o07", "o08", "o09", "o10", "o11", "o12"]
    blocks = [_page(orgs, s, s + 5, sort) for s in (0, 5, 10)]
    assert [r.id for b in blocks for r in b.rows] == [r.id for r in whole]
    assert {b.row_count for b in blocks} == {12}


def test_sort_ascending_by_text_puts_empty_last(orgs: Engine) -> None:
    """Grid sort (style guide §5): the same order on SQLite and PostgreSQL, empty values last."""
    rows = _page(orgs, sort=(SortKey("city"),)).rows
    assert rows[0].city == "Berlin" and rows[-1].city is None
    assert [r.id for r in rows if r.city == "Darmstadt"] == ["o01", "o07"]


def test_filters_text_number_boolean_and_combined(orgs: Engine) -> None:
    """Grid filters (style guide §5): text contains/equals, number ranges, yes/no, AND/OR conditions."""
    def ids(filters: dict[str, Any]) -> list[str]:
        page = _page(orgs, filters=filters)
        assert page.row_count == len(page.rows)
        return [r.id for r in page.rows]

    assert ids({"name": {"filterType": "text", "type": "contains", "filter": "gmbh"}}) == [
        "o01", "o07", "o10", "o11", "o12"]
    assert ids({"name": {"filterType": "text", "type": "contains", "filter": "%"}}) == ["o12"]
    assert ids({"name": {"filterType": "text", "type": "contains", "filter": "_"}}) == ["o12"]
    assert ids({"city": {"filterType": "text", "type": "equals", "filter": "Darmstadt"}}) == ["o01", "o07"]
    assert ids({"revenue_12m": {"filterType": "number", "type": "greaterThan", "filter": 2999}}) == [
        "o01", "o02", "o03"]
    assert ids({"revenue_12m": {"filterType": "number", "type": "inRange", "filter": 800, "filterTo": 3000}}) == [
        "o02", "o03", "o04"]
    assert ids({"customer": {"filterType": "text", "type": "equals", "filter": "ja"}}) == [
        "o01", "o02", "o03", "o04", "o05"]
    assert ids({"customer": {"filterType": "text", "type": "equals", "filter": "false"},
                "country": {"filterType": "text", "type": "equals", "filter": "DE"}}) == [
        "o06", "o07", "o08", "o10", "o11"]
    assert ids({"city": {"filterType": "text", "operator": "OR", "conditions": [
        {"type": "equals", "filter": "Wien"}, {"type": "equals", "filter": "Zürich"}]}}) == ["o03", "o09"]


@pytest.mark.parametrize("request_args", [
    {"sort": (SortKey("name; drop table organisations"),)},
    {"sort": (SortKey("vat_id"),)},
    {"filters": {"vat_id": {"filterType": "text", "type": "contains", "filter": "x"}}},
    {"filters": {"name": {"filterType": "text", "type": "startsWith", "filter": "A"}}},
    {"filters": {"revenue_12m": {"filterType": "number", "type": "contains", "filter": "1"}}},
    {"filters": {"revenue_12m": {"filterType": "text", "type": "equals", "filter": "1"}}},
    {"filters": {"revenue_12m": {"filterType": "number", "type": "lessThan", "filter": "viel"}}},
    {"filters": {"customer": {"filterType": "text", "type": "equals", "filter": "vielleicht"}}},
    {"filters": {"city": {"filterType": "text", "operator": "XOR", "conditions": [{"type": "equals"}]}}},
    {"start": 10, "end": 5},
    {"start": 0, "end": 5000},
])
def test_unknown_columns_and_filter_types_are_refused(orgs: Engine, request_args: dict[str, Any]) -> None:
    """Grid whitelist (style guide §5): anything not whitelisted raises InvalidInput before reaching SQL."""
    args: dict[str, Any] = {"start": 0, "end": 100, **request_args}
    with pytest.raises(InvalidInput):
        grid_page(orgs, SYSTEM, GridRequest(args["start"], args["end"], args.get("sort", ()),
                                            args.get("filters", {}), AS_OF))


def test_ag_grid_request_is_parsed() -> None:
    """Infinite row model (style guide §5): getRowsRequest becomes a GridRequest; a bad one is InvalidInput."""
    req = GridRequest.from_ag_grid({"startRow": 100, "endRow": 200, "sortModel": [{"colId": "name", "sort": "desc"}],
                                    "filterModel": {"city": {"filterType": "text", "type": "equals", "filter": "x"}}})
    assert (req.start, req.end, req.sort) == (100, 200, (SortKey("name", True),))
    assert req.filters["city"]["filter"] == "x"
    with pytest.raises(InvalidInput):
        GridRequest.from_ag_grid({"startRow": 0, "endRow": 100, "sortModel": [{"colId": "name", "sort": "up"}]})
    with pytest.raises(InvalidInput):
        GridRequest.from_ag_grid({"endRow": 100})


def test_agent_sees_only_own_accounts(orgs: Engine) -> None:
    """Need-to-know (style guide §4): the same call returns different rows for different users."""
    assert _page(orgs).row_count == 12
    agent = own_accounts_user(orgs, "ag2")
    page = _page(orgs, user=agent)
    assert [r.id for r in page.rows] == ["o03", "o05"] and page.row_count == 2
    assert [r.id for r in organisation_rows(orgs, agent, AS_OF)] == ["o05", "o03"]  # by name
    with pytest.raises(NotFound):
        organisation_record(orgs, agent, "o01", AS_OF)


def test_export_rows_stream_every_organisation_by_name(orgs: Engine) -> None:
    """Workbook rows (style guide §4): every visible organisation once, ordered by name."""
    rows = list(organisation_rows(orgs, SYSTEM, AS_OF, batch=5))
    assert len(rows) == 12 and [r.name for r in rows] == sorted(r.name for r in rows)


def test_record_has_summary_contacts_tiles_and_timeline(orgs: Engine) -> None:
    """Customer record (spec/analytics.md, tiles): one organisation with its people, tiles and touches."""
    record = organisation_record(orgs, SYSTEM, "o01", AS_OF, now=datetime(2026, 3, 15, 12))
    assert record.summary.name == "Alpha GmbH" and record.summary.customer is True
    assert [c.last_name for c in record.contacts] == ["Aydin", "Muster"]
    assert record.tiles.invoices.open_count == 1
    assert record.tiles.invoices.open_amount == pytest.approx(1234.56)
    assert [(e.kind, e.ref) for e in record.timeline] == [("invoice", "i02"), ("invoice", "i01")]
    with pytest.raises(NotFound):
        organisation_record(orgs, SYSTEM, "nope", AS_OF)


def _reference(rows: list[OrganisationRow], col: str, descending: bool) -> list[str]:
    """The grid's order computed in Python: the column (empty last), then the id. A non-customer's money is shown
    empty but sorts as the 0 it is (revenue and open items need an invoice on or before D)."""
    def value(r: OrganisationRow) -> object:
        shown = getattr(r, col)
        return 0 if shown is None and col in BILLING_COLUMNS and not r.customer else shown

    ids = sorted(rows, key=lambda r: r.id)
    present = sorted((r for r in ids if value(r) is not None), key=value, reverse=descending)
    return [r.id for r in present + [r for r in ids if value(r) is None]]


@pytest.mark.parametrize(("col", "descending", "filters"), [
    ("name", False, {}),
    ("name", True, {"country": {"filterType": "text", "type": "equals", "filter": "DE"}}),
    ("city", True, {}),
    ("key_account_manager", False, {}),
    ("parent_name", False, {"customer": {"filterType": "text", "type": "equals", "filter": "ja"}}),
    ("revenue_12m", True, {"city": {"filterType": "text", "type": "contains", "filter": "a"}}),
    ("open_amount", False, {"revenue_12m": {"filterType": "number", "type": "lessThan", "filter": 3000}}),
    ("customer_number", False, {}),
])
def test_blocks_chosen_first_match_the_full_list(orgs: Engine, col: str, descending: bool,
                                                 filters: dict[str, Any]) -> None:
    """Grid blocks (style guide §5): ids chosen first, figures for the block only; same rows, order and count."""
    every = list(organisation_rows(orgs, SYSTEM, AS_OF))
    whole = _page(orgs, 0, 100, (SortKey(col, descending),), filters)
    expected = [i for i in _reference(every, col, descending) if i in {r.id for r in whole.rows}]
    assert [r.id for r in whole.rows] == expected and whole.row_count == len(expected)
    blocks = [_page(orgs, s, s + 3, (SortKey(col, descending),), filters) for s in range(0, 12, 3)]
    assert [r.id for b in blocks for r in b.rows] == expected
    assert {b.row_count for b in blocks} == {len(expected)}
    by_id = {r.id: r for r in every}
    assert all(r == by_id[r.id] for b in blocks for r in b.rows)  # every figure as in the full list


def test_count_applies_only_the_filters_used(orgs: Engine) -> None:
    """Grid row count (style guide §5): the filtered rows, whatever block or sort was asked for."""
    supplier = {"supplier": {"filterType": "text", "type": "equals", "filter": "ja"}}
    late = _page(orgs, 10, 20, (SortKey("revenue_12m", True),))
    assert late.row_count == 12 and [r.id for r in late.rows] == ["o11", "o12"]
    page = _page(orgs, 0, 1, (), supplier)
    assert page.row_count == 2 and len(page.rows) == 1
    assert _page(orgs, 50, 60).rows == [] and _page(orgs, 50, 60).row_count == 12


def test_names_for_figures_respect_need_to_know(orgs: Engine) -> None:
    """Need-to-know (style guide §4): names are given only for organisations the user may see."""
    assert organisation_names(orgs, SYSTEM, ["o01", "o03", "nope"]) == {"o01": "Alpha GmbH", "o03": "Gamma KG"}
    assert organisation_names(orgs, own_accounts_user(orgs, "ag2"), ["o01", "o03"]) == {"o03": "Gamma KG"}
    assert organisation_names(orgs, SYSTEM, []) == {}


def test_record_keeps_numbers_as_written_and_in_e164(engine: Engine) -> None:
    """Phones (interchange.md): kept as written; E.164 alongside for dialling."""
    data = org_list_data()
    data["organisations"][0]["phone"] = "+49 (0)6151 1234-0"
    data["contacts"][0].update(phone="06151 1234-56", mobile="0171 2345678")
    seed(engine, data)
    record = organisation_record(engine, SYSTEM, "o01", AS_OF)
    assert (record.detail.phone, record.detail.phone_e164) == ("+49 (0)6151 1234-0", "+49615112340")
    maria = next(c for c in record.contacts if c.last_name == "Muster")
    assert (maria.phone, maria.phone_e164) == ("06151 1234-56", "+496151123456")
    assert (maria.mobile, maria.mobile_e164) == ("0171 2345678", "+491712345678")
