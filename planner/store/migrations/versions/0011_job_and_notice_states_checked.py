"""the states of planning jobs and notices, checked by the database

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 14:30:00

A status outside its list is refused whoever writes it. The lists are written out here
as they stand today (`planner.runtime.states`), since a migration must not change when
the code does. A row left in a state no code knows ends as failed, so that the check can
be added.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

JOB_STATES = "status IN ('queued', 'running', 'stopping', 'done', 'stopped', 'failed')"
NOTICE_STATES = "status IN ('pending', 'portal', 'sent', 'failed')"
ACTIVE = "status IN ('queued', 'running', 'stopping')"


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE solve_jobs SET status = 'failed', "
            "message = 'ended by migration 0011: its state was unknown' "
            f"WHERE NOT ({JOB_STATES})"
        )
    )
    op.execute(sa.text(f"UPDATE notices SET status = 'failed' WHERE NOT ({NOTICE_STATES})"))
    # SQLite's batch mode copies the table; the partial index is dropped and made again
    # around it rather than trusted to the copy.
    op.drop_index("uq_solve_jobs_active_week", table_name="solve_jobs")
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_solve_jobs_status"), JOB_STATES)
    _one_active_job_per_week()
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_notices_status"), NOTICE_STATES)


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_notices_status"), type_="check")
    op.drop_index("uq_solve_jobs_active_week", table_name="solve_jobs")
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_solve_jobs_status"), type_="check")
    _one_active_job_per_week()


def _one_active_job_per_week() -> None:
    """The partial unique index of migration 0007, as it was."""
    op.create_index(
        "uq_solve_jobs_active_week",
        "solve_jobs",
        ["week"],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )
