"""login hardening: per-account-and-address login throttle, session epoch

The account-wide lock (app_user.failed_logins, app_user.locked_until) is replaced by the table
login_throttle (failures per account and client address, with a growing delay), and every user gets a
session_epoch that ends all of their sessions when it changes.

app_user is changed in place (recreate="never": SQLite's own ADD/DROP COLUMN): recreating it would drop
a table that audit_entry and others refer to, which SQLite refuses with foreign keys on.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 11:59:28.314926

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_login_throttle_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttle")),
        sa.UniqueConstraint("user_id", "address", name=op.f("uq_login_throttle_user_id")),
    )
    with op.batch_alter_table("app_user", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")


def downgrade():
    with op.batch_alter_table("app_user", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.drop_column("session_epoch")

    op.drop_table("login_throttle")
