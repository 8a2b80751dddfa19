"""after go-live: re-attestations and outcome answers

- ``attestation``: an owner's answer (still | changed, with a note) to "is `<key>` on
  <project> still true?", asked every 90 days in production; one per item and cycle.
- ``outcomeanswer``: a LoB member's answer (yes | partly | no, with a note) to "does
  <project> deliver its objective?", asked each quarter in production.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 15:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import governance.sqltypes

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "attestation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", _string(64), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("answer", _string(8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", governance.sqltypes.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "key", "cycle"),
    )
    with op.batch_alter_table("attestation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attestation_project_id"), ["project_id"], unique=False)
    op.create_table(
        "outcomeanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("answer", _string(8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", governance.sqltypes.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "person_id", "quarter"),
    )
    with op.batch_alter_table("outcomeanswer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcomeanswer_project_id"), ["project_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outcomeanswer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcomeanswer_project_id"))
    op.drop_table("outcomeanswer")
    with op.batch_alter_table("attestation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attestation_project_id"))
    op.drop_table("attestation")
