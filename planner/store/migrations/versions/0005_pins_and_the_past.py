"""pins beside locks, and the moment a planning run was asked for

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_locks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hold", sa.String(length=8), nullable=False, server_default="lock")
        )
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        batch_op.drop_column("not_before")
    with op.batch_alter_table("plan_locks", schema=None) as batch_op:
        batch_op.drop_column("hold")
