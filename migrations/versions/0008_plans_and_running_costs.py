"""plans and running costs: a target date, and people and operating effort in a cost

- ``project.target_date``: the production date aimed for (`target:<YYYY-MM-DD>`).
- ``costestimate.fte`` and ``costestimate.ops_hours_month``: the people and the operating
  effort a revision of the cost of ownership counts.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_date", sa.Date(), nullable=True))
    with op.batch_alter_table("costestimate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fte", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("ops_hours_month", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("costestimate", schema=None) as batch_op:
        batch_op.drop_column("ops_hours_month")
        batch_op.drop_column("fte")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("target_date")
