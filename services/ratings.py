"""Supplier ratings as purchasing reads them: per supplier time, quality, cost, the weighted score, its trend and
the supplier ABC letter (spec/analytics.md, "ABC classification", model `ratings`).

The score of a supplier at a date X is the `ratings` model's metric at X: the weighted mean (weights from the
business configuration, default 1:1:1) of the averages of time, quality and cost over its ratings in the
model's window (90 days up to X by default). The trend compares the score at the supplier's latest rating
date with the score at the rating date before it. Letters are the company-wide classification with the
configured supplier model (need-to-know never changes a letter).

The list is AG Grid's infinite row model: one block of suppliers per request, sorted and filtered in SQL
(only the columns the sort needs are computed to choose the block), the figures for the block's rows only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Float, Select, Subquery, cast, func, select
from sqlalchemy.sql.selectable import FromClause

from analytics.abc import classification
from analytics.abc.queries import as_select, model_query, rating_score, tune_for_analytics
from analytics.period import as_of_date, window
from analytics.relationships import holders, relationship_flag
from analytics.sqlfuncs import plus_days
from core.businessconfig import DEFAULT_WINDOWS, AbcConfig, BusinessConfig, load_config
from core.errors import InvalidInput, NotFound
from core.schema import Agent, Organisation, SupplierRating
from core.vocabulary import AbcModel, Area, Aspect
from services import policy
from services.grid import MAX_BLOCK, MAX_START, GridRequest
from services.users import CurrentUser

#: the sortable columns of the list (AG Grid colIds); `class` sorts by the configured model's metric
SORTABLE = ("name", "class", "score", "time", "quality", "cost", "ratings", "last_rated", "change")
#: filterable columns and the filter types each takes
FILTERS = {"name": ("contains", "equals")}
#: the rating dates shown for one supplier (newest first), and suppliers offered by the form's search
MAX_HISTORY = 60
MAX_CHOICES = 20
#: the range a rating takes (interchange.md, supplier_ratings: 1 = poor to 5 = excellent)
LOWEST, HIGHEST = 1.0, 5.0


@dataclass(frozen=True)
class Weights:
    """The weights of time, quality and cost, and the window (days) the score averages over."""

    time: float
    quality: float
    cost: float
    window_days: int


def weights_of(config: BusinessConfig) -> Weights:
    """The configured weights and the ratings model's window."""
    wt, wq, wc, _total = rating_score(config.abc)
    return Weights(wt, wq, wc, config.abc.windows.get(AbcModel.RATINGS, DEFAULT_WINDOWS[AbcModel.RATINGS]))


def _score(config: AbcConfig) -> ColumnElement[float]:
    """The weighted mean of the averages of time, quality and cost of the grouped ratings (the model's metric)."""
    wt, wq, wc, total = rating_score(config)
    r = SupplierRating
    return cast((wt * func.avg(r.time) + wq * func.avg(r.quality) + wc * func.avg(r.cost)) / total, Float)


class _Parts:
    """The per-supplier aggregates at D, each a subquery built when a column asks for it (`ids`: only those)."""

    def __init__(self, as_of: date, config: BusinessConfig, ids: Sequence[str] | None = None) -> None:
        self.as_of, self.config, self.ids = as_of, config, ids
        self.days = weights_of(config).window_days
        self._built: dict[str, Subquery] = {}

    def _only(self, column: ColumnElement[str]) -> list[ColumnElement[bool]]:
        return [] if self.ids is None else [column.in_(list(self.ids))]

    def _score_at(self, dates: Subquery, column: str, name: str) -> Subquery:
        """The score of each supplier of `dates` at its date `column` (the window up to that date)."""
        r = SupplierRating
        day = dates.c[column]
        return (select(dates.c.organisation_id, _score(self.config.abc).label("score"))
                .select_from(dates.join(r, r.organisation_id == dates.c.organisation_id))
                .where(r.rated_at <= day, r.rated_at >= plus_days(day, -(self.days - 1)),
                       *self._only(r.organisation_id))
                .group_by(dates.c.organisation_id).subquery(name))

    def get(self, part: str) -> Subquery:
        if part in self._built:
            return self._built[part]
        r = SupplierRating
        if part == "cur":
            w = window(self.as_of, self.days)
            sub = (select(r.organisation_id, cast(func.avg(r.time), Float).label("time"),
                          cast(func.avg(r.quality), Float).label("quality"),
                          cast(func.avg(r.cost), Float).label("cost"), _score(self.config.abc).label("score"),
                          func.count().label("ratings"))
                   .where(r.rated_at.between(w.first, w.last), *self._only(r.organisation_id))
                   .group_by(r.organisation_id).subquery("cur"))
        elif part == "lst":
            sub = (select(r.organisation_id, func.max(r.rated_at).label("last_rated"))
                   .where(r.rated_at <= self.as_of, *self._only(r.organisation_id))
                   .group_by(r.organisation_id).subquery("lst"))
        elif part == "prv":
            lst = self.get("lst")
            sub = (select(r.organisation_id, func.max(r.rated_at).label("prev_rated"))
                   .select_from(r.__table__.join(lst, lst.c.organisation_id == r.organisation_id))
                   .where(r.rated_at < lst.c.last_rated, *self._only(r.organisation_id))
                   .group_by(r.organisation_id).subquery("prv"))
        elif part == "s_last":
            sub = self._score_at(self.get("lst"), "last_rated", "s_last")
        elif part == "s_prev":
            sub = self._score_at(self.get("prv"), "prev_rated", "s_prev")
        elif part == "abc":
            query = model_query(Aspect.SUPPLIER, None, self.config.abc)
            sub = as_select(query.aggregate(self.as_of, self.config.abc)).subquery("abc")
        else:  # pragma: no cover - the column table names only the parts above
            raise KeyError(part)
        self._built[part] = sub
        return sub


#: colId -> (the parts it needs, its expression given the parts)
_COLUMNS: dict[str, tuple[tuple[str, ...], Any]] = {
    "time": (("cur",), lambda p: p.get("cur").c.time),
    "quality": (("cur",), lambda p: p.get("cur").c.quality),
    "cost": (("cur",), lambda p: p.get("cur").c.cost),
    "score": (("cur",), lambda p: p.get("cur").c.score),
    "ratings": (("cur",), lambda p: func.coalesce(p.get("cur").c.ratings, 0)),
    "last_rated": (("lst",), lambda p: p.get("lst").c.last_rated),
    "score_last": (("lst", "s_last"), lambda p: p.get("s_last").c.score),
    "score_prev": (("lst", "prv", "s_prev"), lambda p: p.get("s_prev").c.score),
    "change": (("lst", "prv", "s_last", "s_prev"), lambda p: p.get("s_last").c.score - p.get("s_prev").c.score),
    "class": (("abc",), lambda p: p.get("abc").c.metric),
}
_JOIN_ORDER = ("cur", "lst", "prv", "s_last", "s_prev", "abc")


def _listing(g: policy.Grants, parts: _Parts, columns: Sequence[str], filters: dict[str, Any]) -> Select:
    """The suppliers at D the user may see, filtered, with `columns` (id and name always)."""
    if parts.ids is None:
        held = holders(Aspect.SUPPLIER, parts.as_of).subquery("held")
    else:  # a block's rows: each one's relationship looked up by key, not every supplier's
        o = Organisation
        held = select(o.id.label("organisation_id"), o.name).where(
            o.id.in_(list(parts.ids)), relationship_flag(Aspect.SUPPLIER, parts.as_of)).subquery("held")
    needed = {part for c in columns if c in _COLUMNS for part in _COLUMNS[c][0]}
    source: FromClause = held
    for part in _JOIN_ORDER:
        if part in needed:
            sub = parts.get(part)
            source = source.outerjoin(sub, sub.c.organisation_id == held.c.organisation_id)
    selected = [held.c.organisation_id.label("id"), held.c.name.label("name")]
    selected += [_COLUMNS[c][1](parts).label(c) for c in columns if c in _COLUMNS]
    q = select(*selected).select_from(source).where(policy.organisation_clause(g, held.c.organisation_id))
    for col, model in filters.items():
        q = q.where(_filter(held.c.name, col, model))
    return q


def _filter(name: ColumnElement[str], col: str, model: object) -> ColumnElement[bool]:
    """A text filter on the name (AG Grid's filter model); anything else is InvalidInput."""
    if col not in FILTERS or not isinstance(model, dict):
        raise InvalidInput(f"no filter on {col!r}")
    kind, value = model.get("type"), model.get("filter")
    if kind not in FILTERS[col] or not isinstance(value, str) or len(value) > 200 or "\x00" in value:
        raise InvalidInput(f"filter {kind!r} on {col!r} is not possible")
    return name.icontains(value, autoescape=True) if kind == "contains" else func.lower(name) == value.lower()


@dataclass(frozen=True)
class SupplierRow:
    """One supplier of the list: averages and score in the window at D, trend over its rating dates, letter."""

    id: str
    name: str
    time: float | None
    quality: float | None
    cost: float | None
    score: float | None
    ratings: int
    last_rated: date | None
    score_last: float | None
    score_prev: float | None
    change: float | None
    letter: str | None

    def as_dict(self) -> dict[str, Any]:
        """The row for the grid (`class` the letter, dates in ISO)."""
        out = asdict(self)
        out["class"] = out.pop("letter")
        out["last_rated"] = self.last_rated.isoformat() if self.last_rated else None
        return out


@dataclass(frozen=True)
class RatingsPage:
    """One block of the supplier list and how many suppliers match the filters."""

    rows: list[SupplierRow]
    row_count: int
    weights: Weights


def letters(conn: Connection, as_of: date, config: BusinessConfig, ids: Sequence[str]) -> dict[str, str | None]:
    """The supplier ABC letters of `ids` at D: the company-wide classification with the configured model."""
    if not ids:
        return {}
    frame = classification(conn, Aspect.SUPPLIER, as_of, None, config)
    found = frame.loc[frame["organisation_id"].isin(set(ids)), ["organisation_id", "class"]]
    return {str(o): (None if c is None or c != c else str(c)) for o, c in found.itertuples(index=False)}


def _date(value: object) -> date | None:
    """A date as the driver gives it (a date on PostgreSQL, a text on SQLite through a subquery)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def ratings_page(engine: Engine, user: CurrentUser, request: GridRequest) -> RatingsPage:
    """One block of the suppliers at D (the purchasing area), sorted by the request plus the id, and the count."""
    if not 0 <= request.start <= MAX_START or request.end <= request.start or request.end - request.start > MAX_BLOCK:
        raise InvalidInput(f"rows {request.start}..{request.end} are not a block of at most {MAX_BLOCK}")
    for key in request.sort:
        if key.col_id not in SORTABLE:
            raise InvalidInput(f"no sort on {key.col_id!r}")
    as_of = as_of_date(request.as_of)
    filters = dict(request.filters)
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.PURCHASING)
        config = load_config(conn)
        tune_for_analytics(conn)
        chooser = _listing(g, _Parts(as_of, config), [k.col_id for k in request.sort], filters).subquery("chosen")
        order = []
        for key in request.sort:
            col = chooser.c[key.col_id]
            # A first is the highest metric first; empty (no letter, no rating) last either way
            descending = (not key.descending) if key.col_id == "class" else key.descending
            order.append((col.desc() if descending else col.asc()).nulls_last())
        # the count rides along the block (one pass over the suppliers instead of two)
        found = conn.execute(select(chooser.c.id, func.count().over().label("total")).order_by(*order, chooser.c.id)
                             .offset(request.start).limit(request.end - request.start)).all()
        ids = [i for i, _n in found]
        if found:
            count = found[0].total
        else:  # a block past the end: the count on its own
            count = conn.execute(select(func.count()).select_from(
                _listing(g, _Parts(as_of, config), [], filters).subquery("counted"))).scalar_one()
        rows = _rows(conn, g, as_of, config, ids)
    return RatingsPage(rows, int(count), weights_of(config))


_DETAIL = ("time", "quality", "cost", "score", "ratings", "last_rated", "score_last", "score_prev", "change")


def _rows(conn: Connection, g: policy.Grants, as_of: date, config: BusinessConfig,
          ids: Sequence[str]) -> list[SupplierRow]:
    """The figures of `ids`, in that order."""
    if not ids:
        return []
    found = {r.id: r for r in conn.execute(_listing(g, _Parts(as_of, config, ids), _DETAIL, {}))}
    letter = letters(conn, as_of, config, ids)
    rows = []
    for i in ids:
        r = found.get(i)
        if r is None:
            continue
        rows.append(SupplierRow(r.id, r.name, r.time, r.quality, r.cost, r.score, int(r.ratings or 0),
                                _date(r.last_rated), r.score_last, r.score_prev, r.change, letter.get(i)))
    return rows


# --- one supplier ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorePoint:
    """The score at one rating date (the window up to that date)."""

    day: date
    score: float


@dataclass(frozen=True)
class RatingEntry:
    """One rating as entered."""

    id: str
    rated_at: date
    time: float
    quality: float
    cost: float
    agent: str | None
    note: str | None


@dataclass(frozen=True)
class SupplierDetail:
    """A supplier's score over its rating dates (oldest first), its ratings (newest first), score and letter at D."""

    organisation_id: str
    name: str
    score: SupplierRow
    points: tuple[ScorePoint, ...]
    ratings: tuple[RatingEntry, ...]
    weights: Weights


def supplier_detail(engine: Engine, user: CurrentUser, organisation_id: str,
                    as_of: date | None = None) -> SupplierDetail:
    """The score trend and ratings of one supplier the user may see (purchasing); NotFound otherwise (audited)."""
    policy.checked_id(organisation_id, "organisation id")
    day = as_of_date(as_of)
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.PURCHASING)
        config = load_config(conn)
        rows = _rows(conn, g, day, config, [organisation_id])
        if not rows:
            policy.deny(engine, user, f"supplier {organisation_id!r}", NotFound)
        r = SupplierRating
        days = weights_of(config).window_days
        dates = (select(r.organisation_id, r.rated_at.label("day")).where(
            r.organisation_id == organisation_id, r.rated_at <= day).distinct()
                 .order_by(r.rated_at.desc()).limit(MAX_HISTORY).subquery("dates"))
        points = conn.execute(
            select(dates.c.day, _score(config.abc).label("score"))
            .select_from(dates.join(r, r.organisation_id == dates.c.organisation_id))
            .where(r.rated_at <= dates.c.day, r.rated_at >= plus_days(dates.c.day, -(days - 1)))
            .group_by(dates.c.day).order_by(dates.c.day)).all()
        entries = conn.execute(
            select(r.id, r.rated_at, r.time, r.quality, r.cost, Agent.name, r.note)
            .select_from(r.__table__.outerjoin(Agent, Agent.id == r.agent_id))
            .where(r.organisation_id == organisation_id, r.rated_at <= day)
            .order_by(r.rated_at.desc(), r.id.desc()).limit(MAX_HISTORY)).all()
    return SupplierDetail(
        organisation_id, rows[0].name, rows[0],
        tuple(ScorePoint(_date(d) or day, float(s)) for d, s in points),
        tuple(RatingEntry(i, _date(at) or day, float(t), float(q), float(c), a, n) for i, at, t, q, c, a, n in entries),
        weights_of(config))


def supplier_choices(engine: Engine, user: CurrentUser, search: str | None, as_of: date | None = None,
                     include: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of up to MAX_CHOICES suppliers at D whose name contains `search`, by name; `include` is kept
    among them when it is a visible supplier (the form's current choice)."""
    if search is not None and (not isinstance(search, str) or len(search) > 200 or "\x00" in search):
        raise InvalidInput("not a valid search")
    day = as_of_date(as_of)
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.PURCHASING)
        held = holders(Aspect.SUPPLIER, day).subquery("held")
        base = select(held.c.organisation_id, held.c.name).where(
            policy.organisation_clause(g, held.c.organisation_id))
        q = base.where(held.c.name.icontains(search.strip(), autoescape=True)) if search and search.strip() else base
        found = [(str(i), str(n)) for i, n in conn.execute(q.order_by(held.c.name, held.c.organisation_id)
                                                           .limit(MAX_CHOICES))]
        if include and all(i != include for i, _n in found):
            policy.checked_id(include, "organisation id")
            kept = conn.execute(base.where(held.c.organisation_id == include)).first()
            if kept is not None:
                found.insert(0, (str(kept[0]), str(kept[1])))
    return found


def may_rate(engine: Engine, user: CurrentUser) -> bool:
    """Whether the user may enter ratings (edit level of purchasing): the page offers its form only then; asking
    is no refusal and is not audited (the command checks again and audits)."""
    with engine.connect() as conn:
        return policy.grants(conn, user).edits(Area.PURCHASING)


def supplier_name(engine: Engine, user: CurrentUser, organisation_id: str) -> str | None:
    """The name of a visible organisation (purchasing), None otherwise."""
    policy.checked_id(organisation_id, "organisation id")
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.PURCHASING)
        o = Organisation
        return conn.execute(select(o.name).where(o.id == organisation_id, policy.organisation_clause(g, o.id))).scalar()


__all__ = [
    "HIGHEST",
    "LOWEST",
    "SORTABLE",
    "RatingEntry",
    "RatingsPage",
    "ScorePoint",
    "SupplierDetail",
    "SupplierRow",
    "Weights",
    "letters",
    "may_rate",
    "ratings_page",
    "supplier_choices",
    "supplier_detail",
    "supplier_name",
    "weights_of",
]
