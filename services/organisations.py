"""Organisations as a user may see them: the paged list for the grid, the full list for exports, one record.

The grid protocol is AG Grid's infinite row model (startRow, endRow, sortModel,
filterModel). Column ids and filter types from the browser pass a whitelist
before they touch SQL; anything else is `InvalidInput`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, Engine, Select, and_, func, or_, select, true

from analytics.abc import tune_for_analytics
from analytics.orglist import NOT_NULL_COLUMNS, organisation_list
from analytics.tiles import RecordTiles, record_tiles
from analytics.timeline import TimelineEntry, timeline
from core.errors import InvalidInput, NotFound
from core.schema import Contact, Organisation
from services.users import CurrentUser

Kind = Literal["text", "number", "boolean"]

#: colId -> kind; the colId is also the column's name in `analytics.orglist.organisation_list`
COLUMNS: dict[str, Kind] = {
    "id": "text", "name": "text", "parent_id": "text", "parent_name": "text", "city": "text", "country": "text",
    "prospect": "boolean", "customer": "boolean", "supplier": "boolean",
    "customer_number": "text", "supplier_number": "text", "key_account_manager": "text",
    "revenue_12m": "number", "open_invoices": "number", "open_amount": "number",
}
#: filter types per kind (AG Grid's names); booleans use the text filter with `equals`
FILTER_TYPES: dict[Kind, frozenset[str]] = {
    "text": frozenset({"contains", "equals"}),
    "number": frozenset({"equals", "lessThan", "greaterThan", "inRange"}),
    "boolean": frozenset({"equals"}),
}
FILTER_KIND: dict[Kind, str] = {"text": "text", "number": "number", "boolean": "text"}
#: the most rows one request may ask for (AG Grid asks for cacheBlockSize rows)
MAX_BLOCK = 1000
TRUE_WORDS = {"true": True, "1": True, "ja": True, "yes": True, "false": False, "0": False, "nein": False, "no": False}


@dataclass(frozen=True)
class SortKey:
    """One sort column: a whitelisted colId and the direction."""

    col_id: str
    descending: bool = False


@dataclass(frozen=True)
class GridRequest:
    """One block of the list: rows start ... end-1, sorted and filtered (AG Grid models)."""

    start: int
    end: int
    sort: tuple[SortKey, ...] = ()
    filters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    as_of: date | None = None

    @classmethod
    def from_ag_grid(cls, request: Mapping[str, Any], as_of: date | None = None) -> GridRequest:
        """Parse dash-ag-grid's `getRowsRequest`; a malformed request is `InvalidInput`."""
        try:
            sort = tuple(SortKey(str(s["colId"]), _direction(s.get("sort"))) for s in request.get("sortModel") or ())
            return cls(int(request["startRow"]), int(request["endRow"]), sort,
                       dict(request.get("filterModel") or {}), as_of)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"malformed grid request: {exc}") from exc


@dataclass(frozen=True)
class OrganisationRow:
    """One line of the organisation list (the grid, the API and the workbook)."""

    id: str
    name: str
    parent_id: str | None
    parent_name: str | None
    city: str | None
    country: str | None
    prospect: bool
    customer: bool
    supplier: bool
    customer_number: str | None
    supplier_number: str | None
    key_account_manager_id: str | None
    key_account_manager: str | None
    revenue_12m: float
    open_invoices: int
    open_amount: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


ROW_FIELDS = tuple(f.name for f in fields(OrganisationRow))


@dataclass(frozen=True)
class GridPage:
    """The rows of one block and the number of rows matching the filters."""

    rows: list[OrganisationRow]
    row_count: int


@dataclass(frozen=True)
class ContactRow:
    """A person at the organisation, as shown on the record."""

    id: str
    first_name: str | None
    last_name: str
    function: str | None
    email: str | None
    #: as written in the source, and in E.164 for dialling
    phone: str | None
    mobile: str | None
    phone_e164: str | None = None
    mobile_e164: str | None = None


@dataclass(frozen=True)
class OrganisationDetail:
    """Master data shown at the head of the record."""

    street: str | None
    postcode: str | None
    #: as written in the source (`+49 (0)6151 123-45`), and in E.164 for dialling
    phone: str | None
    phone_e164: str | None
    website: str | None
    vip: bool
    sla_hours: float | None
    service_note: str | None


@dataclass(frozen=True)
class OrganisationRecord:
    """The customer record of one organisation as of a date."""

    as_of: date
    summary: OrganisationRow
    detail: OrganisationDetail
    contacts: list[ContactRow]
    tiles: RecordTiles
    timeline: list[TimelineEntry]


def _direction(value: object) -> bool:
    if value not in ("asc", "desc"):
        raise InvalidInput(f"unknown sort direction {value!r}")
    return value == "desc"


def visible_organisations(user: CurrentUser, organisation_id: ColumnElement[str]) -> ColumnElement[bool]:
    """Need-to-know as a SQL clause: everything for admins and the system, else the user's own accounts.

    Until the sign-in issue brings the full policy, an agent sees the organisations
    where they are key account manager or deputy.
    """
    if user.sees_everything:
        return true()
    own = select(Organisation.id).where(
        or_(Organisation.key_account_manager_id == user.id, Organisation.deputy_id == user.id))
    return organisation_id.in_(own)


def _column(col_id: str) -> tuple[str, Kind]:
    kind = COLUMNS.get(col_id)
    if kind is None:
        raise InvalidInput(f"unknown column {col_id!r}")
    return col_id, kind


def _number(value: object, col_id: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(f"filter on {col_id!r}: not a number: {value!r}")
    try:
        return float(value)
    except ValueError as exc:
        raise InvalidInput(f"filter on {col_id!r}: not a number: {value!r}") from exc


def _condition(col: ColumnElement[Any], col_id: str, kind: Kind, model: Mapping[str, Any]) -> ColumnElement[bool]:
    """One AG Grid filter condition, through the whitelist of filter types for the column's kind."""
    ftype = model.get("type")
    if ftype not in FILTER_TYPES[kind]:
        raise InvalidInput(f"filter type {ftype!r} not allowed on column {col_id!r}")
    value = model.get("filter")
    if kind == "text":
        text = str(value or "")
        return func.lower(col).contains(text.lower(), autoescape=True) if ftype == "contains" else col == text
    if kind == "boolean":
        word = str(value).strip().lower()
        if word not in TRUE_WORDS:
            raise InvalidInput(f"filter on {col_id!r}: not a yes/no value: {value!r}")
        return col.is_(True) if TRUE_WORDS[word] else col.is_not(True)
    number = _number(value, col_id)
    if ftype == "equals":
        return col == number
    if ftype == "lessThan":
        return col < number
    if ftype == "greaterThan":
        return col > number
    return col.between(number, _number(model.get("filterTo"), col_id))


def _filter(col: ColumnElement[Any], col_id: str, kind: Kind, model: Mapping[str, Any]) -> ColumnElement[bool]:
    """A column's filter model: one condition, or several joined by AND/OR."""
    if not isinstance(model, Mapping):
        raise InvalidInput(f"malformed filter on {col_id!r}")
    if model.get("filterType", FILTER_KIND[kind]) != FILTER_KIND[kind]:
        raise InvalidInput(f"filter type {model.get('filterType')!r} not allowed on column {col_id!r}")
    if "conditions" in model:
        parts = [_condition(col, col_id, kind, c) for c in model["conditions"]]
        operator = model.get("operator", "AND")
        if operator not in ("AND", "OR") or not parts:
            raise InvalidInput(f"malformed combined filter on {col_id!r}")
        return or_(*parts) if operator == "OR" else and_(*parts)
    return _condition(col, col_id, kind, model)


def _scoped(user: CurrentUser, as_of: date, columns: Iterable[str], filters: Mapping[str, Mapping[str, Any]],
            ids: Sequence[str] | None = None) -> Select:
    """The visible organisations with `columns` (and the filtered ones), filtered; figures only where asked for."""
    kinds = {col_id: _column(col_id)[1] for col_id in filters}
    lst = organisation_list(as_of, columns={*columns, *filters}, ids=ids).subquery("orglist")
    query = select(*[col for col in lst.c if col.key in columns or col.key == "id"])
    query = query.where(visible_organisations(user, lst.c.id))
    for col_id, model in filters.items():
        query = query.where(_filter(lst.c[col_id], col_id, kinds[col_id], model))
    return query


def _row(r: Any) -> OrganisationRow:
    m = r._mapping
    return OrganisationRow(**{
        **m, "prospect": bool(m["prospect"]), "customer": bool(m["customer"]), "supplier": bool(m["supplier"]),
        "revenue_12m": round(float(m["revenue_12m"]), 2), "open_invoices": int(m["open_invoices"]),
        "open_amount": round(float(m["open_amount"]), 2),
    })


def _order(col: ColumnElement[Any], col_id: str, descending: bool) -> ColumnElement[Any]:
    """Empty values last on both databases; a column that is never empty keeps a plain order its index serves."""
    ordered = col.desc() if descending else col.asc()
    return ordered if col_id in NOT_NULL_COLUMNS else ordered.nulls_last()


def _page_rows(conn: Connection, as_of: date, ids: Sequence[str]) -> list[OrganisationRow]:
    """The full list rows of `ids` (figures computed for these organisations only), in the order of `ids`."""
    if not ids:
        return []
    found = {r.id: _row(r) for r in conn.execute(organisation_list(as_of, ids=ids))}
    return [found[i] for i in ids if i in found]


def grid_page(engine: Engine, user: CurrentUser, request: GridRequest) -> GridPage:
    """One block of the organisation list for the grid, sorted by the request plus the id, and the row count.

    The block's ids are chosen with only the sorted and filtered columns computed (a sort by name reads
    `organisations` alone); the figures of the block's rows follow for those ids only, and the count
    computes only the filtered columns.
    """
    if request.start < 0 or request.end <= request.start or request.end - request.start > MAX_BLOCK:
        raise InvalidInput(f"rows {request.start}..{request.end} are not a block of at most {MAX_BLOCK}")
    as_of = request.as_of or date.today()
    sort_ids = [_column(key.col_id)[0] for key in request.sort]
    chosen = _scoped(user, as_of, sort_ids, request.filters).subquery("chosen")
    order = [_order(chosen.c[key.col_id], key.col_id, key.descending) for key in request.sort]
    page = select(chosen.c.id).order_by(*order, chosen.c.id).offset(request.start).limit(request.end - request.start)
    counted = _scoped(user, as_of, (), request.filters).subquery("counted")
    with engine.connect() as conn:
        tune_for_analytics(conn)  # a sort on a figure aggregates the window's invoices: no JIT, no spilling
        ids = list(conn.execute(page).scalars())
        count = conn.execute(select(func.count()).select_from(counted)).scalar_one()
        rows = _page_rows(conn, as_of, ids)
    return GridPage(rows, int(count))


def organisation_rows(engine: Engine, user: CurrentUser, as_of: date | None = None,
                      batch: int = 1000) -> Iterator[OrganisationRow]:
    """Every visible organisation, ordered by name and id, streamed in batches (for workbooks)."""
    query = _scoped(user, as_of or date.today(), ROW_FIELDS, {}).subquery("scoped")
    ordered = select(query).order_by(query.c.name, query.c.id)
    with engine.connect() as conn:
        for r in conn.execution_options(yield_per=batch).execute(ordered):
            yield _row(r)


def organisation_record(engine: Engine, user: CurrentUser, organisation_id: str, as_of: date | None = None, *,
                        timeline_limit: int = 50, timeline_offset: int = 0,
                        now: datetime | None = None) -> OrganisationRecord:
    """The record: list line, master data, contacts, tiles and one page of the timeline; NotFound if not visible."""
    as_of = as_of or date.today()
    o, c = Organisation, Contact
    with engine.connect() as conn:
        summary = conn.execute(_scoped(user, as_of, ROW_FIELDS, {}, ids=[organisation_id])).first()
        if summary is None:
            raise NotFound(f"organisation {organisation_id!r}")
        d = conn.execute(select(o.street, o.postcode, o.phone, o.phone_e164, o.website, o.vip, o.sla_hours,
                                o.service_note).where(o.id == organisation_id)).one()
        contacts = conn.execute(
            select(c.id, c.first_name, c.last_name, c.function, c.email, c.phone, c.mobile, c.phone_e164,
                   c.mobile_e164)
            .where(c.organisation_id == organisation_id).order_by(c.last_name, c.first_name, c.id)).all()
        return OrganisationRecord(
            as_of=as_of,
            summary=_row(summary),
            detail=OrganisationDetail(d.street, d.postcode, d.phone, d.phone_e164, d.website, bool(d.vip),
                                      d.sla_hours, d.service_note),
            contacts=[ContactRow(*r) for r in contacts],
            tiles=record_tiles(conn, organisation_id, as_of, now),
            timeline=timeline(conn, organisation_id, as_of, limit=timeline_limit, offset=timeline_offset),
        )


def organisation_names(engine: Engine, user: CurrentUser, ids: Iterable[str]) -> dict[str, str]:
    """id -> name of those of `ids` the user may see (to label figures that carry ids only)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    o = Organisation
    with engine.connect() as conn:
        rows = conn.execute(select(o.id, o.name).where(o.id.in_(wanted), visible_organisations(user, o.id))).all()
    return {r.id: r.name for r in rows}


def organisation_timeline(engine: Engine, user: CurrentUser, organisation_id: str, as_of: date | None = None, *,
                          limit: int = 50, offset: int = 0) -> list[TimelineEntry]:
    """One page of the record's timeline (for "more" in the dashboard and the API); NotFound if not visible."""
    as_of = as_of or date.today()
    with engine.connect() as conn:
        visible = conn.execute(select(Organisation.id).where(
            Organisation.id == organisation_id, visible_organisations(user, Organisation.id))).first()
        if visible is None:
            raise NotFound(f"organisation {organisation_id!r}")
        return timeline(conn, organisation_id, as_of, limit=limit, offset=offset)


__all__ = [
    "COLUMNS", "ContactRow", "GridPage", "GridRequest", "OrganisationDetail", "OrganisationRecord",
    "OrganisationRow", "SortKey", "grid_page", "organisation_names", "organisation_record", "organisation_rows",
    "organisation_timeline", "visible_organisations",
]
