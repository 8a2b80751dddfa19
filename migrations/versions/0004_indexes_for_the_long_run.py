"""indexes that stay small as the outbox and the rounds pile up

The outbox keeps every message it ever sent, and the rounds every check-in. The indexes
on ``delivery.status``, ``delivery.due_at`` and ``checkinround.state`` covered every row;
what is searched is the few rows waiting to be sent, the few failed, and the rounds still
open. Partial indexes hold just those, so claiming a batch and planning cost the same in
the fifth year as in the first, and each new row updates fewer indexes.

On PostgreSQL, rounds are written to pages kept half empty. Every round of a week opens in
the same minute and is reminded in the same minute four hours later; with room beside it
on its page, the reminder rewrites a round in place (a HOT update: no index is touched),
which at 14,000 rounds halves that pass's update (bench/fanout.py). The rounds are small;
the table's size is not what costs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING = "status IN ('pending', 'claimed')"
FAILED = "status = 'failed'"
OPEN = "state = 'open'"


def _where(condition: str) -> dict:
    return {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)}


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_waiting", ["due_at", "id"], **_where(WAITING))
        batch_op.create_index("ix_delivery_failed", ["id"], **_where(FAILED))
        batch_op.drop_index("ix_delivery_status")
        batch_op.drop_index("ix_delivery_due_at")
    with op.batch_alter_table("checkinround", schema=None) as batch_op:
        batch_op.create_index("ix_checkinround_open", ["slot_at"], **_where(OPEN))
        batch_op.drop_index("ix_checkinround_state")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE checkinround SET (fillfactor = 50)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE checkinround RESET (fillfactor)")
    with op.batch_alter_table("checkinround", schema=None) as batch_op:
        batch_op.create_index("ix_checkinround_state", ["state"], unique=False)
        batch_op.drop_index("ix_checkinround_open")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_due_at", ["due_at"], unique=False)
        batch_op.create_index("ix_delivery_status", ["status"], unique=False)
        batch_op.drop_index("ix_delivery_failed")
        batch_op.drop_index("ix_delivery_waiting")
