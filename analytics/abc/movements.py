"""Classification at two dates side by side: the transition matrix and who moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection

from analytics.abc.classify import classification
from analytics.abc.queries import model_query
from core.businessconfig import BusinessConfig, load_config
from core.vocabulary import AbcModel, Aspect

#: the label of "no letter" (no movement, or not holding the relationship) in the matrix
NO_LETTER = "-"
LABELS = ["A", "B", "C", NO_LETTER]


@dataclass(frozen=True)
class Movements:
    """Two classifications side by side (`table`), the matrix before x after (`matrix`) and who moved (`moved`)."""

    aspect: Aspect
    model: AbcModel
    before: date
    after: date
    table: pd.DataFrame
    matrix: pd.DataFrame
    moved: pd.DataFrame


def transition(before: str, after: str) -> str:
    """`new` (no letter before), `lost` (no letter after), `stay`, `none` (never lettered) or e.g. `A->B`."""
    if before == after:
        return "none" if before == NO_LETTER else "stay"
    if before == NO_LETTER:
        return "new"
    if after == NO_LETTER:
        return "lost"
    return f"{before}->{after}"


def movements(conn: Connection, aspect: Aspect, before: date, after: date, model: AbcModel | None = None,
              config: BusinessConfig | None = None) -> Movements:
    """Compare the classes of `aspect` at `before` and at `after` (same model)."""
    config = config or load_config(conn)
    name = model_query(aspect, model, config.abc).model
    keep = ["organisation_id", "name", "class", "metric", "rank"]
    old = classification(conn, aspect, before, name, config)[keep]
    new = classification(conn, aspect, after, name, config)[keep]
    table = old.merge(new, on="organisation_id", how="outer", suffixes=("_before", "_after"))
    table["name"] = table["name_after"].fillna(table["name_before"])
    table = table.drop(columns=["name_before", "name_after"])
    for side in ("before", "after"):
        table[f"class_{side}"] = table[f"class_{side}"].fillna(NO_LETTER).astype(str)
    table["transition"] = [transition(b, a) for b, a in zip(table["class_before"], table["class_after"], strict=True)]
    table = table[["organisation_id", "name", "class_before", "class_after", "transition", "metric_before",
                   "metric_after", "rank_before", "rank_after"]].sort_values("organisation_id").reset_index(drop=True)
    matrix = pd.crosstab(
        pd.Categorical(table["class_before"], categories=LABELS),
        pd.Categorical(table["class_after"], categories=LABELS),
        dropna=False,
    )
    matrix.index.name, matrix.columns.name = "before", "after"
    moved = table.loc[~table["transition"].isin(["stay", "none"])].reset_index(drop=True)
    return Movements(aspect, name, before, after, table, matrix, moved)


__all__ = ["NO_LETTER", "Movements", "movements", "transition"]
