"""one active planning run per week, as a partial unique index

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('queued', 'running', 'stopping')"


def upgrade() -> None:
    # Weeks that already hold several active runs (the race this index closes) keep the
    # oldest; the others end as failed, saying why, so that the index can be built.
    op.execute(
        sa.text(
            "UPDATE solve_jobs SET status = 'failed', "
            "message = 'ended by migration 0007: another run of the week was active' "
            f"WHERE {ACTIVE} AND id NOT IN "
            f"(SELECT MIN(id) FROM solve_jobs WHERE {ACTIVE} GROUP BY week)"
        )
    )
    op.create_index(
        "uq_solve_jobs_active_week",
        "solve_jobs",
        ["week"],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )


def downgrade() -> None:
    op.drop_index("uq_solve_jobs_active_week", table_name="solve_jobs")
