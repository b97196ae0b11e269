"""What the bot answers in a personal chat: plain data in (who, what), a `Reply` out. No SDK types."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot import cards
from bot.employee import VERBS as EMPLOYEE_VERBS
from bot.employee import Clock, EmployeeActions
from bot.intents import ADMIN_EXAMPLES, EXAMPLES, HELP, MY_MINUTES, MY_NUMBER, IntentMatcher
from bot.model import Caller, Reply, Services

if TYPE_CHECKING:
    from bot.admin import AdminConversation

log = logging.getLogger(__name__)
NOT_MAPPED = (
    "I can't find your account in the phone system. If you have just joined, try again tomorrow; "
    "otherwise ask the IT service desk."
)
UNAVAILABLE = "I can't reach the phone system right now. Please try again in a few minutes."


class Conversation:
    def __init__(
        self,
        services: Services,
        matcher: IntentMatcher | None = None,
        *,
        tz: str = "America/New_York",
        clock: Clock | None = None,
        admin: AdminConversation | None = None,
    ) -> None:
        self._services = services
        self._admin = admin
        if matcher is None and admin is not None:  # admin phrasings only when there is an admin side
            matcher = IntentMatcher({**EXAMPLES, **ADMIN_EXAMPLES})
        self._matcher = matcher or IntentMatcher()
        self._employee = EmployeeActions(services, tz, clock)

    async def on_text(self, caller: Caller, text: str) -> Reply:
        match = self._matcher.match(text)
        if match.intent is None:
            card = cards.menu_card(text)
            return Reply(card["fallbackText"], card)
        return await self.on_intent(caller, match.intent)

    async def on_action(self, caller: Caller, verb: str, data: Mapping[str, Any]) -> Reply:
        """A card button (Action.Execute or Action.Submit): its verb with the card's data and inputs."""
        if self._admin is not None and verb in self._admin.verbs:
            return await self._admin.handle(caller, verb, data)
        if verb in EMPLOYEE_VERBS:
            return await self._employee.handle(caller, verb, data)
        return await self.on_intent(caller, verb)

    async def on_intent(self, caller: Caller, intent: str) -> Reply:
        if self._admin is not None and intent in self._admin.verbs:
            return await self._admin.handle(caller, intent, {})
        if intent in EMPLOYEE_VERBS:
            return await self._employee.handle(caller, intent, {})
        try:
            if intent == MY_NUMBER:
                return await self._number(caller)
            if intent == MY_MINUTES:
                return await self._minutes(caller)
        except Exception:  # a failing back end must still produce an answer the person can act on
            log.exception("intent %s failed", intent)
            return Reply(UNAVAILABLE, cards.notice_card(UNAVAILABLE))
        if intent != HELP:
            log.info("unknown verb %r", intent)
        return Reply(cards.HELP_TEXT, cards.help_card())

    async def _number(self, caller: Caller) -> Reply:
        info = await self._services.phone(caller.aad_object_id) if caller.aad_object_id else None
        if info is None:
            return Reply(NOT_MAPPED, cards.notice_card(NOT_MAPPED))
        return Reply(cards.phone_text(info), cards.phone_card(info))

    async def _minutes(self, caller: Caller) -> Reply:
        info = await self._services.minutes(caller.aad_object_id) if caller.aad_object_id else None
        if info is None:
            return Reply(NOT_MAPPED, cards.notice_card(NOT_MAPPED))
        return Reply(cards.minutes_text(info), cards.minutes_card(info))
