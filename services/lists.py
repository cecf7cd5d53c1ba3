"""The lists of customers, prospects and suppliers as a user may see them: views, letters, search, sort, blocks.

One list per relationship (spec/analytics.md): its holders at D with their ABC letter and metric
(company-wide, `services.ranked`), number, key account manager, city, last touch and, for prospects,
whether an open quote is still valid at D. The views of the sidebar: `abc` (every holder, by letter),
`top` (the holders with movement in the model's window, by metric) and `all` (every holder, by name);
a letter filter (A, B, C, none) and a search over name, number and city on top. The area of the
relationship (prospects: pipeline, customers: billing, suppliers: purchasing) and master data are
required; a refusal is audited. The page, its grid and its workbook all read through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Select, Subquery, and_, func, literal, or_, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import True_

from analytics.abc import tune_for_analytics
from analytics.invoice_months import window_invoice_sums
from analytics.period import day_end, window
from core.businessconfig import AbcConfig, load_config
from core.errors import InvalidInput
from core.schema import AbcRank, AccountNumber, Activity, ActivityLink, Agent, Organisation, Quote
from core.vocabulary import ACCOUNT_ASPECTS, ASPECT_AREAS, AbcModel, Area, Aspect
from services import policy
from services.commands.ranks import ensure_ranks
from services.grid import MAX_BLOCK, MAX_START, SortKey
from services.policy import Grants
from services.ranked import RankedModel, ranked, ranked_model
from services.users import CurrentUser


class ListView(StrEnum):
    """A view of the sidebar."""

    ABC = "abc"
    TOP = "top"
    ALL = "all"


#: the letter filter's values ("none": the holders without a letter)
LETTERS = ("A", "B", "C", "none")
#: the columns a list may be sorted by (the grid's colIds)
SORTABLE = frozenset({"letter", "metric", "name", "number", "key_account_manager", "city"})
#: each view's order when the user chose none
DEFAULT_SORT: dict[ListView, tuple[SortKey, ...]] = {
    ListView.ABC: (SortKey("letter"),),
    ListView.TOP: (SortKey("metric", descending=True),),
    ListView.ALL: (SortKey("name"),),
}
#: a search is cut here (nobody types more into a search box)
MAX_SEARCH = 200


@dataclass(frozen=True)
class ListParams:
    """What a list shows: relationship, view, letter (None: every one), search, sort (empty: the view's) and D."""

    aspect: Aspect
    view: ListView = ListView.ABC
    letter: str | None = None
    q: str = ""
    sort: tuple[SortKey, ...] = ()
    as_of: date | None = None

    def __post_init__(self) -> None:
        if self.letter is not None and self.letter not in LETTERS:
            raise InvalidInput("unknown letter")
        if len(self.q) > MAX_SEARCH or "\x00" in self.q:
            raise InvalidInput("search too long")
        for key in self.sort:
            if key.col_id not in SORTABLE:
                raise InvalidInput(f"the list cannot be sorted by {key.col_id[:60]!r}")

    @property
    def order(self) -> tuple[SortKey, ...]:
        """The sort in force: the chosen one, else the view's."""
        return self.sort or DEFAULT_SORT[self.view]

    @classmethod
    def from_query(cls, aspect: Aspect, query: Mapping[str, Any], *, strict: bool = False) -> ListParams:
        """The page's address parameters (`view`, `abc`, `q`, `sort` as `field:asc|desc`, `as_of`); with `strict`
        a value that is not one of them is InvalidInput, else it falls back to the default."""
        def word(name: str) -> str:
            value = query.get(name)
            return value.strip() if isinstance(value, str) else ""

        def fallback(what: str) -> None:
            if strict:
                raise InvalidInput(f"unknown {what}")

        view = ListView.ABC
        if word("view"):
            raw = word("view").lower()
            raw = "top" if raw.startswith("top") else raw  # the label's window (top60, top365) is the view top
            if raw in set(ListView):
                view = ListView(raw)
            else:
                fallback("view")
        letter: str | None = None
        if word("abc"):
            raw = word("abc")
            raw = "none" if raw.lower() == "none" else raw.upper()
            if raw in LETTERS:
                letter = raw
            else:
                fallback("letter")
        if len(word("q")) > MAX_SEARCH or "\x00" in word("q"):
            fallback("search")
        q = word("q")[:MAX_SEARCH].replace("\x00", "")
        sort: tuple[SortKey, ...] = ()
        if word("sort"):
            field_, _, direction = word("sort").partition(":")
            if field_ in SORTABLE and direction in ("", "asc", "desc"):
                sort = (SortKey(field_, direction == "desc"),)
            else:
                fallback("sort")
        as_of: date | None = None
        if word("as_of"):
            try:
                as_of = date.fromisoformat(word("as_of")[:10])
            except ValueError:
                fallback("date")
        return cls(aspect, view, letter, q, sort, as_of)

    def as_query(self) -> dict[str, str]:
        """The parameters the address keeps (defaults left out), the inverse of `from_query`."""
        out: dict[str, str] = {}
        if self.view is not ListView.ABC:
            out["view"] = self.view.value
        if self.letter:
            out["abc"] = self.letter
        if self.q:
            out["q"] = self.q
        if self.sort:
            out["sort"] = f"{self.sort[0].col_id}:{'desc' if self.sort[0].descending else 'asc'}"
        if self.as_of:
            out["as_of"] = self.as_of.isoformat()
        return out


@dataclass(frozen=True)
class ListRow:
    """One line of a list; last_touch None where the user may not read activities, valid_quote None but for
    prospects, number None for prospects."""

    id: str
    name: str
    letter: str | None
    metric: float | None
    rank: int | None
    number: str | None
    key_account_manager: str | None
    city: str | None
    last_touch: datetime | None
    valid_quote: bool | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ListPage:
    """The rows of one block, the number of rows matching, and what the list ranks by."""

    rows: list[ListRow]
    row_count: int
    model: RankedModel


def require_aspect(engine: Engine, conn: Connection, user: CurrentUser, aspect: Aspect) -> Grants:
    """The grants of a user who may read master data and the relationship's area; else an audited Forbidden."""
    policy.require(engine, conn, user, Area.MASTER_DATA)
    return policy.require(engine, conn, user, ASPECT_AREAS[aspect])


def list_model(engine: Engine, user: CurrentUser, aspect: Aspect) -> RankedModel:
    """What the list of `aspect` ranks by (model, window, unit), for a user who may read it."""
    with engine.connect() as conn:
        require_aspect(engine, conn, user, aspect)
        return ranked_model(aspect, load_config(conn).abc)


def default_model(aspect: Aspect) -> RankedModel:
    """What the list of `aspect` ranks by with the spec's default configuration (for layouts built without a
    request)."""
    return ranked_model(aspect, AbcConfig())


def _search(q: str, texts: Sequence[ColumnElement[Any]],
            number: Callable[[str], ColumnElement[bool]] | None) -> ColumnElement[bool]:
    """Every word of `q` in one of `texts` (case ignored) or, for a word with a digit, in the account number."""
    parts = []
    for word in q.lower().split():
        found = [func.lower(c).contains(word, autoescape=True) for c in texts]
        if number is not None and any(ch.isdigit() for ch in word):
            found.append(number(word))
        parts.append(or_(*found))
    return and_(*parts) if parts else true()


class _Parts:
    """The joined FROM clause of a list, its columns and conditions: the cached ranking (`abc_ranks`) where the
    cache holds it, else the ranking computed in the query."""

    def __init__(self, engine: Engine, conn: Connection, g: Grants, params: ListParams, as_of: date) -> None:
        config = load_config(conn).abc
        self.model = ranked_model(params.aspect, config)
        if ensure_ranks(engine, params.aspect, as_of, config):
            c = AbcRank
            r = (select(c.organisation_id, c.metric, c.rank, c.letter)
                 .where(c.aspect == params.aspect.value, c.as_of == as_of).subquery("ranked"))
        else:
            r = ranked(engine, params.aspect, as_of, config)
        o = Organisation
        kam = aliased(Agent, name="kam")
        joined = r.join(o.__table__, o.id == r.c.organisation_id).outerjoin(kam, kam.id == o.key_account_manager_id)
        number: ColumnElement[Any] = literal(None)
        by_number: Callable[[str], ColumnElement[bool]] | None = None
        if params.aspect in ACCOUNT_ASPECTS:
            num = AccountNumber.__table__.alias("num")
            valid = (num.c.role == params.aspect.value, or_(num.c.valid_from.is_(None), num.c.valid_from <= as_of))
            joined = joined.outerjoin(num, and_(num.c.organisation_id == o.id, *valid))
            number = num.c.number
            searched = AccountNumber.__table__.alias("searched")

            def by_number(word: str) -> ColumnElement[bool]:
                """The organisation's number (valid at D) contains `word`: a look-up, not a filter on the join."""
                return o.id.in_(select(searched.c.organisation_id).where(
                    searched.c.role == params.aspect.value,
                    or_(searched.c.valid_from.is_(None), searched.c.valid_from <= as_of),
                    searched.c.number.contains(word, autoescape=True)))
        self.ranked: Subquery = r
        self.joined = joined
        self.columns: dict[str, ColumnElement[Any]] = {
            "id": r.c.organisation_id, "name": o.name, "letter": r.c.letter, "metric": r.c.metric, "rank": r.c.rank,
            "number": number, "key_account_manager": kam.name, "city": o.city,
        }
        #: conditions on the ranking alone, and those that need the organisation (scope, search)
        self.own: list[ColumnElement[bool]] = []
        if params.view is ListView.TOP:
            self.own.append(r.c.letter.is_not(None))
        if params.letter == "none":
            self.own.append(r.c.letter.is_(None))
        elif params.letter:
            self.own.append(r.c.letter == params.letter)
        scope = policy.organisation_clause(g, o.id)
        self.others = [c for c in (scope, _search(params.q, [o.name, o.city], by_number))
                       if not isinstance(c, True_)]

    def order(self, sort: Sequence[SortKey]) -> list[ColumnElement[Any]]:
        """ORDER BY of `sort`, empty values last, then the id (blocks never overlap). The letter sorts by rank
        (A first, within a letter the higher metric first); the metric's nulls are the holders without movement."""
        out: list[ColumnElement[Any]] = []
        for key in sort:
            if key.col_id in ("letter", "metric"):  # the rank is the (rounded) metric's order, highest first
                up = key.descending if key.col_id == "metric" else not key.descending
                out.append((self.columns["rank"].asc() if up else self.columns["rank"].desc()).nulls_last())
                continue
            col = self.columns[key.col_id]
            out.append((col.desc() if key.descending else col.asc()).nulls_last())
        return [*out, self.columns["id"]]

    def select(self, *columns: ColumnElement[Any]) -> Select:
        return select(*columns).select_from(self.joined).where(*self.own, *self.others)

    def count(self) -> Select:
        """The number of rows: the ranking alone where neither scope nor search needs the organisations."""
        if self.others:
            return select(func.count()).select_from(self.select(self.columns["id"]).subquery("counted"))
        return select(func.count()).select_from(self.ranked).where(*self.own)


def _extras(conn: Connection, g: Grants, aspect: Aspect, as_of: date,
            ids: Sequence[str]) -> tuple[dict[str, datetime], set[str]]:
    """Last touch (if the user reads activities) and, for prospects, who has an open quote valid at D, of `ids`."""
    touched: dict[str, datetime] = {}
    if ids and g.reads(Area.ACTIVITIES):
        a, link = Activity, ActivityLink
        touched = dict(conn.execute(
            select(link.organisation_id, func.max(a.occurred_at)).join(a, a.id == link.activity_id)
            .where(link.organisation_id.in_(list(ids)), a.occurred_at < day_end(as_of))
            .group_by(link.organisation_id)).all())
    quoted: set[str] = set()
    if ids and aspect is Aspect.PROSPECT:
        quoted = set(conn.execute(select(Quote.organisation_id).where(
            Quote.organisation_id.in_(list(ids)), *valid_quote_at(as_of)).distinct()).scalars())
    return touched, quoted


def valid_quote_at(as_of: date) -> tuple[ColumnElement[bool], ...]:
    """A quote open at D: dated on or before D, not decided on or before D, not expired (spec, "Relationships")."""
    q = Quote
    return (q.quote_date <= as_of, or_(q.decided_at.is_(None), q.decided_at > as_of),
            or_(q.valid_until.is_(None), q.valid_until >= as_of))


def _visible_revenue(conn: Connection, g: Grants, model: RankedModel, as_of: date,
                     ids: Sequence[str]) -> dict[str, float] | None:
    """The invoice metric of `ids` without the invoices of projects the user may not see (None: nothing hidden, the
    company-wide metric is the user's). Letters and ranks stay company-wide (spec, "ABC classification"); the
    figure shown leaves out a restricted project's invoices for outsiders (spec, "Security")."""
    hidden = policy.hidden_projects(g.user)
    if hidden is None or model.model is not AbcModel.INVOICES or model.window_days is None or not ids:
        return None
    sums = window_invoice_sums(window(as_of, model.window_days), list(ids), hidden, name="visible")
    return {r.organisation_id: float(r.revenue) for r in conn.execute(select(sums.c.organisation_id,
                                                                            sums.c.revenue))}


def _rows(conn: Connection, g: Grants, model: RankedModel, as_of: date, found: Sequence[Any]) -> list[ListRow]:
    aspect = model.aspect
    ids = [r.id for r in found]
    touched, quoted = _extras(conn, g, aspect, as_of, ids)
    visible = _visible_revenue(conn, g, model, as_of, ids)

    def metric(r: Any) -> float | None:
        value = r.metric if visible is None or r.metric is None else visible.get(r.id, 0.0)
        return None if value is None else round(float(value), model.decimals)

    return [ListRow(id=r.id, name=r.name, letter=r.letter, metric=metric(r),
                    rank=None if r.rank is None else int(r.rank), number=r.number,
                    key_account_manager=r.key_account_manager, city=r.city, last_touch=touched.get(r.id),
                    valid_quote=(r.id in quoted) if aspect is Aspect.PROSPECT else None) for r in found]


ROW_COLUMNS = ("id", "name", "letter", "metric", "rank", "number", "key_account_manager", "city")


def list_block(engine: Engine, user: CurrentUser, params: ListParams, start: int, end: int) -> ListPage:
    """Rows start ... end-1 of the list in its order and the number of rows matching (one statement for both)."""
    if not 0 <= start <= MAX_START or end <= start or end - start > MAX_BLOCK:
        raise InvalidInput(f"rows {start}..{end} are not a block of at most {MAX_BLOCK}")
    as_of = params.as_of or date.today()
    with engine.connect() as conn:
        g = require_aspect(engine, conn, user, params.aspect)
        tune_for_analytics(conn)
        parts = _Parts(engine, conn, g, params, as_of)
        cols = [parts.columns[c].label(c) for c in ROW_COLUMNS]
        query = parts.select(*cols).order_by(*parts.order(params.order)).offset(start).limit(end - start)
        found = conn.execute(query).all()
        count = int(conn.execute(parts.count()).scalar_one())
        rows = _rows(conn, g, parts.model, as_of, found)
    return ListPage(rows, count, parts.model)


def list_rows(engine: Engine, user: CurrentUser, params: ListParams, *, batch: int = 1000) -> Iterator[ListRow]:
    """Every row of the list in its order (for the workbook), read in batches of `batch`."""
    as_of = params.as_of or date.today()
    with engine.connect() as conn:
        g = require_aspect(engine, conn, user, params.aspect)
        tune_for_analytics(conn)
        parts = _Parts(engine, conn, g, params, as_of)
        query = parts.select(*[parts.columns[c].label(c) for c in ROW_COLUMNS]).order_by(*parts.order(params.order))
        result = conn.execution_options(yield_per=batch).execute(query)
        with engine.connect() as side:  # the extras of each batch, while the list's cursor stays open
            for chunk in result.partitions():
                yield from _rows(side, g, parts.model, as_of, chunk)


__all__ = [
    "DEFAULT_SORT",
    "LETTERS",
    "SORTABLE",
    "ListPage",
    "ListParams",
    "ListRow",
    "ListView",
    "default_model",
    "list_block",
    "list_model",
    "list_rows",
    "require_aspect",
    "valid_quote_at",
]
