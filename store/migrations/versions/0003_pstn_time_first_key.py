"""pstn_calls is keyed by (start_at, id) instead of id alone, and loses its separate start_at index.

Why: syncs insert rows in time order, and an id-only key (random GUIDs) put every insert on a random
index page, which made SQLite rewrite most of the index on each commit (23 s of a million-row sync; 5 s
time-first). The new key still admits one row per Graph id (a row's start never changes) and serves the
reports' time-range scans, so the start_at index is redundant.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pstn_calls", schema=None, recreate="always") as batch_op:
        batch_op.drop_index(batch_op.f("ix_pstn_calls_start_at"))
        batch_op.drop_constraint("pk_pstn_calls", type_="primary")
        batch_op.create_primary_key("pk_pstn_calls", ["start_at", "id"])


def downgrade() -> None:
    with op.batch_alter_table("pstn_calls", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint("pk_pstn_calls", type_="primary")
        batch_op.create_primary_key("pk_pstn_calls", ["id"])
        batch_op.create_index(batch_op.f("ix_pstn_calls_start_at"), ["start_at"], unique=False)
