"""plan locks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 00:49:41.986803
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_locks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item", sa.JSON(), nullable=False),
        sa.Column("locked_by", sa.String(length=200), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_locks")),
        sa.UniqueConstraint("week", "item_id", name=op.f("uq_plan_locks_week")),
    )
    with op.batch_alter_table("plan_locks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_locks_week"), ["week"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_locks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_locks_week"))

    op.drop_table("plan_locks")
