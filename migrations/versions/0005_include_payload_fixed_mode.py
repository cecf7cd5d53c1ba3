"""PostgreSQL keeps the payload of the invoice covering indexes as INCLUDE columns (faster to
build, smaller inner pages); an index on the organisations in fixed mode (the few that the
relationship queries add to the candidates by hand)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:00:00
"""

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


def downgrade() -> None:
    op.drop_index("ix_organisations_fixed", table_name="organisations")
    if op.get_bind().dialect.name == "postgresql":
        for name, key in _COVERING.items():
            op.drop_index(name, table_name="invoices")
            op.create_index(name, "invoices", key + _PAYLOAD)
