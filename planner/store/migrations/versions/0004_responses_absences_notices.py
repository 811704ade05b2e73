"""shift responses, absence reports and notices

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 01:04:20.328742
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "absence_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_kind", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.String(length=120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_reports")),
    )
    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_absence_reports_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column("recipient_id", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint(
            "week", "version", "recipient_kind", "recipient_id", name=op.f("uq_notices_week")
        ),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_notices_week"), ["week"], unique=False)

    op.create_table(
        "shift_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("shift_id", sa.String(length=200), nullable=False),
        sa.Column("carer_id", sa.String(length=120), nullable=False),
        sa.Column("partner_id", sa.String(length=120), nullable=False),
        sa.Column("venue", sa.String(length=120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("responded_by", sa.String(length=200), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("link_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_responses")),
        sa.UniqueConstraint("link_id", name=op.f("uq_shift_responses_link_id")),
    )
    with op.batch_alter_table("shift_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shift_responses_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_shift_responses_shift_id"), ["shift_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shift_responses_week"), ["week"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shift_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_responses_week"))
        batch_op.drop_index(batch_op.f("ix_shift_responses_shift_id"))
        batch_op.drop_index(batch_op.f("ix_shift_responses_partner_id"))

    op.drop_table("shift_responses")
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notices_week"))
        batch_op.drop_index(batch_op.f("ix_notices_status"))

    op.drop_table("notices")
    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_reports_person_id"))

    op.drop_table("absence_reports")
