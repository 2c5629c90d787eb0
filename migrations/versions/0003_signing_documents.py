"""signing documents: pangkat/golongan, u.b. official, the agreement's subject and blank attendance rows

agency gets head_rank and signatory_rank (pangkat/golongan under the signatory's name) and
delegation_via_title (the official between an "a.n." and a "u.b." signature); agreement gets subject
(the annex's "TENTANG") and attendance_blank_rows (empty rows at the end of the daftar hadir).

Columns are added in place (recreate="never"): recreating agency would drop a table others refer to.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agency", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("head_rank", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("signatory_rank", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("delegation_via_title", sa.String(length=250), nullable=True))
    with op.batch_alter_table("agreement", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=250), nullable=True))
        batch_op.add_column(
            sa.Column("attendance_blank_rows", sa.Integer(), server_default="5", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("agreement", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("attendance_blank_rows")
        batch_op.drop_column("subject")
    with op.batch_alter_table("agency", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("delegation_via_title")
        batch_op.drop_column("signatory_rank")
        batch_op.drop_column("head_rank")
