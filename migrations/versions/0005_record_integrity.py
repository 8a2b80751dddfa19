"""the record's integrity: project versions, acknowledged commands, audit identities, pauses

- ``project.version``: every change to a project is written only against the version it
  read (optimistic concurrency), so two changes at the same instant never both land.
- ``inbound``: a command is written down before the platform is told "received", and kept
  until it is carried out and answered; a process that dies leaves it for the next.
- ``event.actor_name`` and ``event.actor_identity``: who acted, as they were known then,
  and their stable platform id. Existing events are filled from today's names and ids.
- ``sendingpause``: a workspace or tenant whose token was refused; its deliveries wait.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 10:15:32
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import governance.sqltypes

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNANSWERED = "state <> 'answered'"


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _moment() -> governance.sqltypes.UtcDateTime:
    return governance.sqltypes.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", _string(255), nullable=False),
        sa.Column("platform", _string(16), nullable=False),
        sa.Column("tenant", _string(64), nullable=False),
        sa.Column("user_id", _string(200), nullable=False),
        sa.Column("display_name", _string(200), nullable=True),
        sa.Column("tz", _string(64), nullable=True),
        sa.Column("channel_id", _string(200), nullable=True),
        sa.Column("channel_name", _string(200), nullable=True),
        sa.Column("line", sa.Text(), nullable=True),
        sa.Column("command", sa.Text(), nullable=True),
        sa.Column("pressed_on", _string(255), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("answer_to", sa.Text(), nullable=False),
        sa.Column("seen_event", sa.Integer(), nullable=True),
        sa.Column("state", _string(12), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", _moment(), nullable=False),
        sa.Column("lease_until", _moment(), nullable=True),
        sa.Column("claimed_by", _string(64), nullable=True),
        sa.Column("answered_at", _moment(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("inbound", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inbound_unanswered",
            ["received_at"],
            unique=False,
            postgresql_where=sa.text(UNANSWERED),
            sqlite_where=sa.text(UNANSWERED),
        )
    op.create_table(
        "sendingpause",
        sa.Column("platform", _string(16), nullable=False),
        sa.Column("tenant", _string(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("since", _moment(), nullable=False),
        sa.Column("retry_at", _moment(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "tenant"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_name", _string(200), nullable=True))
        batch_op.add_column(sa.Column("actor_identity", _string(200), nullable=True))
    # Events written before: the names and ids known today are the best there is.
    op.execute(
        "UPDATE event SET actor_name = (SELECT display_name FROM person "
        "WHERE person.id = event.actor_id), actor_identity = (SELECT min(external_id) "
        "FROM identity WHERE identity.person_id = event.actor_id "
        "AND identity.platform = event.platform) WHERE actor_id IS NOT NULL"
    )
    # A plain ADD COLUMN with its default: SQLite then keeps the table (and the rows that
    # refer to it) instead of copying it.
    op.add_column("project", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    op.drop_column("project", "version")  # SQLite 3.35+ drops it in place
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("actor_identity")
        batch_op.drop_column("actor_name")
    op.drop_table("sendingpause")
    with op.batch_alter_table("inbound", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_inbound_unanswered",
            postgresql_where=sa.text(UNANSWERED),
            sqlite_where=sa.text(UNANSWERED),
        )
    op.drop_table("inbound")
