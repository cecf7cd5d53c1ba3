"""the maintained periods in which each organisation is a prospect by its documents (`prospect_spans`),
filled here from the current quotes, opportunities and relationship starts (every import then
recomputes it); the quotes' index for "open at D", which nothing reads any more, dropped

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_KEY = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")

#: what `refresh_prospect_spans` ran when this revision was written (analytics/prospect_spans.py), frozen here
#: so that the migration does not change with the service: the cases' open periods [since, until) cut where
#: the organisation became a customer, merged per organisation into maximal spans (gaps and islands)
FILL_PROSPECT_SPANS = """
INSERT INTO prospect_spans (organisation_id, since, until)
SELECT numbered.organisation_id, min(numbered.since) AS since, max(numbered.until) AS until
FROM (
  SELECT marked.organisation_id, marked.since, marked.until,
         sum(marked.begins) OVER (PARTITION BY marked.organisation_id ORDER BY marked.since, marked.until
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS span_no
  FROM (
    SELECT periods.organisation_id, periods.since, periods.until,
           CASE WHEN (max(periods.until) OVER reach IS NULL OR periods.since > max(periods.until) OVER reach)
                THEN 1 ELSE 0 END AS begins
    FROM (
      SELECT case_periods.organisation_id, case_periods.since,
             {least}(case_periods.until, coalesce(relationship_starts.customer_since, {forever})) AS until
      FROM (
        SELECT quotes.organisation_id, quotes.quote_date AS since,
               {least}(coalesce(quotes.decided_at, {forever}),
                       CASE WHEN (quotes.valid_until IS NULL OR quotes.valid_until >= {day_before_forever})
                            THEN {forever} ELSE {day_after_valid_until} END) AS until
        FROM quotes
        UNION ALL
        SELECT opportunities.organisation_id,
               CASE WHEN (status_steps.day IS NULL OR status_steps.previous_day IS NULL)
                    THEN opportunities.created_at
                    ELSE {greatest}(status_steps.day, opportunities.created_at) END AS since,
               {least}(CASE WHEN (status_steps.day IS NULL) THEN {forever}
                            WHEN (opportunity_statuses.outcome IS NULL
                                  OR (opportunity_statuses.outcome NOT IN ('won', 'rejected')))
                            THEN coalesce(status_steps.next_day, {forever})
                            ELSE status_steps.day END,
                       coalesce(opportunities.closed_at, {forever})) AS until
        FROM opportunities
        LEFT OUTER JOIN (
          SELECT opportunity_status_changes.opportunity_id, {changed_on} AS day, opportunity_status_changes.status,
                 lead({changed_on}) OVER history AS next_day, lag({changed_on}) OVER history AS previous_day
          FROM opportunity_status_changes
          WINDOW history AS (PARTITION BY opportunity_status_changes.opportunity_id
                             ORDER BY opportunity_status_changes.changed_at, opportunity_status_changes.id)
        ) AS status_steps ON status_steps.opportunity_id = opportunities.id
        LEFT OUTER JOIN opportunity_statuses ON opportunity_statuses.status = status_steps.status
      ) AS case_periods
      LEFT OUTER JOIN relationship_starts ON relationship_starts.organisation_id = case_periods.organisation_id
      WHERE case_periods.since < case_periods.until
        AND case_periods.since < coalesce(relationship_starts.customer_since, {forever})
    ) AS periods
    WINDOW reach AS (PARTITION BY periods.organisation_id ORDER BY periods.since, periods.until
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
  ) AS marked
) AS numbered
GROUP BY numbered.organisation_id, numbered.span_no
"""

#: where the dialects differ: two-argument min/max, the last date (9999-12-31) and the day before it,
#: a date plus one day, a timestamp's date (SQLite keeps dates as ISO text)
DIALECT_SQL = {
    "sqlite": {"least": "min", "greatest": "max", "forever": "'9999-12-31'", "day_before_forever": "'9999-12-30'",
               "day_after_valid_until": "date(quotes.valid_until, '+1 days')",
               "changed_on": "date(opportunity_status_changes.changed_at)"},
    "postgresql": {"least": "LEAST", "greatest": "GREATEST", "forever": "DATE '9999-12-31'",
                   "day_before_forever": "DATE '9999-12-30'", "day_after_valid_until": "(quotes.valid_until + 1)",
                   "changed_on": "CAST(opportunity_status_changes.changed_at AS DATE)"},
}


def upgrade() -> None:
    op.create_table(
        "prospect_spans",
        sa.Column("organisation_id", _KEY, nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "since", name=op.f("pk_prospect_spans")),
    )
    op.create_index("ix_prospect_spans_until", "prospect_spans", ["until", "since", "organisation_id"])
    op.drop_index("ix_quotes_open", table_name="quotes")
    # it reads tables that exist since 0001 and 0005; every import recomputes it afterwards
    op.execute(sa.text(FILL_PROSPECT_SPANS.format(**DIALECT_SQL[op.get_bind().dialect.name])))


def downgrade() -> None:
    op.create_index("ix_quotes_open", "quotes", ["valid_until", "quote_date", "decided_at", "organisation_id"])
    op.drop_index("ix_prospect_spans_until", table_name="prospect_spans")
    op.drop_table("prospect_spans")
