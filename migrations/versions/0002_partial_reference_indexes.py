"""partial indexes on nullable references (invoices and time entries by project or ticket)

Only rows that name a project or ticket are ever looked up by it; leaving the others out
keeps the indexes small and their build after a bulk load short.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 18:20:00
"""

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PARTIAL = (("invoices", "project_id"), ("time_entries", "project_id"), ("time_entries", "ticket_id"))


def upgrade() -> None:
    for table, column in PARTIAL:
        name = f"ix_{table}_{column}"
        where = sa.text(f"{column} IS NOT NULL")
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], postgresql_where=where, sqlite_where=where)


def downgrade() -> None:
    for table, column in PARTIAL:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column])
