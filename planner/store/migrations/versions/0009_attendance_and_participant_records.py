"""what happened at the published plans' items, and the participants' records for the funders

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 01:02:49

Session and visit records, each member's attendance, partners' confirmed carer hours,
participant records (ESF entry data, consent, retention) and the log of their reads.
Participants are referred to by a plain `person` key, not a foreign key: an erased
participant's records keep an anonymous key, so the reports' totals stay right.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "carer_hours",
        sa.Column("shift_id", sa.String(length=250), nullable=False),
        sa.Column("session_id", sa.String(length=200), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("carer_id", sa.String(length=120), nullable=False),
        sa.Column("partner_id", sa.String(length=120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=200), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("shift_id", name=op.f("pk_carer_hours")),
    )
    with op.batch_alter_table("carer_hours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carer_hours_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_carer_hours_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_carer_hours_week"), ["week"], unique=False)

    op.create_table(
        "participant_records",
        sa.Column("person", sa.String(length=120), nullable=False),
        sa.Column("area", sa.String(length=120), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.Column("consent_by", sa.String(length=200), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_for", sa.Text(), nullable=True),
        sa.Column("retain_until", sa.Date(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("person", name=op.f("pk_participant_records")),
    )
    with op.batch_alter_table("participant_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_records_retain_until"), ["retain_until"], unique=False
        )

    op.create_table(
        "record_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("what", sa.String(length=32), nullable=False),
        sa.Column("person", sa.String(length=120), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_reads")),
    )
    with op.batch_alter_table("record_reads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_reads_person"), ["person"], unique=False)

    op.create_table(
        "session_records",
        sa.Column("session_id", sa.String(length=200), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=120), nullable=False),
        sa.Column("venue_id", sa.String(length=120), nullable=False),
        sa.Column("area", sa.String(length=120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("children", sa.Integer(), nullable=True),
        sa.Column("facilitators", sa.JSON(), nullable=False),
        sa.Column("carers", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_records")),
    )
    with op.batch_alter_table("session_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_records_area"), ["area"], unique=False)
        batch_op.create_index(batch_op.f("ix_session_records_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_session_records_start"), ["start"], unique=False)
        batch_op.create_index(batch_op.f("ix_session_records_week"), ["week"], unique=False)

    op.create_table(
        "visit_records",
        sa.Column("visit_id", sa.String(length=200), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.String(length=120), nullable=False),
        sa.Column("person", sa.String(length=120), nullable=False),
        sa.Column("staff_id", sa.String(length=120), nullable=False),
        sa.Column("area", sa.String(length=120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cancelled_by", sa.String(length=16), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("interpreter", sa.String(length=120), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_visit_records")),
    )
    with op.batch_alter_table("visit_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_records_area"), ["area"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_records_person"), ["person"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_records_start"), ["start"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_records_week"), ["week"], unique=False)

    op.create_table(
        "member_attendance",
        sa.Column("session_id", sa.String(length=200), nullable=False),
        sa.Column("person", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session_records.session_id"],
            name=op.f("fk_member_attendance_session_id_session_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "person", name=op.f("pk_member_attendance")),
    )
    with op.batch_alter_table("member_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_attendance_person"), ["person"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_attendance_person"))

    op.drop_table("member_attendance")
    with op.batch_alter_table("visit_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_records_week"))
        batch_op.drop_index(batch_op.f("ix_visit_records_start"))
        batch_op.drop_index(batch_op.f("ix_visit_records_person"))
        batch_op.drop_index(batch_op.f("ix_visit_records_area"))

    op.drop_table("visit_records")
    with op.batch_alter_table("session_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_records_week"))
        batch_op.drop_index(batch_op.f("ix_session_records_start"))
        batch_op.drop_index(batch_op.f("ix_session_records_group_id"))
        batch_op.drop_index(batch_op.f("ix_session_records_area"))

    op.drop_table("session_records")
    with op.batch_alter_table("record_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_reads_person"))

    op.drop_table("record_reads")
    with op.batch_alter_table("participant_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_records_retain_until"))

    op.drop_table("participant_records")
    with op.batch_alter_table("carer_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carer_hours_week"))
        batch_op.drop_index(batch_op.f("ix_carer_hours_session_id"))
        batch_op.drop_index(batch_op.f("ix_carer_hours_partner_id"))

    op.drop_table("carer_hours")
