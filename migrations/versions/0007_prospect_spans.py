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
    # the same query every import runs afterwards (it reads tables that exist since 0001 and 0005)
    from services.commands.maintained import refresh_prospect_spans

    refresh_prospect_spans(op.get_bind())


def downgrade() -> None:
    op.create_index("ix_quotes_open", "quotes", ["valid_until", "quote_date", "decided_at", "organisation_id"])
    op.drop_index("ix_prospect_spans_until", table_name="prospect_spans")
    op.drop_table("prospect_spans")
