"""Every table, in SQLAlchemy Core (bulk inserts of call logs stay fast; repositories are plain SQL).

Times are stored timezone-aware in UTC. JSON columns use the portable JSON type (JSONB on PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    }
)
JsonType = JSON().with_variant(JSONB(), "postgresql")
UtcDateTime = DateTime(timezone=True)

journal = Table(
    "journal",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fingerprint", String(64), nullable=False),
    Column("action_key", String(300), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("target", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("operation_id", String(100)),
    Column("error_code", String(120)),
    Column("error_message", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("run_id", String(36)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("fingerprint", "action_key", name="uq_journal_fingerprint_action"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("run_id", String(36)),
    Column("actor", String(200), nullable=False),
    Column("action", String(80), nullable=False),
    Column("target", String(300), nullable=False),
    Column("before", JsonType),
    Column("after", JsonType),
    Column("result", String(20), nullable=False),
    Column("detail", Text),
    Column("request_id", String(100)),
)

reservations = Table(
    "number_reservations",
    metadata,
    Column("telephone_number", String(32), primary_key=True),
    Column("reserved_for", String(300), nullable=False, unique=True),
    Column("plan_id", String(64), nullable=False),
    Column("reserved_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime),
)

pstn_calls = Table(
    "pstn_calls",
    metadata,
    # Keyed by (start_at, id), time first. A row's id is unique and its start never changes, so this is
    # still "one row per Graph id"; but syncs arrive in time order, so a time-first key appends to its
    # index where an id-only key (random GUIDs) lands every insert on a random page: 23 s → 5 s of SQLite
    # for a million rows. The same index serves every report's time-range scan; no other index is kept.
    Column("id", String(64), nullable=False),
    Column("call_id", String(64)),
    Column("user_id", String(64)),
    Column("user_principal_name", String(300)),
    Column("user_display_name", String(300)),
    Column("start_at", UtcDateTime, nullable=False),
    Column("end_at", UtcDateTime),
    Column("duration_seconds", Integer, nullable=False),
    Column("charge", Float),
    Column("connection_charge", Float),
    Column("currency", String(8)),
    Column("call_type", String(60), nullable=False),
    Column("callee_number", String(64)),
    Column("caller_number", String(64)),
    Column("destination_context", String(60)),
    Column("destination_name", String(120)),
    Column("license_capability", String(60)),
    Column("inventory_type", String(60)),
    Column("operator", String(120)),
    Column("usage_country_code", String(8)),
    Column("tenant_country_code", String(8)),
    Column("call_duration_source", String(20)),
    Column("conference_id", String(64)),
    PrimaryKeyConstraint("start_at", "id"),
)

direct_routing_calls = Table(
    "direct_routing_calls",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("correlation_id", String(64)),
    Column("user_id", String(64), index=True),
    Column("user_principal_name", String(300)),
    Column("user_display_name", String(300)),
    Column("start_at", UtcDateTime, nullable=False, index=True),
    Column("end_at", UtcDateTime),
    Column("invite_at", UtcDateTime),
    Column("failure_at", UtcDateTime),
    Column("duration_seconds", Integer, nullable=False),
    Column("call_type", String(60), nullable=False),
    Column("successful_call", Boolean),
    Column("caller_number", String(120)),
    Column("callee_number", String(120)),
    Column("final_sip_code", Integer),
    Column("final_sip_code_phrase", String(200)),
    Column("call_end_sub_reason", BigInteger),
    Column("trunk_fqdn", String(300)),
    Column("media_bypass_enabled", Boolean),
    Column("media_path_location", String(20)),
    Column("signaling_location", String(20)),
)

activity = Table(
    "activity",
    metadata,
    Column("report_date", Date, primary_key=True),
    Column("user_principal_name", String(300), primary_key=True),
    Column("report_period", String(8), primary_key=True),
    Column("user_id", String(64)),
    Column("call_count", Integer, nullable=False),
    Column("meeting_count", Integer, nullable=False),
    Column("audio_seconds", BigInteger, nullable=False),
    Column("video_seconds", BigInteger, nullable=False),
    Column("screen_share_seconds", BigInteger, nullable=False),
    Column("is_licensed", Boolean),
)

directory_users = Table(
    "directory_users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_principal_name", String(300), nullable=False),
    Column("display_name", String(300)),
    Column("department", String(200)),
    Column("office_location", String(300)),
    Column("city", String(120)),
    Column("has_teams_phone", Boolean, nullable=False),
    Column("account_type", String(40)),
    Column("snapshot_at", UtcDateTime, nullable=False),
)

directory_numbers = Table(
    "directory_numbers",
    metadata,
    Column("telephone_number", String(32), primary_key=True),
    Column("target_id", String(64)),
    Column("target_name", String(300)),
    Column("target_kind", String(40)),
    Column("operator_id", String(64)),
    Column("number_type", String(40)),
    Column("city", String(120)),
    Column("snapshot_at", UtcDateTime, nullable=False),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("source", String(80), primary_key=True),
    Column("synced_through", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

job_locks = Table(
    "job_locks",
    metadata,
    Column("name", String(120), primary_key=True),
    Column("owner", String(120), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

# Where the bot can speak unprompted (bot.md §4): one row per conversation it was installed in or
# spoken to in, refreshed on every activity (service URLs move between regions). The serialized
# ConversationReference loses conversation.tenantId, so tenant, user and service URL are columns too.
conversation_references = Table(
    "conversation_references",
    metadata,
    Column("conversation_id", String(300), primary_key=True),
    Column("scope", String(20), nullable=False),  # personal | channel | groupChat
    Column("tenant_id", String(64)),
    Column("service_url", String(500), nullable=False),
    Column("bot_id", String(200)),
    Column("user_id", String(200)),  # the person's 29: id (personal scope)
    Column("aad_object_id", String(64), index=True),
    Column("user_principal_name", String(300), index=True),
    Column("team_id", String(300), index=True),  # channelData.team.id (19:…@thread.…)
    Column("team_aad_group_id", String(64)),  # the team's Graph id, as settings may name it
    Column("channel_id", String(300)),
    Column("reference", JsonType, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# People the bot has seen anywhere (a channel message too): enough to open a 1:1 chat with them.
bot_members = Table(
    "bot_members",
    metadata,
    Column("aad_object_id", String(64), primary_key=True),
    Column("user_id", String(200), nullable=False),
    Column("tenant_id", String(64)),
    Column("service_url", String(500), nullable=False),
    Column("user_principal_name", String(300), index=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Scheduled runs that finished, so a job runs once per period however many replicas tick.
job_runs = Table(
    "job_runs",
    metadata,
    Column("job", String(120), nullable=False),
    Column("run_key", String(200), nullable=False),
    Column("finished_at", UtcDateTime, nullable=False),
    Column("detail", Text),
    PrimaryKeyConstraint("job", "run_key"),
)

# The auto attendant or call queue that owns each public number, as last seen at a sync; a line whose
# app was removed keeps its last name (`present` false) so old reports still read "Permits queue".
line_names = Table(
    "line_names",
    metadata,
    Column("telephone_number", String(32), primary_key=True),
    Column("app_kind", String(20), nullable=False),  # autoAttendant | callQueue
    Column("app_id", String(64)),
    Column("app_name", String(300), nullable=False),
    Column("resource_account", String(300)),
    Column("present", Boolean, nullable=False),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
)

# A person taken off a call queue's agent list "until a time": the row is the promise to put them back
# (at `position` in the ring order) when `due_at` passes, even if nobody asks. Deleted once kept.
pending_opt_ins = Table(
    "pending_opt_ins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("queue_id", String(64), nullable=False),
    Column("queue_name", String(300), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("upn", String(300), nullable=False),
    Column("position", Integer, nullable=False),
    Column("method", String(20), nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    UniqueConstraint("queue_id", "user_id"),
)
