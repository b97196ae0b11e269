"""`auto` numbers: chosen deterministically at plan time and reserved in the store, so two plans made at
the same moment (or a re-run) never hand one number to two people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from provisioning.current import CurrentState, Number
from provisioning.model import PhoneSystem, PhoneUser, Pool


class HeldNumber(Protocol):
    """A live reservation (store.reservations.Held)."""

    @property
    def number(self) -> str: ...
    @property
    def plan_id(self) -> str: ...
    @property
    def reserved_at(self) -> dt.datetime: ...
    @property
    def expires_at(self) -> dt.datetime | None: ...


def in_pool(number: Number, pool: Pool, default_operator: str | None = None) -> bool:
    operator = pool.operator_id or default_operator
    return (
        number.number_type == pool.number_type
        and pool.capability in number.capabilities
        and (pool.city is None or (number.city or "").casefold() == pool.city.casefold())
        and (operator is None or number.operator_id == operator)
        and not pool.is_reserved(number.telephone_number)
    )


def candidates(
    pool: Pool, current: CurrentState, excluded: Iterable[str], default_operator: str | None = None
) -> list[str]:
    """Free numbers of the pool in ascending order, minus those already promised elsewhere."""
    skip = set(excluded)
    return sorted(
        n.telephone_number
        for n in current.numbers.values()
        if n.is_free
        and n.activation_state != "assignmentPending"
        and in_pool(n, pool, default_operator)
        and n.telephone_number not in skip
    )


def kept_number(
    user: PhoneUser, pool: Pool, current: CurrentState, default_operator: str | None = None
) -> str | None:
    """A person who already has a primary number from the pool keeps it (plans stay empty on re-runs)."""
    person = current.users.get(user.upn)
    if person is None:
        return None
    for number in current.numbers_of(person.id):
        if number.category in (None, user.category) and in_pool(number, pool, default_operator):
            return number.telephone_number
    return None


class ReservationBook(Protocol):
    """Where reservations live: the store in production (store.reservations), a dict in pure tests."""

    async def try_reserve(self, number: str, upn: str, plan_id: str) -> bool: ...
    async def reserved_numbers(self) -> dict[str, str]: ...
    async def release(
        self, *, number: str | None = None, upn: str | None = None, plan_id: str | None = None
    ) -> int: ...


async def allocate(
    desired: PhoneSystem, users: list[PhoneUser], current: CurrentState, book: ReservationBook, plan_id: str
) -> dict[str, str]:
    """upn → number for every `auto` person: kept if they already have one from the pool, else the one
    they hold a reservation for, else the lowest free number nobody else holds (a lost race moves on).

    Each pool's candidates are listed once and walked with a cursor, so 10,000 people stay linear.
    """
    explicit = {u.number for u in users if u.number != "auto"}
    reserved = await book.reserved_numbers()
    holding = {upn: number for number, upn in reserved.items()}
    used: set[str] = set()
    free: dict[str, list[str]] = {}
    free_sets: dict[str, set[str]] = {}
    cursor: dict[str, int] = {}
    out: dict[str, str] = {}
    for user in users:
        if user.number != "auto" or user.pool is None:
            continue
        pool = desired.pool(user.pool)
        kept = kept_number(user, pool, current, desired.tenant.operator_id)
        if kept:
            out[user.upn] = kept
            used.add(kept)
            continue
        if pool.name not in free:
            free[pool.name] = candidates(pool, current, explicit, desired.tenant.operator_id)
            free_sets[pool.name] = set(free[pool.name])
            cursor[pool.name] = 0
        pool_free = free[pool.name]
        held = holding.get(user.upn)
        if held and held not in used and held not in explicit and held in free_sets[pool.name]:
            out[user.upn] = held
            used.add(held)
            continue
        if held:
            await book.release(upn=user.upn)
        while cursor[pool.name] < len(pool_free):
            number = pool_free[cursor[pool.name]]
            cursor[pool.name] += 1
            if number in used or reserved.get(number, user.upn) != user.upn:
                continue
            if await book.try_reserve(number, user.upn, plan_id):
                out[user.upn] = number
                used.add(number)
                break
            # Lost to a plan made at the same moment: see what it holds now, then move on (or take the
            # number it reserved for this very person: the same file planned twice at once).
            reserved = await book.reserved_numbers()
            mine = next((n for n, upn in reserved.items() if upn.lower() == user.upn.lower()), None)
            if mine and mine not in used and mine in free_sets[pool.name]:
                out[user.upn] = mine
                used.add(mine)
                break
    return out


def short_of(desired: PhoneSystem, users: list[PhoneUser], allocation: Mapping[str, str]) -> dict[str, int]:
    """pool name → how many `auto` people of this plan got no number from it."""
    out: dict[str, int] = {}
    for user in users:
        if user.number == "auto" and user.pool is not None and user.upn not in allocation:
            out[user.pool] = out.get(user.pool, 0) + 1
    return out


def contention(pool: str, missing: int, held: Sequence[HeldNumber], plan_id: str) -> str | None:
    """Why `pool` ran dry when its free numbers are reserved by other plans, else None (truly exhausted)."""
    others = [h for h in held if h.plan_id != plan_id]
    if not others:
        return None
    plans = {h.plan_id for h in others}
    made = min(h.reserved_at for h in others).astimezone(dt.UTC)
    ends = [h.expires_at for h in others if h.expires_at is not None]
    until = f" (expires {max(ends).astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC)" if ends else ""
    who = "another plan" if len(plans) == 1 else f"{len(plans)} other plans"
    return (
        f"{len(others)} numbers of pool {pool!r} are held by {who} made at {made:%H:%M} UTC{until}, "
        f"so {missing} person(s) here got none; apply that plan, or wait until it expires, then plan again"
    )
