"""rhythm: check-in rounds and the outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:52:46.258564
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import governance.sqltypes

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("tenant", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("target_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", governance.sqltypes.UtcDateTime(timezone=True), nullable=False),
        sa.Column("lease_until", governance.sqltypes.UtcDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", governance.sqltypes.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", governance.sqltypes.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivery_status"), ["status"], unique=False)

    op.create_table(
        "checkinround",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("slot_at", governance.sqltypes.UtcDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", governance.sqltypes.UtcDateTime(timezone=True), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("reminded_at", governance.sqltypes.UtcDateTime(timezone=True), nullable=True),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkin.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "person_id", "slot_at"),
    )
    with op.batch_alter_table("checkinround", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkinround_closes_at"), ["closes_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkinround_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_checkinround_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_checkinround_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checkinround", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkinround_state"))
        batch_op.drop_index(batch_op.f("ix_checkinround_project_id"))
        batch_op.drop_index(batch_op.f("ix_checkinround_person_id"))
        batch_op.drop_index(batch_op.f("ix_checkinround_closes_at"))

    op.drop_table("checkinround")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_status"))
        batch_op.drop_index(batch_op.f("ix_delivery_due_at"))

    op.drop_table("delivery")
