"""The employee's own call handling in a personal chat: "my queues" (opt out until a time, back in) and
"ring my mobile too" / "stop". Plain data in, a `Reply` out; the use cases sit behind `Services`.

A person's mistake (a time in the past, a number that is not one, a queue they answer through a group) is
answered with what to do; a back-end failure with a short apology and a reference for the service desk.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from bot import employee_cards as ec
from bot.cards import notice_card
from bot.model import Caller, Reply, Services
from provisioning import AgentSeat, InvalidInput, Missing, ProvisioningError, Unsupported

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
VERBS = frozenset(
    {ec.VERB_QUEUES, ec.VERB_OPT_OUT, ec.VERB_OPT_IN, ec.VERB_RING, ec.VERB_RING_ON, ec.VERB_RING_STOP}
)
SHOWN = 1000  # people whose last queue list is kept
NOT_MAPPED = "I can't find your account in the phone system; ask the IT service desk."


def notice(text: str) -> Reply:
    return Reply(text, notice_card(text))


def parse_until(value: Any, tz: dt.tzinfo) -> dt.datetime:
    """The card's ISO choice (or a typed time without offset, read in the tenant's zone)."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("pick until when to opt out")
    try:
        at = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{value[:40]!r} is not a time") from None
    return at if at.tzinfo else at.replace(tzinfo=tz)


class EmployeeActions:
    def __init__(self, services: Services, tz: str, clock: Clock | None = None) -> None:
        self._services = services
        self._tz = ZoneInfo(tz)
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        # The queue list last shown to each person: a button press answers with it updated in place
        # instead of listing every queue again (Teams waits only a few seconds for an invoke's card).
        self._shown: dict[str, list[AgentSeat]] = {}

    def now(self) -> dt.datetime:
        return self._clock().astimezone(self._tz)

    async def handle(self, caller: Caller, verb: str, data: Mapping[str, Any]) -> Reply:
        aad = caller.aad_object_id
        if not aad:
            return notice(NOT_MAPPED)
        handlers: dict[str, Callable[[str, Mapping[str, Any]], Awaitable[Reply]]] = {
            ec.VERB_QUEUES: self._queues,
            ec.VERB_OPT_OUT: self._opt_out,
            ec.VERB_OPT_IN: self._opt_in,
            ec.VERB_RING: self._ring,
            ec.VERB_RING_ON: self._ring_on,
            ec.VERB_RING_STOP: self._ring_stop,
        }
        try:
            return await handlers[verb](aad, data)
        except (InvalidInput, Missing, Unsupported) as exc:
            return notice(exc.message)
        except ProvisioningError as exc:
            log.warning("[%s] %s failed: %s", exc.correlation_id, verb, exc.message)
            return notice(f"I can't reach the phone system right now (reference {exc.correlation_id}).")

    async def _queues(self, aad: str, data: Mapping[str, Any]) -> Reply:
        seats = await self._services.queues(aad)
        if seats is None:
            return notice(NOT_MAPPED)
        self._remember(aad, seats)
        return Reply(ec.queues_text(seats, self._tz), ec.queues_card(seats, self.now()))

    async def _opt_out(self, aad: str, data: Mapping[str, Any]) -> Reply:
        queue = _queue_of(data)
        seat = await self._services.opt_out(aad, queue, parse_until(data.get(ec.UNTIL_INPUT), self._tz))
        return await self._after(aad, seat, ec.opted_text(seat, self._tz, True))

    async def _opt_in(self, aad: str, data: Mapping[str, Any]) -> Reply:
        seat = await self._services.opt_in(aad, _queue_of(data))
        return await self._after(aad, seat, ec.opted_text(seat, self._tz, True))

    def _remember(self, aad: str, seats: list[AgentSeat]) -> None:
        self._shown.pop(aad, None)
        self._shown[aad] = seats
        if len(self._shown) > SHOWN:
            self._shown.pop(next(iter(self._shown)))

    async def _after(self, aad: str, changed: AgentSeat, done: str) -> Reply:
        """The queue card with `changed` updated, headed by what just happened (it replaces the card)."""
        shown = self._shown.get(aad)
        if shown is not None and any(s.queue_id == changed.queue_id for s in shown):
            seats = [changed if s.queue_id == changed.queue_id else s for s in shown]
        else:
            seats = await self._services.queues(aad) or []
        self._remember(aad, seats)
        card = ec.queues_card(seats, self.now())
        card["body"].insert(1, ec.text_block(done, weight="Bolder", color="Good"))
        card["fallbackText"] = text = done + "\n" + ec.queues_text(seats, self._tz)
        return Reply(text, card)

    async def _ring(self, aad: str, data: Mapping[str, Any]) -> Reply:
        handling = await self._services.calling(aad)
        if handling is None:
            return notice(NOT_MAPPED)
        return Reply(ec.ring_text(handling), ec.ring_card(handling))

    async def _ring_on(self, aad: str, data: Mapping[str, Any]) -> Reply:
        number = data.get(ec.MOBILE_INPUT)
        if not isinstance(number, str) or not number.strip():
            raise InvalidInput("type your mobile number (e.g. +1 561 555 0134)")
        handling = await self._services.ring_also(aad, number)
        return Reply(ec.ring_text(handling), ec.ring_card(handling))

    async def _ring_stop(self, aad: str, data: Mapping[str, Any]) -> Reply:
        handling = await self._services.stop_ring(aad)
        return Reply(ec.ring_text(handling), ec.ring_card(handling))


def _queue_of(data: Mapping[str, Any]) -> str:
    queue = data.get("queue")
    if not isinstance(queue, str) or not queue:
        raise InvalidInput("the button did not say which queue; ask 'my queues' again")
    return queue
