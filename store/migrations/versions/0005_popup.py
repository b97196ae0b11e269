"""Pop-up public lines: request, wanted voice-app objects and life-cycle state per line.

Revision ID: 0005_popup
Revises: 0005_delivery
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_popup"
down_revision: str | None = (
    "0005_delivery"  # chained after delivery's on this branch (one head); the lead re-chains at merge
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "popup_lines",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("request", _JSON, nullable=False),
        sa.Column("desired", _JSON, nullable=True),
        sa.Column("number", sa.String(length=32), nullable=True),
        sa.Column("owner", sa.String(length=300), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_popup_lines")),
    )


def downgrade() -> None:
    op.drop_table("popup_lines")
