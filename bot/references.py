"""Keeping conversation references for proactive messages (bot.md §4): saved when the bot is installed
(installationUpdate add, or conversationUpdate adding the bot, personal or in a team), refreshed on every
activity (service URLs move between regions), removed on uninstall. Plain data in; the adapter reads it
off the activity. A failing store never costs the person their answer: it is logged, the turn goes on."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from store import BotMember, ConversationRepo, StoredConversation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seen:
    """What one inbound activity says about where the bot can speak."""

    conversation: StoredConversation
    event: str  # installed | removed | activity
    member: BotMember | None = None


# A conversation seen again unchanged is not rewritten for this long (a busy chat is not a write per turn).
UNCHANGED_S = 600.0


def _fingerprint(seen: Seen) -> tuple[object, ...]:
    """What a refresh would change: everything but the reference's per-activity id."""
    return (replace(seen.conversation, reference={}), seen.member)


class ReferenceKeeper:
    def __init__(self, conversations: ConversationRepo, clock: Callable[[], float] = time.monotonic) -> None:
        self._conversations, self._clock = conversations, clock
        self._written: dict[str, tuple[tuple[object, ...], float]] = {}

    async def on_seen(self, seen: Seen) -> None:
        key = seen.conversation.conversation_id
        fingerprint, now = _fingerprint(seen), self._clock()
        last = self._written.get(key)
        if seen.event == "activity" and last and last[0] == fingerprint and now - last[1] < UNCHANGED_S:
            return
        try:
            await self._apply(seen)
        except Exception:
            log.exception("could not keep the conversation reference of %s", key)
            return
        if seen.event == "removed":  # a team's removal drops all its channels: forget everything
            self._written.clear()
        else:
            self._written[key] = (fingerprint, now)

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
