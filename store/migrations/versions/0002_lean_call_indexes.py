"""pstn_calls keeps only its start_at index: reports read by time, and extra indexes slowed bulk sync.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pstn_calls", schema=None) as batch_op:
        batch_op.drop_index("ix_pstn_calls_callee_start")
        batch_op.drop_index(batch_op.f("ix_pstn_calls_user_id"))


def downgrade() -> None:
    with op.batch_alter_table("pstn_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pstn_calls_user_id"), ["user_id"], unique=False)
        batch_op.create_index("ix_pstn_calls_callee_start", ["callee_number", "start_at"], unique=False)
