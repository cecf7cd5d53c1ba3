"""The organisation list as a user may see it: the column allow-list, the filters, the scoped select, the rows.

Columns and filter types from the browser or the API pass a whitelist before they touch SQL;
anything else is `InvalidInput`. The figures of billing (revenue, open items) are computed and
shown only for users who may read billing; for others they are empty and not sortable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Select, and_, func, or_, select

from analytics.orglist import REVENUE_DAYS, organisation_list
from analytics.period import window
from core.errors import InvalidInput
from core.schema import Organisation
from core.vocabulary import Area
from services import policy
from services.commands.maintained import ensure_window_sums
from services.policy import Grants
from services.users import CurrentUser


class Kind(StrEnum):
    """How a list column is filtered."""

    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"


#: colId -> kind; the colId is also the column's name in `analytics.orglist.organisation_list`
COLUMNS: dict[str, Kind] = {
    "id": Kind.TEXT, "name": Kind.TEXT, "parent_id": Kind.TEXT, "parent_name": Kind.TEXT, "city": Kind.TEXT,
    "country": Kind.TEXT, "prospect": Kind.BOOLEAN, "customer": Kind.BOOLEAN, "supplier": Kind.BOOLEAN,
    "customer_number": Kind.TEXT, "supplier_number": Kind.TEXT, "key_account_manager": Kind.TEXT,
    "revenue_12m": Kind.NUMBER, "open_invoices": Kind.NUMBER, "open_amount": Kind.NUMBER,
}
#: the columns that are billing figures: only for users who may read billing
BILLING_COLUMNS = frozenset({"revenue_12m", "open_invoices", "open_amount"})
#: filter types per kind (AG Grid's names); booleans use the text filter with `equals`
FILTER_TYPES: dict[Kind, frozenset[str]] = {
    Kind.TEXT: frozenset({"contains", "equals"}),
    Kind.NUMBER: frozenset({"equals", "lessThan", "greaterThan", "inRange"}),
    Kind.BOOLEAN: frozenset({"equals"}),
}
FILTER_KIND: dict[Kind, str] = {Kind.TEXT: "text", Kind.NUMBER: "number", Kind.BOOLEAN: "text"}
TRUE_WORDS = {"true": True, "1": True, "ja": True, "yes": True, "false": False, "0": False, "nein": False, "no": False}
#: a filter's text is cut here (nobody types more into a grid filter; longer input is no search)
MAX_FILTER_TEXT = 200
#: a combined filter has at most this many conditions (AG Grid offers two)
MAX_CONDITIONS = 10


@dataclass(frozen=True)
class OrganisationRow:
    """One line of the organisation list (the grid, the API and the workbook); billing figures None if hidden
    or for a non-customer."""

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
    revenue_12m: float | None
    open_invoices: int | None
    open_amount: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


ROW_FIELDS = tuple(f.name for f in fields(OrganisationRow))


def column(g: Grants, col_id: object) -> tuple[str, Kind]:
    """A whitelisted column the user may see, with its kind; anything else is InvalidInput."""
    kind = COLUMNS.get(col_id) if isinstance(col_id, str) else None
    if kind is None:
        raise InvalidInput(f"unknown column {str(col_id)[:60]!r}")
    if col_id in BILLING_COLUMNS and not g.reads(Area.BILLING):
        raise InvalidInput(f"unknown column {col_id!r}")
    return str(col_id), kind


def _number(value: object, col_id: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(f"filter on {col_id!r}: not a number")
    try:
        number = float(value)
    except ValueError as exc:
        raise InvalidInput(f"filter on {col_id!r}: not a number") from exc
    if number != number or abs(number) > 1e15:  # NaN or beyond any amount
        raise InvalidInput(f"filter on {col_id!r}: not a usable number")
    return number


def _condition(col: ColumnElement[Any], col_id: str, kind: Kind, model: object) -> ColumnElement[bool]:
    """One AG Grid filter condition, through the whitelist of filter types for the column's kind."""
    if not isinstance(model, Mapping):
        raise InvalidInput(f"malformed filter on {col_id!r}")
    ftype = model.get("type")
    if not isinstance(ftype, str) or ftype not in FILTER_TYPES[kind]:
        raise InvalidInput(f"filter type not allowed on column {col_id!r}")
    value = model.get("filter")
    if kind is Kind.TEXT:
        if value is not None and not isinstance(value, str | int | float):
            raise InvalidInput(f"filter on {col_id!r}: not a text")
        text = str(value if value is not None else "")[:MAX_FILTER_TEXT]
        return func.lower(col).contains(text.lower(), autoescape=True) if ftype == "contains" else col == text
    if kind is Kind.BOOLEAN:
        word = str(value).strip().lower()
        if word not in TRUE_WORDS:
            raise InvalidInput(f"filter on {col_id!r}: not a yes/no value")
        return col.is_(True) if TRUE_WORDS[word] else col.is_not(True)
    number = _number(value, col_id)
    if ftype == "equals":
        return col == number
    if ftype == "lessThan":
        return col < number
    if ftype == "greaterThan":
        return col > number
    return col.between(number, _number(model.get("filterTo"), col_id))


def _filter(col: ColumnElement[Any], col_id: str, kind: Kind, model: object) -> ColumnElement[bool]:
    """A column's filter model: one condition, or several joined by AND/OR."""
    if not isinstance(model, Mapping):
        raise InvalidInput(f"malformed filter on {col_id!r}")
    if model.get("filterType", FILTER_KIND[kind]) != FILTER_KIND[kind]:
        raise InvalidInput(f"filter type not allowed on column {col_id!r}")
    if "conditions" in model:
        conditions = model["conditions"]
        if not isinstance(conditions, list) or not 0 < len(conditions) <= MAX_CONDITIONS:
            raise InvalidInput(f"malformed combined filter on {col_id!r}")
        parts = [_condition(col, col_id, kind, c) for c in conditions]
        operator = model.get("operator", "AND")
        if operator not in ("AND", "OR"):
            raise InvalidInput(f"malformed combined filter on {col_id!r}")
        return or_(*parts) if operator == "OR" else and_(*parts)
    return _condition(col, col_id, kind, model)


def scoped_list(g: Grants, as_of: date, columns: Iterable[str], filters: Mapping[str, Any],
                ids: Sequence[str] | None = None, *, cached_revenue: bool = False) -> Select:
    """The visible organisations with `columns` (and the filtered ones), filtered; figures only where asked for
    (`cached_revenue`: the revenue from the window's cached sums, see `revenue_cached`)."""
    if not isinstance(filters, Mapping):
        raise InvalidInput("filters must be an object (AG Grid filterModel)")
    kinds = {col_id: column(g, col_id)[1] for col_id in filters}
    wanted = {c for c in columns if c not in BILLING_COLUMNS or g.reads(Area.BILLING)}
    lst = organisation_list(as_of, columns={*wanted, *filters}, ids=ids, hidden_projects=policy.hidden_projects(g.user),
                            cached_revenue=cached_revenue).subquery("orglist")
    query = select(*[col for col in lst.c if col.key in wanted or col.key == "id"])
    query = query.where(policy.organisation_clause(g, lst.c.id))
    for col_id, model in filters.items():
        query = query.where(_filter(lst.c[col_id], col_id, kinds[col_id], model))
    return query


def revenue_cached(engine: Engine, g: Grants, as_of: date, columns: Iterable[str]) -> bool:
    """Whether a list over every organisation needs the revenue (sorted or filtered by it): then its window's
    sums are made sure of in the cache first, so the list reads one row per organisation instead of the invoices."""
    if "revenue_12m" not in set(columns) or not g.reads(Area.BILLING):
        return False
    return ensure_window_sums(engine, window(as_of, REVENUE_DAYS))


def row_of(r: Any) -> OrganisationRow:
    """A result row of `scoped_list` (any subset of the columns) as an OrganisationRow."""
    m = dict(r._mapping)

    # a non-customer has no revenue and no open items: empty, not 0,00 € (where the row knows the relationship)
    not_customer = "customer" in m and not m["customer"]

    def figure(key: str, kind: type) -> Any:
        value = m.get(key)
        if not_customer or (value is None and key not in m):
            return None
        return kind(round(float(value or 0), 2))

    return OrganisationRow(
        id=m["id"], name=m.get("name", ""), parent_id=m.get("parent_id"), parent_name=m.get("parent_name"),
        city=m.get("city"), country=m.get("country"), prospect=bool(m.get("prospect")),
        customer=bool(m.get("customer")), supplier=bool(m.get("supplier")),
        customer_number=m.get("customer_number"), supplier_number=m.get("supplier_number"),
        key_account_manager_id=m.get("key_account_manager_id"), key_account_manager=m.get("key_account_manager"),
        revenue_12m=figure("revenue_12m", float), open_invoices=figure("open_invoices", int),
        open_amount=figure("open_amount", float))


def rows_in_order(conn: Connection, g: Grants, as_of: date, ids: Sequence[str]) -> list[OrganisationRow]:
    """The full list rows of `ids` (figures computed for these organisations only), in the order of `ids`."""
    if not ids:
        return []
    found = {r.id: row_of(r) for r in conn.execute(scoped_list(g, as_of, ROW_FIELDS, {}, ids=ids))}
    return [found[i] for i in ids if i in found]


def visible_columns(engine: Engine, user: CurrentUser) -> frozenset[str]:
    """The list columns the user may see (billing figures only for those who read billing)."""
    with engine.connect() as conn:
        reads_billing = policy.grants(conn, user).reads(Area.BILLING)
    return frozenset(c for c in COLUMNS if reads_billing or c not in BILLING_COLUMNS)


def require_list(engine: Engine, conn: Connection, user: CurrentUser) -> Grants:
    """The grants of a user who may read master data (the list's ground), else an audited Forbidden."""
    return policy.require(engine, conn, user, Area.MASTER_DATA)


def organisation_rows(engine: Engine, user: CurrentUser, as_of: date | None = None, *,
                      filters: Mapping[str, Any] | None = None, sort: Sequence[Any] = (),
                      batch: int = 1000) -> Iterator[OrganisationRow]:
    """Every visible organisation (filtered like the grid), ordered by `sort` (services.grid.SortKey: the grid's
    columns, empty values last) or by name, then the id, streamed in batches (for workbooks)."""
    with engine.connect() as conn:
        g = require_list(engine, conn, user)
        as_of = as_of or date.today()
        keys = [(column(g, key.col_id)[0], key.descending) for key in sort]
        cached = revenue_cached(engine, g, as_of, ROW_FIELDS)
        query = scoped_list(g, as_of, ROW_FIELDS, filters or {}, cached_revenue=cached).subquery("scoped")
        order = [(query.c[c].desc() if down else query.c[c].asc()).nulls_last() for c, down in keys]
        ordered = select(query).order_by(*(order or [query.c.name]), query.c.id)
        for r in conn.execution_options(yield_per=batch).execute(ordered):
            yield row_of(r)


def organisation_names(engine: Engine, user: CurrentUser, ids: Iterable[str]) -> dict[str, str]:
    """id -> name of those of `ids` the user may see (to label figures that carry ids only)."""
    wanted = sorted({i for i in ids if isinstance(i, str)})
    if not wanted:
        return {}
    o = Organisation
    with engine.connect() as conn:
        g = policy.grants(conn, user)
        if not g.reads(Area.MASTER_DATA):
            return {}
        rows = conn.execute(select(o.id, o.name).where(o.id.in_(wanted), policy.organisation_clause(g, o.id))).all()
    return {r.id: r.name for r in rows}


__all__ = [
    "BILLING_COLUMNS", "COLUMNS", "ROW_FIELDS", "Kind", "OrganisationRow", "column", "organisation_names",
    "organisation_rows", "require_list", "revenue_cached", "row_of", "rows_in_order", "scoped_list", "visible_columns",
]
