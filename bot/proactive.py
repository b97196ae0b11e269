"""Messages the bot sends unprompted, through the Bot Connector with its own credential (bot/connector.py
retries 429/5xx): to a person's 1:1 chat (continued, or created when the bot has only seen them in a team)
and as a new thread in a team's channel (bot.md §4: `POST v3/conversations` with channelData.channel).

We post fresh activities ourselves rather than through botbuilder's continue_conversation: that sends as a
reply to the stored activity id, which in a channel threads the weekly report under an old message."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.adapter import outbound_activity
from bot.connector import Connector
from bot.model import Reply
from store import Store, StoredConversation

log = logging.getLogger(__name__)


class NoConversation(LookupError):
    """The bot has no way to reach this person or channel yet (the app is not installed there)."""


@dataclass(frozen=True)
class Posted:
    conversation_id: str
    activity_id: str


class Proactive:
    def __init__(self, connector: Connector, store: Store, app_id: str) -> None:
        self._connector, self._store, self._app_id = connector, store, app_id
        self._conversations = store.conversations

    async def _entra_id(self, upn: str) -> str | None:
        """The person's Entra object id from the store's directory snapshot (activities carry no UPN)."""
        wanted = upn.lower()
        for user in await self._store.directory.users():
            if str(user["user_principal_name"]).lower() == wanted:
                return str(user["id"])
        return None

    async def to_person(self, upn: str, reply: Reply) -> Posted:
        """The person's 1:1 chat; opened first if the bot knows them only from a team."""
        aad = await self._entra_id(upn)
        chat = await self._conversations.personal(aad_object_id=aad, upn=upn)
        if chat is None:
            chat = await self._open_chat(upn, aad)
        answer = await self._connector.send(chat.service_url, chat.conversation_id, outbound_activity(reply))
        return Posted(chat.conversation_id, str(answer.get("id", "")))

    async def _open_chat(self, upn: str, aad: str | None) -> StoredConversation:
        member = await self._conversations.member(aad_object_id=aad, upn=upn)
        if member is None:
            raise NoConversation(
                f"{upn} has not installed the Switchboard app (no chat or team the bot shares)"
            )
        tenant = {"id": member.tenant_id} if member.tenant_id else None
        parameters = {
            "isGroup": False,
            "bot": {"id": f"28:{self._app_id}"},
            "members": [{"id": member.user_id}],
            "tenantId": member.tenant_id,
            "channelData": {"tenant": tenant} if tenant else {},
        }
        created = await self._connector.create_conversation(member.service_url, parameters)
        chat = StoredConversation(
            conversation_id=str(created["id"]),
            scope="personal",
            service_url=member.service_url,
            reference={
                "conversation": {"id": str(created["id"]), "conversationType": "personal"},
                "serviceUrl": member.service_url,
                "channelId": "msteams",
                "bot": {"id": f"28:{self._app_id}"},
                "user": {"id": member.user_id, "aadObjectId": member.aad_object_id},
            },
            tenant_id=member.tenant_id,
            bot_id=f"28:{self._app_id}",
            user_id=member.user_id,
            aad_object_id=member.aad_object_id,
            user_principal_name=member.user_principal_name or upn,
        )
        await self._conversations.save(chat)
        log.info("opened a 1:1 chat with %s", upn)
        return chat

    async def to_channel(self, team: str, channel_id: str, reply: Reply) -> Posted:
        """A new thread in the channel; the team must have the app installed (its reference gives the
        service URL and tenant)."""
        known = await self._conversations.in_team(team)
        if known is None:
            raise NoConversation(f"the Switchboard app is not installed in team {team}")
        tenant = {"id": known.tenant_id} if known.tenant_id else None
        parameters = {
            "isGroup": True,
            "bot": {"id": f"28:{self._app_id}"},
            "channelData": {"channel": {"id": channel_id}, **({"tenant": tenant} if tenant else {})},
            "activity": outbound_activity(reply),
        }
        created = await self._connector.create_conversation(known.service_url, parameters)
        return Posted(str(created.get("id", "")), str(created.get("activityId", "")))
