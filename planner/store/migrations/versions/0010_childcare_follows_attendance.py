"""the organisation's setting "childcare follows attendance", off

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 01:30:00

Not in `settings` (the scenario format's own, read strictly): the setting is Kotoplan's,
applied when a week's scenario is made from the database, and off for every database
there is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "childcare_follows_attendance",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("childcare_follows_attendance")
