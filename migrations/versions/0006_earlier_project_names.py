"""earlier project names; console handles in lower case

- ``earliername``: the names a project had before `edit <project> name:"…"` renamed it,
  with each name's comparison key (case-folded in any script), so that an old name still
  finds the project. The slug never changes.
- Console handles are case-insensitive from now on (`--as Alice` is `--as alice`): the
  console identities stored before are put in lower case, unless another identity already
  holds that spelling (two people are never merged).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 11:50:15
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import governance.sqltypes

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "earliername",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", _string(120), nullable=False),
        sa.Column("key", _string(400), nullable=False),
        sa.Column("until", governance.sqltypes.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("earliername", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_earliername_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_earliername_project_id"), ["project_id"], unique=False)
    _lower_console_handles()


def _lower_console_handles() -> None:
    # In Python, not SQL: SQLite's lower() leaves every letter outside ASCII as it is.
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, tenant, external_id FROM identity WHERE platform = 'console'")
    ).all()
    taken = {(tenant, external) for _, tenant, external in rows}
    for row_id, tenant, external in rows:
        lowered = external.lower()
        if lowered == external or (tenant, lowered) in taken:
            continue
        bind.execute(
            sa.text("UPDATE identity SET external_id = :lowered WHERE id = :id"),
            {"lowered": lowered, "id": row_id},
        )
        taken.add((tenant, lowered))


def downgrade() -> None:
    # Handles stay in lower case: which letters were capitals is not kept, and the lower
    # case ones work as before.
    with op.batch_alter_table("earliername", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_earliername_project_id"))
        batch_op.drop_index(batch_op.f("ix_earliername_key"))
    op.drop_table("earliername")
