"""the maintained month aggregate of outgoing invoices (`invoice_months`: per organisation and calendar
month the net sum and count of the non-cancelled ones), filled here from the current invoices (every
import then recomputes it); the cache of whole windows' sums (`invoice_windows`, `invoice_window_sums`),
filled on demand and emptied by every import; "open at D" per organisation as two partial indexes
(the open invoices, and the paid ones by payment date)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_KEY = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")

#: what `refresh_invoice_months` ran when this revision was written (analytics/invoice_months.py), frozen here
FILL_INVOICE_MONTHS = """
INSERT INTO invoice_months (organisation_id, month, revenue, invoices)
SELECT invoices.organisation_id, {month} AS month, sum(invoices.amount_net) AS revenue, count(*) AS invoices
FROM invoices
WHERE invoices.status IS NULL OR invoices.status != 'cancelled'
GROUP BY invoices.organisation_id, {month}
"""

#: a date's first day of the month (SQLite keeps dates as ISO text)
MONTH_SQL = {
    "sqlite": "date(invoices.invoice_date, 'start of month')",
    "postgresql": "CAST(date_trunc('month', invoices.invoice_date) AS DATE)",
}


def upgrade() -> None:
    op.create_table(
        "invoice_months",
        sa.Column("organisation_id", _KEY, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revenue", sa.Numeric(14, 2), nullable=False),
        sa.Column("invoices", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "month", name=op.f("pk_invoice_months")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_invoice_months_month", "invoice_months", ["month", "organisation_id"],
                        postgresql_include=["revenue", "invoices"])
    else:
        op.create_index("ix_invoice_months_month", "invoice_months", ["month", "organisation_id", "revenue", "invoices"])
    op.create_table(
        "invoice_windows",
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("last", sa.Date(), nullable=False),
        sa.Column("filled_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("first", "last", name=op.f("pk_invoice_windows")),
    )
    op.create_table(
        "invoice_window_sums",
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("last", sa.Date(), nullable=False),
        sa.Column("organisation_id", _KEY, nullable=False),
        sa.Column("revenue", sa.Numeric(14, 2), nullable=False),
        sa.Column("invoices", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("first", "last", "organisation_id", name=op.f("pk_invoice_window_sums")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_invoices_open", "invoices", ["organisation_id", "invoice_date"],
                        postgresql_include=["amount_net", "dunning_level", "project_id"],
                        postgresql_where=sa.text("status = 'open'"))
        op.create_index("ix_invoices_paid", "invoices", ["organisation_id", "paid_date"],
                        postgresql_include=["invoice_date", "amount_net", "dunning_level", "project_id"],
                        postgresql_where=sa.text("status = 'paid'"))
    else:
        op.create_index("ix_invoices_open", "invoices",
                        ["organisation_id", "invoice_date", "amount_net", "dunning_level", "project_id"],
                        sqlite_where=sa.text("status = 'open'"))
        op.create_index("ix_invoices_paid", "invoices",
                        ["organisation_id", "paid_date", "invoice_date", "amount_net", "dunning_level", "project_id"],
                        sqlite_where=sa.text("status = 'paid'"))
    op.execute(sa.text(FILL_INVOICE_MONTHS.format(month=MONTH_SQL[op.get_bind().dialect.name])))


def downgrade() -> None:
    op.drop_index("ix_invoices_paid", table_name="invoices")
    op.drop_index("ix_invoices_open", table_name="invoices")
    op.drop_table("invoice_window_sums")
    op.drop_table("invoice_windows")
    op.drop_index("ix_invoice_months_month", table_name="invoice_months")
    op.drop_table("invoice_months")
