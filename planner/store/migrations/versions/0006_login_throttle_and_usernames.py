"""counters of failed password tries, and usernames in their normalised form

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counters")),
    )
    op.create_index(
        op.f("ix_throttle_counters_expires_at"), "throttle_counters", ["expires_at"], unique=False
    )
    _normalise_usernames()


def _normalise_usernames() -> None:
    """Store each username NFKC-normalised and case-folded, as new ones are.

    A name whose normalised form another account already holds is left as it was (login
    still finds it by its exact spelling), so no account is merged or lost.
    """
    connection = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("username", sa.String))
    rows = connection.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id))
    rows = rows.all()
    taken = {username for _, username in rows}
    for user_id, username in rows:
        normal = unicodedata.normalize("NFKC", username).casefold().strip()
        if normal == username or normal in taken:
            continue
        connection.execute(users.update().where(users.c.id == user_id).values(username=normal))
        taken.discard(username)
        taken.add(normal)


def downgrade() -> None:
    op.drop_index(op.f("ix_throttle_counters_expires_at"), table_name="throttle_counters")
    op.drop_table("throttle_counters")
