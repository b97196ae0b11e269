"""Keeping conversation references for proactive messages (bot.md §4): saved when the bot is installed
(installationUpdate add, or conversationUpdate adding the bot, personal or in a team), refreshed on every
activity (service URLs move between regions), removed on uninstall. Plain data in; the adapter reads it
off the activity. A failing store never costs the person their answer: it is logged, the turn goes on."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from store import BotMember, ConversationRepo, StoredConversation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seen:
    """What one inbound activity says about where the bot can speak."""

    conversation: StoredConversation
    event: str  # installed | removed | activity
    member: BotMember | None = None


class ReferenceKeeper:
    def __init__(self, conversations: ConversationRepo) -> None:
        self._conversations = conversations

    async def on_seen(self, seen: Seen) -> None:
        try:
            await self._apply(seen)
        except Exception:
            log.exception(
                "could not keep the conversation reference of %s", seen.conversation.conversation_id
            )

    async def _apply(self, seen: Seen) -> None:
        conversation = seen.conversation
        if seen.event == "removed":
            if conversation.scope == "personal" or not conversation.team_id:
                await self._conversations.remove(conversation.conversation_id)
            else:
                await self._conversations.remove_team(conversation.team_id)
            return
        await self._conversations.save(conversation)
        if seen.member is not None:
            await self._conversations.save_member(seen.member)
