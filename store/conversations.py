"""Conversation references the bot keeps for proactive messages (captured on install, refreshed on each
activity, removed on uninstall) and the people it has seen, keyed the ways a job looks them up: a channel
by its team (thread id or Graph id), a person by Entra object id or UPN."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now
from store.tables import bot_members, conversation_references
from store.upsert import upsert


@dataclass(frozen=True)
class StoredConversation:
    conversation_id: str
    scope: str  # personal | channel | groupChat
    service_url: str
    reference: dict[str, Any] = field(default_factory=dict)
    tenant_id: str | None = None
    bot_id: str | None = None
    user_id: str | None = None
    aad_object_id: str | None = None
    user_principal_name: str | None = None
    team_id: str | None = None
    team_aad_group_id: str | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class BotMember:
    aad_object_id: str
    user_id: str
    service_url: str
    tenant_id: str | None = None
    user_principal_name: str | None = None


def _lower(upn: str | None) -> str | None:
    return upn.lower() if upn else None


def _conversation(row: Any) -> StoredConversation:
    values = dict(row)
    values.pop("updated_at", None)
    return StoredConversation(**values)


class ConversationRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def save(self, conversation: StoredConversation) -> None:
        """Insert or refresh; a UPN learnt earlier is kept when this activity does not carry one."""
        row = {**asdict(conversation), "updated_at": now()}
        row["user_principal_name"] = _lower(conversation.user_principal_name)
        async with self._engine.begin() as conn:
            if row["user_principal_name"] is None:
                known = await conn.execute(
                    select(conversation_references.c.user_principal_name).where(
                        conversation_references.c.conversation_id == conversation.conversation_id
                    )
                )
                row["user_principal_name"] = known.scalar()
            await conn.execute(
                upsert(conn.dialect.name, conversation_references, ["conversation_id"], update=True), [row]
            )

    async def remove(self, conversation_id: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                delete(conversation_references).where(
                    conversation_references.c.conversation_id == conversation_id
                )
            )

    async def remove_team(self, team_id: str) -> None:
        """Uninstalled from a team: every channel conversation of that team goes."""
        async with self._engine.begin() as conn:
            await conn.execute(
                delete(conversation_references).where(conversation_references.c.team_id == team_id)
            )

    async def get(self, conversation_id: str) -> StoredConversation | None:
        async with self._engine.connect() as conn:
            row = (
                (
                    await conn.execute(
                        select(conversation_references).where(
                            conversation_references.c.conversation_id == conversation_id
                        )
                    )
                )
                .mappings()
                .first()
            )
        return _conversation(row) if row else None

    async def in_team(self, team: str) -> StoredConversation | None:
        """A conversation in the team named by its thread id or its Graph (group) id, newest first."""
        table = conversation_references
        query = (
            select(table)
            .where(or_(table.c.team_id == team, table.c.team_aad_group_id == team))
            .order_by(table.c.updated_at.desc())
        )
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _conversation(row) if row else None

    async def personal(
        self, *, aad_object_id: str | None = None, upn: str | None = None
    ) -> StoredConversation | None:
        """The person's 1:1 chat with the bot, by Entra object id or UPN (case-insensitive)."""
        table = conversation_references
        wanted = []
        if aad_object_id:
            wanted.append(table.c.aad_object_id == aad_object_id)
        if upn:
            wanted.append(table.c.user_principal_name == upn.lower())
        if not wanted:
            return None
        query = (
            select(table).where(table.c.scope == "personal", or_(*wanted)).order_by(table.c.updated_at.desc())
        )
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _conversation(row) if row else None

    async def save_member(self, member: BotMember) -> None:
        row = {**asdict(member), "updated_at": now()}
        row["user_principal_name"] = _lower(member.user_principal_name)
        async with self._engine.begin() as conn:
            if row["user_principal_name"] is None:
                known = await conn.execute(
                    select(bot_members.c.user_principal_name).where(
                        bot_members.c.aad_object_id == member.aad_object_id
                    )
                )
                row["user_principal_name"] = known.scalar()
            await conn.execute(upsert(conn.dialect.name, bot_members, ["aad_object_id"], update=True), [row])

    async def member(self, *, aad_object_id: str | None = None, upn: str | None = None) -> BotMember | None:
        wanted = []
        if aad_object_id:
            wanted.append(bot_members.c.aad_object_id == aad_object_id)
        if upn:
            wanted.append(bot_members.c.user_principal_name == upn.lower())
        if not wanted:
            return None
        async with self._engine.connect() as conn:
            row = (await conn.execute(select(bot_members).where(or_(*wanted)))).mappings().first()
        if row is None:
            return None
        values = dict(row)
        values.pop("updated_at", None)
        return BotMember(**values)
