"""The start page as a user may see it: ABC tiles per relationship, what needs attention, an external's own page.

* **ABC tiles**: per relationship whose ABC figures the user may read (prospects: pipeline, customers:
  billing, suppliers: purchasing), the count, share and metric behind A, B, C and "no letter", over the
  organisations the user may see. The letters are the company-wide classification (spec/analytics.md,
  "ABC classification": need-to-know restricts rows, never the ranking), aggregated on its
  one-row-per-organisation result.
* **What needs attention**: the user's open reminders (activities of kind `task` with a due date, not
  done, whose agent is the user's agent: interchange.md, activities), the A-customers whose revenue
  trends down and the prospects' stale revenue potentials (the ABC warnings, analytics.abc.warnings).
* **An external user** (a customer's contact) sees their own organisation and its tickets, nothing else.

The classification and the warnings are company-wide and cost seconds on a large company, so they
are kept per engine and (aspect, model, as-of date, configuration, last import): nothing but an
import or a configuration change alters them. Each process keeps its own copies (the same key gives
the same figures in every worker); the least recently used go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import pandas as pd
from sqlalchemy import Connection, Engine, and_, exists, false, func, or_, select

from analytics.abc import AbcWarning, abc_warnings, classification
from analytics.abc.queries import model_query
from analytics.period import as_of_date, day_end
from analytics.tiles import tickets as tickets_tile
from core.businessconfig import BusinessConfig, load_config
from core.errors import InvalidInput, NotFound
from core.schema import Activity, ActivityLink, ImportLogEntry, OpportunityStatus, Organisation, Ticket
from core.vocabulary import AbcModel, ActivityKind, Area, Aspect
from services import policy
from services.abc import readable_aspects, visible_ids
from services.users import CurrentUser

#: the tiles of one relationship, in this order; None is "no letter" (no movement in the window)
LETTERS: tuple[str | None, ...] = ("A", "B", "C", None)
#: the reminders shown at most (the count says how many there are)
REMINDER_LIMIT = 20
#: classifications and warning lists kept per engine
CACHE_SIZE = 24

T = TypeVar("T")


# --- the cache of company-wide figures -----------------------------------------------------------------


class FigureCache:
    """Company-wide figures per engine and key, the least recently used dropped beyond `size` (thread-safe).

    Two requests that miss at once both compute (the same result): no request waits on another's lock.
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._kept: WeakKeyDictionary[Engine, OrderedDict[tuple[Any, ...], Any]] = WeakKeyDictionary()

    def get(self, engine: Engine, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        with self._lock:
            kept = self._kept.setdefault(engine, OrderedDict())
            if key in kept:
                kept.move_to_end(key)
                found: T = kept[key]
                return found
        value = make()
        with self._lock:
            kept = self._kept.setdefault(engine, OrderedDict())
            kept[key] = value
            kept.move_to_end(key)
            while len(kept) > self.size:
                kept.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


CACHE = FigureCache()


def data_stamp(conn: Connection, config: BusinessConfig) -> tuple[Any, ...]:
    """What the company-wide figures depend on besides the date: the last import run (only imports write facts),
    the configuration and the opportunity statuses' probabilities (the settings change them)."""
    log, status = ImportLogEntry, OpportunityStatus
    last = conn.execute(select(func.max(log.id), func.max(log.finished_at))).one()
    statuses = tuple(tuple(r) for r in conn.execute(
        select(status.status, status.probability, status.outcome).order_by(status.status)))
    return (last[0], last[1], config.model_dump_json(), statuses)


def _classified(conn: Connection, aspect: Aspect, model: AbcModel, as_of: date,
                config: BusinessConfig) -> tuple[pd.DataFrame, tuple[LetterTile, ...]]:
    """organisation_id, class, metric of every holder of `aspect` at D (company-wide) and its letter tiles over
    every holder, from the cache."""
    key = ("abc", aspect.value, model.value, as_of, *data_stamp(conn, config))

    def make() -> tuple[pd.DataFrame, tuple[LetterTile, ...]]:
        frame = classification(conn, aspect, as_of, model, config)[["organisation_id", "class", "metric"]].copy()
        return frame, letter_tiles(frame)

    return CACHE.get(conn.engine, key, make)


def _warnings(conn: Connection, as_of: date, config: BusinessConfig) -> tuple[AbcWarning, ...]:
    """Every ABC warning at D (company-wide), from the cache."""
    key = ("warnings", as_of, *data_stamp(conn, config))
    return CACHE.get(conn.engine, key, lambda: abc_warnings(conn, as_of, config))


# --- ABC tiles -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterTile:
    """One letter of one relationship: how many organisations, their share of the relationship's, their metric.

    `letter` None is "no letter" (holds the relationship, no movement): no metric, so `value` and `mean`
    are None there.
    """

    letter: str | None
    count: int
    share: float
    value: float | None
    mean: float | None

    @property
    def key(self) -> str:
        """The letter as the list pages' `abc` parameter takes it: A, B, C or `none`."""
        return self.letter or "none"


@dataclass(frozen=True)
class AbcTiles:
    """A, B, C and "no letter" of one relationship at D over the organisations the user may see."""

    aspect: Aspect
    model: AbcModel
    as_of: date
    total: int
    letters: tuple[LetterTile, ...]

    def tile(self, letter: str | None) -> LetterTile:
        return next(t for t in self.letters if t.letter == letter)


def letter_tiles(frame: pd.DataFrame) -> tuple[LetterTile, ...]:
    """Count, share, metric sum and mean per letter of a one-row-per-organisation classification frame."""
    total = len(frame)
    letters = frame["class"].astype(object).where(frame["class"].notna(), None)
    metric = pd.to_numeric(frame["metric"], errors="coerce").astype(float)
    tiles = []
    for letter in LETTERS:
        mine = letters.isna() if letter is None else letters == letter
        count = int(mine.sum())
        values = metric[mine].dropna()
        value = None if letter is None or count == 0 else float(round(values.sum(), 2))
        mean = None if letter is None or values.empty else float(values.mean())
        tiles.append(LetterTile(letter, count, count / total if total else 0.0, value, mean))
    return tuple(tiles)


def abc_tiles(engine: Engine, user: CurrentUser, aspect: Aspect, as_of: date | None = None) -> AbcTiles:
    """The letter tiles of `aspect` with its configured model; the area of its ABC figures is required (an
    audited Forbidden otherwise), the organisations counted are those the user may see."""
    aspect = Aspect(aspect)
    day = as_of_date(as_of)
    with engine.connect() as conn:
        seen = visible_ids(conn, user, aspect)
        config = load_config(conn)
        model = model_query(aspect, None, config.abc).model
        frame, every = _classified(conn, aspect, model, day, config)
    if seen is None:
        return AbcTiles(aspect, model, day, len(frame), every)
    mine = frame.loc[frame["organisation_id"].isin(seen)]
    return AbcTiles(aspect, model, day, len(mine), letter_tiles(mine))


def tile_aspects(engine: Engine, user: CurrentUser) -> list[Aspect]:
    """The relationships whose tiles the user gets (customers, prospects, suppliers: the start page's order)."""
    readable = set(readable_aspects(engine, user))
    return [a for a in (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER) if a in readable]


# --- what needs attention ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """An open task of the user's agent: what, when due, how important, and the organisation it is about."""

    activity_id: int
    subject: str | None
    due_at: datetime
    importance: str | None
    organisation_id: str | None
    organisation_name: str | None
    overdue: bool


@dataclass(frozen=True)
class Reminders:
    """The first `REMINDER_LIMIT` open reminders by due date, and how many there are in all."""

    as_of: date
    items: tuple[Reminder, ...]
    total: int


def reminders(engine: Engine, user: CurrentUser, as_of: date | None = None,
              limit: int = REMINDER_LIMIT) -> Reminders:
    """The user's open reminders at D: tasks with a due date, created by the end of D, not done, whose agent is
    the user's agent, soonest due first. A task landed only at organisations the user may not see is left out;
    one landed nowhere is the user's own. Needs the activities area (an audited Forbidden otherwise)."""
    day = as_of_date(as_of)
    a, link = Activity, ActivityLink
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.ACTIVITIES)
        if user.agent_id is None or user.is_external:
            return Reminders(day, (), 0)
        visible_link = and_(link.activity_id == a.id, policy.organisation_clause(g, link.organisation_id))
        landed = exists().where(link.activity_id == a.id)
        conditions = (
            a.agent_id == user.agent_id, a.occurred_at < day_end(day), a.kind == ActivityKind.TASK.value,
            a.due_at.is_not(None), or_(a.done.is_(None), a.done == false()),
            or_(~landed, exists().where(visible_link)),
        )
        total = conn.execute(select(func.count()).select_from(a).where(*conditions)).scalar_one()
        shown = (select(a.id, a.subject, a.due_at, a.importance).where(*conditions)
                 .order_by(a.due_at, a.id).limit(limit).subquery("shown"))
        # the organisation of each shown task: the first one it landed at that the user may see
        first_org = (select(func.min(link.organisation_id))
                     .where(link.activity_id == shown.c.id, policy.organisation_clause(g, link.organisation_id))
                     .scalar_subquery())
        rows = conn.execute(select(shown, first_org.label("organisation_id")).order_by(shown.c.due_at, shown.c.id)
                            ).all()
        ids = sorted({r.organisation_id for r in rows if r.organisation_id})
        names = dict(conn.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all()
                     ) if ids else {}
    items = tuple(Reminder(r.id, r.subject, r.due_at, r.importance, r.organisation_id,
                           names.get(r.organisation_id), r.due_at.date() < day) for r in rows)
    return Reminders(day, items, int(total))


@dataclass(frozen=True)
class AttentionWarnings:
    """The A-customers whose revenue trends down (None: billing not readable) and the prospects whose revenue
    potential is stale (None: pipeline not readable), of the organisations the user may see."""

    as_of: date
    declining: tuple[AbcWarning, ...] | None
    stale: tuple[AbcWarning, ...] | None


def attention_warnings(engine: Engine, user: CurrentUser, as_of: date | None = None) -> AttentionWarnings:
    """Declining A-customers and stale potentials at D, as the ABC page's warnings tab finds them; master data
    is required (an audited Forbidden otherwise), each kind only with its relationship's area."""
    day = as_of_date(as_of)
    with engine.connect() as conn:
        seen = visible_ids(conn, user)
        aspects = set(readable_aspects(conn, user))
        if user.is_external or not aspects & {Aspect.CUSTOMER, Aspect.PROSPECT}:
            return AttentionWarnings(day, None, None)
        found = _warnings(conn, day, load_config(conn))

    def kind(name: str, aspect: Aspect) -> tuple[AbcWarning, ...] | None:
        if aspect not in aspects:
            return None
        return tuple(w for w in found if w.kind == name and w.aspect == aspect
                     and (seen is None or w.organisation_id in seen))

    declining = kind("downward_trend", Aspect.CUSTOMER)
    if declining is not None:
        declining = tuple(sorted(declining, key=lambda w: (w.slope or 0.0, w.organisation_id)))
    return AttentionWarnings(day, declining, kind("stale_potential", Aspect.PROSPECT))


# --- an external user's start page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExternalStart:
    """An external user's own organisation and its tickets at D (None: the service area is not readable)."""

    as_of: date
    organisation_id: str
    name: str
    open_tickets: int | None
    tickets: int | None
    tightest_due_at: datetime | None
    breached: bool


def external_start(engine: Engine, user: CurrentUser, as_of: date | None = None,
                   now: datetime | None = None) -> ExternalStart:
    """The start page of an external user: their organisation and its tickets, nothing of anybody else.

    Only for external users (InvalidInput for others); an external user without an organisation sees
    nothing (an audited NotFound)."""
    if not user.is_external:
        raise InvalidInput("the external start page is for external users")
    day = as_of_date(as_of)
    with engine.connect() as conn:
        g = policy.require(engine, conn, user, Area.MASTER_DATA)
        org = user.organisation_id or ""
        if not org:
            policy.deny(engine, user, "organisation of an external user without one", NotFound)
        policy.may_see_organisation(engine, conn, g, org)
        name = conn.execute(select(Organisation.name).where(Organisation.id == org)).scalar_one()
        if not g.reads(Area.SERVICE):
            return ExternalStart(day, org, name, None, None, None, False)
        tile = tickets_tile(conn, org, day, now or datetime.now())
        t = Ticket
        count = conn.execute(select(func.count()).where(t.organisation_id == org, t.opened_at < day_end(day))
                             ).scalar_one()
    return ExternalStart(day, org, name, tile.open_count, int(count), tile.tightest_due_at, tile.breached)


__all__ = [
    "CACHE",
    "LETTERS",
    "REMINDER_LIMIT",
    "AbcTiles",
    "AbcWarning",
    "AttentionWarnings",
    "ExternalStart",
    "FigureCache",
    "LetterTile",
    "Reminder",
    "Reminders",
    "abc_tiles",
    "attention_warnings",
    "data_stamp",
    "external_start",
    "letter_tiles",
    "reminders",
    "tile_aspects",
]
