"""AG Grid's infinite row model on the organisation list: one block of rows, sorted and filtered, and the count.

The request is dash-ag-grid's `getRowsRequest` (startRow, endRow, sortModel, filterModel); a
malformed one is `InvalidInput`, never a traceback. Blocks are ordered by the sort plus the id,
so two blocks never overlap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, func, select

from analytics.abc import tune_for_analytics
from analytics.orglist import NOT_NULL_COLUMNS
from core.errors import InvalidInput
from services.listing import OrganisationRow, column, require_list, revenue_cached, rows_in_order, scoped_list
from services.users import CurrentUser

#: the most rows one request may ask for (AG Grid asks for cacheBlockSize rows)
MAX_BLOCK = 1000
#: no list is longer than this; a start beyond it is no block of any list
MAX_START = 10_000_000
#: at most this many sort columns
MAX_SORT = 5


@dataclass(frozen=True)
class SortKey:
    """One sort column: a colId (checked against the allow-list by the service) and the direction."""

    col_id: str
    descending: bool = False


@dataclass(frozen=True)
class GridRequest:
    """One block of the list: rows start ... end-1, sorted and filtered (AG Grid models)."""

    start: int
    end: int
    sort: tuple[SortKey, ...] = ()
    filters: Mapping[str, Any] = field(default_factory=dict)
    as_of: date | None = None

    @classmethod
    def from_ag_grid(cls, request: object, as_of: date | None = None) -> GridRequest:
        """Parse dash-ag-grid's `getRowsRequest`; a malformed request is `InvalidInput`."""
        if not isinstance(request, Mapping):
            raise InvalidInput("malformed grid request")
        try:
            sort_model = request.get("sortModel") or ()
            if not isinstance(sort_model, list | tuple) or len(sort_model) > MAX_SORT:
                raise InvalidInput("malformed sort model")
            sort = tuple(SortKey(str(s["colId"])[:60], _direction(s.get("sort"))) for s in sort_model)
            filters = request.get("filterModel") or {}
            if not isinstance(filters, Mapping):
                raise InvalidInput("malformed filter model")
            start, end = request["startRow"], request["endRow"]
            if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int | float) \
                    or not isinstance(end, int | float):
                raise InvalidInput("startRow and endRow must be numbers")
            return cls(int(start), int(end), sort, dict(filters), as_of)
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise InvalidInput("malformed grid request") from exc


@dataclass(frozen=True)
class GridPage:
    """The rows of one block and the number of rows matching the filters."""

    rows: list[OrganisationRow]
    row_count: int


def _direction(value: object) -> bool:
    if value not in ("asc", "desc"):
        raise InvalidInput("unknown sort direction")
    return value == "desc"


def _order(col: ColumnElement[Any], col_id: str, descending: bool) -> ColumnElement[Any]:
    """Empty values last on both databases; a column that is never empty keeps a plain order its index serves."""
    ordered = col.desc() if descending else col.asc()
    return ordered if col_id in NOT_NULL_COLUMNS else ordered.nulls_last()


def grid_page(engine: Engine, user: CurrentUser, request: GridRequest) -> GridPage:
    """One block of the organisation list for the grid, sorted by the request plus the id, and the row count.

    The block's ids are chosen with only the sorted and filtered columns computed (a sort by name reads
    `organisations` alone); the figures of the block's rows follow for those ids only, and the count
    computes only the filtered columns.
    """
    if not 0 <= request.start <= MAX_START or request.end <= request.start or request.end - request.start > MAX_BLOCK:
        raise InvalidInput(f"rows {request.start}..{request.end} are not a block of at most {MAX_BLOCK}")
    as_of = request.as_of or date.today()
    with engine.connect() as conn:
        g = require_list(engine, conn, user)
        sort_ids = [column(g, key.col_id)[0] for key in request.sort]
        cached = revenue_cached(engine, g, as_of, [*sort_ids, *request.filters])
        chosen = scoped_list(g, as_of, sort_ids, request.filters, cached_revenue=cached).subquery("chosen")
        order = [_order(chosen.c[key.col_id], key.col_id, key.descending) for key in request.sort]
        page = (select(chosen.c.id).order_by(*order, chosen.c.id)
                .offset(request.start).limit(request.end - request.start))
        counted = scoped_list(g, as_of, (), request.filters, cached_revenue=cached).subquery("counted")
        tune_for_analytics(conn)  # a sort on a figure aggregates the window's invoices: no JIT, no spilling
        ids = list(conn.execute(page).scalars())
        count = conn.execute(select(func.count()).select_from(counted)).scalar_one()
        rows = rows_in_order(conn, g, as_of, ids)
    return GridPage(rows, int(count))


__all__ = ["MAX_BLOCK", "GridPage", "GridRequest", "SortKey", "grid_page"]
