"""the running totals of outgoing invoices (`invoice_running_totals`: per organisation and calendar month the net
sum and count of its non-cancelled invoices up to that month's end, one row for every month from its first
invoice month to the greatest month held), filled here from `invoice_months`; every import then brings the
touched organisations' rows up to date

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_KEY = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")

#: what `refresh_invoice_running_totals` computes when this revision was written (analytics/invoice_months.py),
#: frozen here; {calendar} is every month start from the first month held to the last
FILL = """
WITH {calendar},
firsts AS (SELECT organisation_id, min(month) AS first FROM invoice_months GROUP BY organisation_id)
INSERT INTO invoice_running_totals (organisation_id, month, revenue, invoices)
SELECT firsts.organisation_id, calendar.month,
       sum(coalesce(invoice_months.revenue, 0)) OVER totals, sum(coalesce(invoice_months.invoices, 0)) OVER totals
FROM firsts JOIN calendar ON calendar.month >= firsts.first
LEFT OUTER JOIN invoice_months ON invoice_months.organisation_id = firsts.organisation_id
                              AND invoice_months.month = calendar.month
WINDOW totals AS (PARTITION BY firsts.organisation_id ORDER BY calendar.month ROWS UNBOUNDED PRECEDING)
ORDER BY calendar.month, firsts.organisation_id
"""

CALENDAR = {
    "sqlite": "RECURSIVE calendar(month) AS (SELECT min(month) FROM invoice_months UNION ALL "
              "SELECT date(month, '+1 month') FROM calendar WHERE month < (SELECT max(month) FROM invoice_months))",
    "postgresql": "calendar AS (SELECT CAST(m AS DATE) AS month FROM generate_series("
                  "(SELECT min(month) FROM invoice_months), (SELECT max(month) FROM invoice_months), "
                  "interval '1 month') AS m)",
}


def upgrade() -> None:
    op.create_table(
        "invoice_running_totals",
        sa.Column("organisation_id", _KEY, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revenue", sa.Numeric(18, 2), nullable=False),
        sa.Column("invoices", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "month", name=op.f("pk_invoice_running_totals")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.create_index("ix_invoice_running_totals_month", "invoice_running_totals", ["month", "organisation_id"],
                        postgresql_include=["revenue", "invoices"])
    else:
        op.create_index("ix_invoice_running_totals_month", "invoice_running_totals",
                        ["month", "organisation_id", "revenue", "invoices"])
    op.execute(sa.text(FILL.format(calendar=CALENDAR[dialect])))


def downgrade() -> None:
    op.drop_index("ix_invoice_running_totals_month", table_name="invoice_running_totals")
    op.drop_table("invoice_running_totals")
