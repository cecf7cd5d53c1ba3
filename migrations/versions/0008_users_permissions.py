"""users who sign in, the permission matrix (role x information area) and the organisation scope per
role, seeded with the defaults of spec/analytics.md ("Security: need-to-know"); the audit log gets
the client address, an index by time, and triggers that refuse to change or delete its rows

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_KEY = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")

ROLES = ("admin", "management", "sales", "support", "accounting", "purchasing", "external")
#: area -> the level of each role in ROLES' order (E edit, R read, - none), as the spec's table of 2026-12
MATRIX = {
    "master_data": "ERERRRR",
    "pipeline": "ERE----",
    "billing": "ERR-E--",
    "purchasing": "ER--RE-",
    "service": "ERRE--R",
    "projects": "ERRRRRR",
    "activities": "EREERR-",
    "documents": "ERRRRRR",
    "analytics": "ER--RR-",
    "administration": "E------",
}
LEVELS = {"E": "edit", "R": "read", "-": "none"}

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
PG_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("agent_id", _KEY, nullable=True),
        sa.Column("contact_id", _KEY, nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_users_agent_id_agents"),
                                initially="DEFERRED", deferrable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_users_contact_id_contacts"),
                                initially="DEFERRED", deferrable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sa.UniqueConstraint("session_token", name=op.f("uq_users_session_token")),
    )
    op.create_index(op.f("ix_users_agent_id"), "users", ["agent_id"])
    op.create_index(op.f("ix_users_contact_id"), "users", ["contact_id"])
    permissions = op.create_table(
        "permissions",
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=4), nullable=False),
        sa.PrimaryKeyConstraint("role", "area", name=op.f("pk_permissions")),
    )
    scopes = op.create_table(
        "role_scopes",
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_role_scopes")),
    )
    op.bulk_insert(permissions, [{"role": role, "area": area, "level": LEVELS[levels[i]]}
                                 for area, levels in MATRIX.items() for i, role in enumerate(ROLES)])
    op.bulk_insert(scopes, [{"role": role, "scope": "all"} for role in ROLES if role != "external"])
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("address", sa.String(length=64), nullable=True))
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    for statement in PG_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("address")
    op.drop_table("role_scopes")
    op.drop_table("permissions")
    op.drop_index(op.f("ix_users_contact_id"), table_name="users")
    op.drop_index(op.f("ix_users_agent_id"), table_name="users")
    op.drop_table("users")
