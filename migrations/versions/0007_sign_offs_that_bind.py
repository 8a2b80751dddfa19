"""sign-offs that bind: sponsors' consent, sign-off requests and refusals

- ``membership.confirmed_at``: when a sponsor said yes. A sponsor named before this
  migration never did; they count once they confirm (`sponsor <p> confirm`).
- ``readinessitem``: who a sign-off was asked of, by whom and when, and the latest refusal
  with its reason.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import governance.sqltypes

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str) -> sa.Column:
    return sa.Column(name, governance.sqltypes.UtcDateTime(timezone=True), nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(_when("confirmed_at"))
    with op.batch_alter_table("readinessitem", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_of", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("requested_by", sa.Integer(), nullable=True))
        batch_op.add_column(_when("requested_at"))
        batch_op.add_column(sa.Column("refused_by", sa.Integer(), nullable=True))
        batch_op.add_column(_when("refused_at"))
        batch_op.add_column(sa.Column("refused_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            "fk_readinessitem_requested_of_person", "person", ["requested_of"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_readinessitem_requested_by_person", "person", ["requested_by"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_readinessitem_refused_by_person", "person", ["refused_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("readinessitem", schema=None) as batch_op:
        batch_op.drop_constraint("fk_readinessitem_refused_by_person", type_="foreignkey")
        batch_op.drop_constraint("fk_readinessitem_requested_by_person", type_="foreignkey")
        batch_op.drop_constraint("fk_readinessitem_requested_of_person", type_="foreignkey")
        for column in (
            "refused_reason", "refused_at", "refused_by", "requested_at", "requested_by",
            "requested_of",
        ):  # fmt: skip
            batch_op.drop_column(column)
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("confirmed_at")
