"""a version on every master-data record, so a stale form cannot overwrite a newer save

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 06:40:00

Every record a form or an import edits gets `version`, 1 for the records there are. Not
`closed_dates` (a date is there or not, never edited) nor a group's venue and member
links (they are part of the group, and a change of them moves the group's version).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = (
    "organisation",
    "areas",
    "travel_times",
    "venues",
    "staff",
    "partners",
    "carers",
    "participants",
    "children",
    "groups",
    "guidance_needs",
    "interpreters",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
