"""PostgreSQL keeps the payload of the invoice covering indexes as INCLUDE columns (faster to
build, smaller inner pages); an index on the organisations in fixed mode (the few that the
relationship queries add to the candidates by hand); the maintained latest status of each opportunity
(empty until the next import, which recomputes it: an opportunity without a row reads its history)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_COVERING = {"ix_invoices_date_cover": ["invoice_date", "organisation_id"],
             "ix_invoices_org_date": ["organisation_id", "invoice_date"]}
_PAYLOAD = ["amount_net", "status"]
_FIXED = text("relationship_mode = 'fixed'")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, key in _COVERING.items():
            op.drop_index(name, table_name="invoices")
            op.create_index(name, "invoices", key, postgresql_include=_PAYLOAD)
    op.create_index("ix_organisations_fixed", "organisations", ["id"], postgresql_where=_FIXED, sqlite_where=_FIXED)
    op.create_table(
        "opportunity_latest_status",
        sa.Column("opportunity_id", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=60), nullable=False),
        sa.Column("probability", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("opportunity_id", name=op.f("pk_opportunity_latest_status")),
    )


def downgrade() -> None:
    op.drop_table("opportunity_latest_status")
    op.drop_index("ix_organisations_fixed", table_name="organisations")
    if op.get_bind().dialect.name == "postgresql":
        for name, key in _COVERING.items():
            op.drop_index(name, table_name="invoices")
            op.create_index(name, "invoices", key + _PAYLOAD)
