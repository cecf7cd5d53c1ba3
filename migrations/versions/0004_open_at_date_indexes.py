"""indexes for "open at D": quotes by valid_until (the still valid ones are a short range), an
opportunity's status changes with id as tie-break and the status (its latest one is one backward probe)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 18:40:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_quotes_open", "quotes", ["valid_until", "quote_date", "decided_at", "organisation_id"])
    op.drop_index("ix_opportunity_status_changes_opp_at", table_name="opportunity_status_changes")
    op.create_index("ix_opportunity_status_changes_opp_at", "opportunity_status_changes",
                    ["opportunity_id", "changed_at", "id", "status"])


def downgrade() -> None:
    op.drop_index("ix_opportunity_status_changes_opp_at", table_name="opportunity_status_changes")
    op.create_index("ix_opportunity_status_changes_opp_at", "opportunity_status_changes",
                    ["opportunity_id", "changed_at"])
    op.drop_index("ix_quotes_open", table_name="quotes")
