"""Conversation references and bot members (proactive messages), finished job runs (a scheduled job
runs once across replicas), and line names (the voice app owning each public number, kept when removed).

Revision ID: 0005_delivery
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_delivery"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversation_references",
        sa.Column("conversation_id", sa.String(length=300), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("bot_id", sa.String(length=200), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("aad_object_id", sa.String(length=64), nullable=True),
        sa.Column("user_principal_name", sa.String(length=300), nullable=True),
        sa.Column("team_id", sa.String(length=300), nullable=True),
        sa.Column("team_aad_group_id", sa.String(length=64), nullable=True),
        sa.Column("channel_id", sa.String(length=300), nullable=True),
        sa.Column("reference", JSON, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversation_references")),
    )
    for column in ("aad_object_id", "user_principal_name", "team_id"):
        op.create_index(
            op.f(f"ix_conversation_references_{column}"), "conversation_references", [column], unique=False
        )
    op.create_table(
        "bot_members",
        sa.Column("aad_object_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("user_principal_name", sa.String(length=300), nullable=True),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("aad_object_id", name=op.f("pk_bot_members")),
    )
    op.create_index(
        op.f("ix_bot_members_user_principal_name"), "bot_members", ["user_principal_name"], unique=False
    )
    op.create_table(
        "job_runs",
        sa.Column("job", sa.String(length=120), nullable=False),
        sa.Column("run_key", sa.String(length=200), nullable=False),
        sa.Column("finished_at", UTC, nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("job", "run_key", name=op.f("pk_job_runs")),
    )
    op.create_table(
        "line_names",
        sa.Column("telephone_number", sa.String(length=32), nullable=False),
        sa.Column("app_kind", sa.String(length=20), nullable=False),
        sa.Column("app_id", sa.String(length=64), nullable=True),
        sa.Column("app_name", sa.String(length=300), nullable=False),
        sa.Column("resource_account", sa.String(length=300), nullable=True),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("first_seen_at", UTC, nullable=False),
        sa.Column("last_seen_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("telephone_number", name=op.f("pk_line_names")),
    )


def downgrade() -> None:
    op.drop_table("line_names")
    op.drop_table("job_runs")
    op.drop_index(op.f("ix_bot_members_user_principal_name"), table_name="bot_members")
    op.drop_table("bot_members")
    for column in ("aad_object_id", "user_principal_name", "team_id"):
        op.drop_index(op.f(f"ix_conversation_references_{column}"), table_name="conversation_references")
    op.drop_table("conversation_references")
