"""pending_opt_ins: agents taken off a call queue until a time, and the promise to put them back.

Revision ID: 0005_botemp
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_botemp"
down_revision: str | None = "0005_popup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_opt_ins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("queue_id", sa.String(length=64), nullable=False),
        sa.Column("queue_name", sa.String(length=300), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("upn", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_opt_ins")),
        sa.UniqueConstraint("queue_id", "user_id", name=op.f("uq_pending_opt_ins_queue_id")),
    )
    op.create_index(op.f("ix_pending_opt_ins_due_at"), "pending_opt_ins", ["due_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_opt_ins_due_at"), table_name="pending_opt_ins")
    op.drop_table("pending_opt_ins")
