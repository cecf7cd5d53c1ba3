"""`touched_organisations`: the organisations and months whose facts an import changed, per fact table (a
temporary table).

The load writes into it, in the import's transaction, the organisation and calendar month of every row
it inserts or changes, before and after the change; the maintained aggregates are then recomputed for
those months only (and the running totals for those organisations). A row with no organisation (NULL)
stands for "all of them": the table was loaded whole (an empty target filled directly), so its aggregates
are rebuilt in full. The table lives for the connection's session only and is never part of the schema's
migrations.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Date, MetaData, Select, String, Table, exists, select, text
from sqlalchemy.schema import CreateTable

TOUCHED_TABLE = "touched_organisations"

#: fact tables whose maintained aggregates are refreshed per touched organisation and month -> their organisation
#: column and the date column that buckets a row into its month
TRACKED_FACTS: dict[str, tuple[str, str]] = {"invoices": ("organisation_id", "invoice_date")}

touched_organisations = Table(
    TOUCHED_TABLE, MetaData(),
    Column("fact", String(40), nullable=False),
    Column("organisation_id", String(200)),
    #: the first day of the touched month, and of the month after it
    Column("month", Date),
    Column("next_month", Date),
    prefixes=["TEMPORARY"],
)


def month_bounds_sql(column: str, postgres: bool) -> tuple[str, str]:
    """SQL for the first day of `column`'s month and of the month after (for the load's raw statements)."""
    if postgres:
        return (f"CAST(date_trunc('month', {column}) AS DATE)",
                f"CAST(date_trunc('month', {column}) + interval '1 month' AS DATE)")
    return f"date({column}, 'start of month')", f"date({column}, 'start of month', '+1 month')"


def touched_months(fact: str) -> Select:
    """organisation_id, month, next_month: the months of `fact` this import touched, each once."""
    t = touched_organisations
    return (select(t.c.organisation_id, t.c.month, t.c.next_month)
            .where(t.c.fact == fact, t.c.organisation_id.is_not(None)).distinct())


def ensure_touched(conn: Connection) -> None:
    """Create the session's table unless it exists, empty (an import starts with nothing touched)."""
    conn.execute(CreateTable(touched_organisations, if_not_exists=True))
    conn.execute(touched_organisations.delete())


def touched_all(conn: Connection, fact: str) -> None:
    """Record that `fact` was loaded whole: its aggregates are to be rebuilt in full."""
    conn.execute(touched_organisations.insert().values(fact=fact, organisation_id=None))


def wholly_touched(conn: Connection, fact: str) -> bool:
    """Whether `fact` was loaded whole by this import."""
    t = touched_organisations
    return bool(conn.execute(select(exists().where(t.c.fact == fact, t.c.organisation_id.is_(None)))).scalar())


def touched_ids(fact: str) -> Select:
    """The organisations of `fact` this import touched (a subquery for IN)."""
    t = touched_organisations
    return select(t.c.organisation_id).where(t.c.fact == fact, t.c.organisation_id.is_not(None)).distinct()


def any_touched(conn: Connection, fact: str) -> bool:
    """Whether this import touched any row of `fact`."""
    t = touched_organisations
    return bool(conn.execute(select(exists().where(t.c.fact == fact))).scalar())


def drop_touched(conn: Connection) -> None:
    """Drop the session's table (after the aggregates are refreshed)."""
    conn.execute(text(f"DROP TABLE IF EXISTS {TOUCHED_TABLE}"))


__all__ = [
    "TOUCHED_TABLE", "TRACKED_FACTS", "any_touched", "drop_touched", "ensure_touched",
    "month_bounds_sql",
    "touched_all", "touched_ids", "touched_months", "touched_organisations", "wholly_touched",
]
