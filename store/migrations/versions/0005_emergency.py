"""Emergency modes: the mode being activated/active/restored, the snapshot of each object it touches, and
one claim per object so two modes never hold the same line.

Revision ID: 0005_emergency
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_emergency"
down_revision: str | None = "0005_botemp"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "emergency_modes",
        sa.Column("mode", sa.String(length=60), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("started_at", _AT, nullable=False),
        sa.Column("activated_at", _AT, nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("details", _JSON, nullable=False),
        sa.Column("runner", sa.String(length=200), nullable=True),
        sa.Column("runner_until", _AT, nullable=True),
        sa.Column("updated_at", _AT, nullable=False),
        sa.PrimaryKeyConstraint("mode", name=op.f("pk_emergency_modes")),
    )
    op.create_table(
        "emergency_snapshots",
        sa.Column("mode", sa.String(length=60), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("raw", _JSON, nullable=False),
        sa.Column("taken_at", _AT, nullable=False),
        sa.PrimaryKeyConstraint("mode", "object_id", name="pk_emergency_snapshots"),
    )
    op.create_table(
        "emergency_claims",
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("mode", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("object_id", name=op.f("pk_emergency_claims")),
    )


def downgrade() -> None:
    op.drop_table("emergency_claims")
    op.drop_table("emergency_snapshots")
    op.drop_table("emergency_modes")
