"""What the controllers' workbook reads beside the lists: which sheets a user may have, and each list row's open items.

The rows are those of `services.lists` (the same need-to-know, letters and ranks company-wide), each completed by
its postcode (one look-up per batch of rows) and its open items at D (one grouped query per list) — for customers the
outgoing invoices unpaid at D (as the organisation list counts them: `analytics.orglist`, without the invoices of
projects the user may not see), for suppliers the incoming invoices dated up to D whose status is `open` (the
interchange format keeps no payment date of an incoming invoice, so an earlier D sees today's status).
Prospects have no open items. The database sums (restricted to the organisations the user may see); Python keeps
one amount per organisation with open items and looks it up by id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice

from sqlalchemy import Connection, Engine, func, select

from analytics.concentration import ConcentrationReport, report
from analytics.orglist import open_invoices_per_organisation
from core.schema import IncomingInvoice, Organisation
from core.vocabulary import ASPECT_AREAS, Area, Aspect, Grouping
from services import concentration, policy
from services.lists import ListParams, ListRow, list_rows
from services.users import CurrentUser


@dataclass(frozen=True)
class SheetRow(ListRow):
    """A list row with the organisation's postcode and its open items at D (None for prospects)."""

    postcode: str | None = None
    open_amount: float | None = None


@dataclass(frozen=True)
class WorkbookScope:
    """The sheets a user may have beside the organisation list (master data): the lists (master data and the
    relationship's area) and the concentration of revenue or purchases (analytics and the aspect's area)."""

    lists: tuple[Aspect, ...]
    concentration: tuple[Aspect, ...]


def workbook_scope(engine: Engine, user: CurrentUser) -> WorkbookScope:
    """What `user` may read of the workbook; a user without master data gets an audited Forbidden (the workbook
    would be empty), the sheets of the other areas are simply left out (asked for nothing, refused nothing)."""
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.MASTER_DATA)
    lists = tuple(a for a in (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER) if g.reads(ASPECT_AREAS[a]))
    return WorkbookScope(lists, tuple(concentration.readable_aspects(engine, user)))


def workbook_concentration(engine: Engine, user: CurrentUser, aspect: Aspect, as_of: date) -> ConcentrationReport:
    """The concentration of `aspect` at D per organisation, as `services.concentration.concentration` reads it (the
    same rights: analytics and the aspect's area, refusals audited) but without the eight-quarter trend the
    workbook does not show: two windows summed instead of nine (on the large demo's 60k customers 5.6 instead of
    10.2 s, and 40 MiB less at the peak)."""
    policy.ensure(engine, user, Area.ANALYTICS)
    policy.ensure(engine, user, ASPECT_AREAS[aspect])
    with engine.connect() as conn:
        return report(conn, aspect, as_of, None, Grouping.ORGANISATION, trend_quarters=1)


def open_items(conn: Connection, user: CurrentUser, aspect: Aspect, as_of: date) -> dict[str, float]:
    """organisation id -> open amount at D of every organisation with any (see the module's docstring), one
    grouped query (on the large demo 1.6 s for 50k customers, where a query per block of 1,000 rows took 0.14 s
    each, 8 s in all); empty for prospects. The caller has checked the aspect's area (the list refuses)."""
    g = policy.grants(conn, user)
    if aspect is Aspect.CUSTOMER:
        sums = open_invoices_per_organisation(as_of, None, policy.hidden_projects(user))
        query = (select(sums.c.organisation_id, sums.c.open_amount)
                 .where(policy.organisation_clause(g, sums.c.organisation_id)))
    elif aspect is Aspect.SUPPLIER:
        e = IncomingInvoice
        query = (select(e.organisation_id, func.sum(e.amount_net))
                 .where(e.status == "open", e.invoice_date <= as_of, policy.organisation_clause(g, e.organisation_id))
                 .group_by(e.organisation_id))
    else:
        return {}
    return {r[0]: round(float(r[1] or 0), 2) for r in conn.execute(query)}


def _postcodes(conn: Connection, ids: Sequence[str]) -> dict[str, str | None]:
    o = Organisation
    return {r.id: r.postcode for r in conn.execute(select(o.id, o.postcode).where(o.id.in_(list(ids))))}


def sheet_rows(engine: Engine, user: CurrentUser, params: ListParams, *, batch: int = 1000) -> Iterator[SheetRow]:
    """Every row of the list `params` names, in its order, with postcode and open items (a customer or supplier
    without any: 0); the list service refuses (audited) a user who may not read it."""
    rows = list_rows(engine, user, params, batch=batch)
    as_of = params.as_of or date.today()
    first = next(rows, None)  # the list's refusal before a connection of ours is opened
    if first is None:
        return
    pending: Iterator[ListRow] = _chain(first, rows)
    zero = None if params.aspect is Aspect.PROSPECT else 0.0
    with engine.connect() as conn:
        owed = open_items(conn, user, params.aspect, as_of)
        while chunk := list(islice(pending, batch)):
            codes = _postcodes(conn, [r.id for r in chunk])
            for r in chunk:
                yield SheetRow(**vars(r), postcode=codes.get(r.id), open_amount=owed.get(r.id, zero))


def _chain(first: ListRow, rest: Iterator[ListRow]) -> Iterator[ListRow]:
    yield first
    yield from rest


__all__ = ["SheetRow", "WorkbookScope", "open_items", "sheet_rows", "workbook_concentration",
           "workbook_scope"]
