"""the cache of ABC classifications per relationship and as-of date (`abc_rank_runs`, `abc_ranks`), filled on
demand by the lists of customers, prospects and suppliers, keyed by the stamp of the inputs it was computed from

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_KEY = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "abc_rank_runs",
        sa.Column("aspect", sa.String(10), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("stamp", sa.String(64), nullable=False),
        sa.Column("filled_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("aspect", "as_of", name=op.f("pk_abc_rank_runs")),
    )
    op.create_table(
        "abc_ranks",
        sa.Column("aspect", sa.String(10), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("organisation_id", _KEY, nullable=False),
        sa.Column("letter", sa.String(1), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("metric", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("aspect", "as_of", "organisation_id", name=op.f("pk_abc_ranks")),
    )
    op.create_index("ix_abc_ranks_rank", "abc_ranks", ["aspect", "as_of", "rank"])
    op.create_index("ix_abc_ranks_letter", "abc_ranks", ["aspect", "as_of", "letter", "rank"])


def downgrade() -> None:
    op.drop_index("ix_abc_ranks_letter", table_name="abc_ranks")
    op.drop_index("ix_abc_ranks_rank", table_name="abc_ranks")
    op.drop_table("abc_ranks")
    op.drop_table("abc_rank_runs")
