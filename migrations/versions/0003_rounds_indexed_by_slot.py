"""rounds indexed by slot; two indexes no query used

Planning reads the recent weeks' check-in rounds every minute; without an index on
``slot_at`` that read grows with the whole history. ``closes_at`` was never searched on,
and lookups by project use the unique (project_id, person_id, slot_at) index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 22:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkinround", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkinround_slot_at"), ["slot_at"], unique=False)
        batch_op.drop_index(batch_op.f("ix_checkinround_closes_at"))
        batch_op.drop_index(batch_op.f("ix_checkinround_project_id"))


def downgrade() -> None:
    with op.batch_alter_table("checkinround", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checkinround_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_checkinround_closes_at"), ["closes_at"], unique=False)
        batch_op.drop_index(batch_op.f("ix_checkinround_slot_at"))
