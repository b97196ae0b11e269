"""Number reservations: an `auto` number is handed out once, even to plans made at the same moment.

The unique constraints (one row per number, one per person) are the guarantee; a losing racer's insert
fails and it tries the next candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now
from store.tables import reservations

# A plan's `auto` numbers are held this long: a saved plan applied later still gets them, and an abandoned
# plan stops blocking the pool a week on instead of for ever.
RESERVATION_TTL = dt.timedelta(days=7)


@dataclass(frozen=True)
class Held:
    """A live reservation, as a plan that lost the number to it explains the contention."""

    number: str
    upn: str
    plan_id: str
    reserved_at: dt.datetime
    expires_at: dt.datetime | None


class ReservationRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def try_reserve(
        self, number: str, upn: str, plan_id: str, *, ttl: dt.timedelta | None = RESERVATION_TTL
    ) -> bool:
        """True when this caller now holds `number` for `upn`; False when either is already taken.

        Expired rows for this number or person are cleared in the same transaction, so they stop counting."""
        stamp = now()
        expired = delete(reservations).where(
            reservations.c.expires_at.is_not(None),
            reservations.c.expires_at <= stamp,
            or_(reservations.c.telephone_number == number, reservations.c.reserved_for == upn.lower()),
        )
        values = {
            "telephone_number": number,
            "reserved_for": upn.lower(),
            "plan_id": plan_id,
            "reserved_at": stamp,
            "expires_at": stamp + ttl if ttl else None,
        }
        try:
            async with self._engine.begin() as conn:
                await conn.execute(expired)
                await conn.execute(insert(reservations).values(**values))
        except IntegrityError:
            return False
        return True

    async def reserve_first(self, candidates: Iterable[str], upn: str, plan_id: str) -> str | None:
        """Reserve the first free candidate for `upn` (or return the one it already holds)."""
        held = await self.reservation_for(upn)
        if held:
            return held
        for number in candidates:
            if await self.try_reserve(number, upn, plan_id):
                return number
            if (held := await self.reservation_for(upn)) is not None:
                return held
        return None

    async def reservation_for(self, upn: str) -> str | None:
        async with self._engine.connect() as conn:
            return (
                await conn.execute(
                    select(reservations.c.telephone_number).where(reservations.c.reserved_for == upn.lower())
                )
            ).scalar()

    async def reserved_numbers(self) -> dict[str, str]:
        """number → UPN for every live reservation (expired ones are ignored)."""
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(reservations))).mappings().all()
        current = now()
        return {
            r["telephone_number"]: r["reserved_for"]
            for r in rows
            if r["expires_at"] is None or _aware(r["expires_at"]) > current
        }

    async def held(self, numbers: Iterable[str]) -> list[Held]:
        """The live reservations among `numbers` (who holds them, for which plan, since and until when)."""
        wanted = set(numbers)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(reservations))).mappings().all()
        current = now()
        return [
            Held(
                r["telephone_number"],
                r["reserved_for"],
                r["plan_id"],
                _aware(r["reserved_at"]),
                _aware(r["expires_at"]) if r["expires_at"] is not None else None,
            )
            for r in rows
            if r["telephone_number"] in wanted
            and (r["expires_at"] is None or _aware(r["expires_at"]) > current)
        ]

    async def release(
        self, *, number: str | None = None, upn: str | None = None, plan_id: str | None = None
    ) -> int:
        query = delete(reservations)
        if number:
            query = query.where(reservations.c.telephone_number == number)
        if upn:
            query = query.where(reservations.c.reserved_for == upn.lower())
        if plan_id:
            query = query.where(reservations.c.plan_id == plan_id)
        if not (number or upn or plan_id):
            raise ValueError("release needs a number, a UPN or a plan id")
        async with self._engine.begin() as conn:
            return (await conn.execute(query)).rowcount or 0


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
