"""ABC classification as a user sees it: ranked company-wide, rows restricted to what the user may see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, select

from analytics.abc import AbcWarning, Explanation, Movements, abc_warnings, classification, explain, movements
from analytics.abc.queries import model_of, model_query
from analytics.period import as_of_date
from analytics.relationships import relationship_flag
from core.businessconfig import load_config
from core.errors import InvalidInput, NotFound
from core.schema import AbcRank, Organisation
from core.vocabulary import ASPECT_AREAS, AbcModel, Area, Aspect, Scope
from services import policy
from services.users import CurrentUser

Bind = Engine | Connection
#: the columns of `kundenakte abc` (spec/analytics.md, command-line contract, plus name, rank, n)
REPORT_COLUMNS = ["organisation_id", "name", "class", "metric", "rank", "n"]


@contextmanager
def connected(bind: Bind) -> Iterator[Connection]:
    """A connection: the given one, or a fresh one from the engine (read-only use, rolled back)."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn


def visible_ids(conn: Connection, user: CurrentUser, aspect: Aspect | None = None) -> set[str] | None:
    """The organisations `user` may see (None: every one), after checking the area of `aspect`'s ABC figures.

    The area of prospects is the pipeline, of customers billing, of suppliers purchasing (spec/analytics.md,
    "Security"); a refusal is audited.
    """
    engine = conn.engine
    g = policy.require(engine, conn, user, ASPECT_AREAS[aspect] if aspect else Area.MASTER_DATA)
    if g.scope is Scope.ALL and not user.is_external:
        return None
    return set(conn.execute(select(Organisation.id).where(policy.organisation_clause(g, Organisation.id))).scalars())


def readable_aspects(bind: Bind, user: CurrentUser) -> list[Aspect]:
    """The aspects whose ABC figures the user may read (prospects: pipeline, customers: billing, suppliers:
    purchasing)."""
    with connected(bind) as conn:
        g = policy.grants(conn, user)
    return [a for a in Aspect if g.reads(ASPECT_AREAS[a])]


@dataclass(frozen=True)
class AbcParams:
    """Which classification: aspect, model (None: the configured one) and as-of date (None: today)."""

    aspect: Aspect
    model: AbcModel | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class AbcReport:
    """The classification at `as_of`: one row per visible organisation holding the relationship."""

    aspect: Aspect
    model: AbcModel
    as_of: date
    rows: pd.DataFrame

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts with REPORT_COLUMNS (missing values as None)."""
        frame = self.rows[REPORT_COLUMNS].astype(object)
        return frame.where(frame.notna(), None).to_dict("records")


def abc_report(bind: Bind, user: CurrentUser, params: AbcParams) -> AbcReport:
    """Classify company-wide (need-to-know never changes a letter), then keep the rows `user` may see."""
    as_of = as_of_date(params.as_of)
    with connected(bind) as conn:
        config = load_config(conn)
        seen = visible_ids(conn, user, params.aspect)
        model = model_query(params.aspect, params.model, config.abc).model
        frame = classification(conn, params.aspect, as_of, model, config)
    if seen is not None:
        frame = frame.loc[frame["organisation_id"].isin(seen)].reset_index(drop=True)
    return AbcReport(params.aspect, model, as_of, frame)


def abc_explain(bind: Bind, user: CurrentUser, organisation_id: str, params: AbcParams) -> Explanation:
    """Why `organisation_id` has its letter; NotFound when it does not exist or is not visible."""
    policy.checked_id(organisation_id, "organisation id")
    with connected(bind) as conn:
        seen = visible_ids(conn, user, params.aspect)
        exists = conn.execute(select(Organisation.id).where(Organisation.id == organisation_id)).first()
        if exists is None or (seen is not None and organisation_id not in seen):
            raise NotFound(f"no organisation {organisation_id!r}")
        return explain(conn, organisation_id, params.aspect, as_of_date(params.as_of), params.model,
                       hidden_projects=policy.hidden_projects(user))


def abc_letters(bind: Bind, user: CurrentUser, organisation_id: str,
                as_of: date | None = None) -> dict[Aspect, str | None]:
    """Per relationship the organisation holds at D, its letter with the configured model (None: no movement).

    Read-only helper for the record header: the company-wide classification per relationship held, read
    from the cache of rankings (`abc_ranks`, filled once per relationship, date and inputs) by the
    organisation's key, else classified here; NotFound if not visible.
    """
    from services.commands.ranks import ensure_ranks

    policy.checked_id(organisation_id, "organisation id")
    day = as_of_date(as_of)
    with connected(bind) as conn:
        seen = visible_ids(conn, user)
        held = conn.execute(select(*[relationship_flag(a, day).label(a) for a in Aspect])
                            .where(Organisation.id == organisation_id)).first()
        if held is None or (seen is not None and organisation_id not in seen):
            raise NotFound(f"no organisation {organisation_id!r}")
        config = load_config(conn)
        wanted = [a for a in readable_aspects(conn, user) if held._mapping[a]]
    letters: dict[Aspect, str | None] = {}
    for aspect in wanted:
        if isinstance(bind, Engine) and ensure_ranks(bind, aspect, day, config.abc):
            with bind.connect() as conn:
                letters[aspect] = conn.execute(select(AbcRank.letter).where(
                    AbcRank.aspect == aspect.value, AbcRank.as_of == day,
                    AbcRank.organisation_id == organisation_id)).scalar()
            continue
        with connected(bind) as conn:
            frame = classification(conn, aspect, day, config.abc.model_for(aspect), config)
        found = frame.loc[frame["organisation_id"] == organisation_id, "class"]
        letters[aspect] = None if found.empty or pd.isna(found.iloc[0]) else str(found.iloc[0])
    return letters


@dataclass(frozen=True)
class MovementParams:
    """Compare the classes of `aspect` at `before` and `after` with one model."""

    aspect: Aspect
    before: date
    after: date
    model: AbcModel | None = None


class DatesReversed(InvalidInput):
    """The first date of a comparison lies after the second: "before" must not be later than "after"."""

    def __init__(self, before: date, after: date) -> None:
        super().__init__(f"the first date ({before.isoformat()}) lies after the second ({after.isoformat()})")
        self.before, self.after = before, after


def abc_movements(bind: Bind, user: CurrentUser, params: MovementParams) -> Movements:
    """Transitions between two dates; the matrix counts the visible organisations only.

    Dates in the wrong order (before after after) are DatesReversed (an InvalidInput): comparing them the other
    way round would show every rise as a fall.
    """
    if params.before > params.after:
        raise DatesReversed(params.before, params.after)
    with connected(bind) as conn:
        seen = visible_ids(conn, user, params.aspect)
        result = movements(conn, params.aspect, params.before, params.after, params.model)
    if seen is None:
        return result
    table = result.table.loc[result.table["organisation_id"].isin(seen)].reset_index(drop=True)
    matrix = pd.crosstab(
        pd.Categorical(table["class_before"], categories=result.matrix.index),
        pd.Categorical(table["class_after"], categories=result.matrix.columns),
        dropna=False,
    )
    matrix.index.name, matrix.columns.name = "before", "after"
    moved = result.moved.loc[result.moved["organisation_id"].isin(seen)].reset_index(drop=True)
    return Movements(result.aspect, result.model, result.before, result.after, table, matrix, moved)


def abc_warning_list(bind: Bind, user: CurrentUser, as_of: date | None = None,
                     aspect: Aspect | None = None) -> tuple[AbcWarning, ...]:
    """Warnings at D (stale potentials, downward trends, high shares) for the organisations `user` may see:
    of `aspect` (its area checked, a refusal audited), or of every aspect the user may read (None)."""
    with connected(bind) as conn:
        seen = visible_ids(conn, user, aspect)
        aspects = {aspect} if aspect is not None else set(readable_aspects(conn, user))
        found = abc_warnings(conn, as_of_date(as_of), aspects=aspects) if aspects else ()
    return found if seen is None else tuple(w for w in found if w.organisation_id in seen)


__all__ = [
    "REPORT_COLUMNS",
    "AbcParams",
    "AbcReport",
    "DatesReversed",
    "MovementParams",
    "abc_explain",
    "abc_letters",
    "abc_movements",
    "abc_report",
    "abc_warning_list",
    "connected",
    "model_of",
    "readable_aspects",
    "visible_ids",
]
