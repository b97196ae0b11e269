"""`auto` numbers: chosen deterministically at plan time and reserved in the store, so two plans made at
the same moment (or a re-run) never hand one number to two people."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph.types import NumberAssignment
from provisioning.current import CurrentState
from provisioning.model import PhoneSystem, PhoneUser, Pool
from store.reservations import ReservationRepo


def in_pool(number: NumberAssignment, pool: Pool) -> bool:
    return (
        number.number_type == pool.number_type
        and pool.capability in number.capabilities
        and (pool.city is None or (number.city or "").casefold() == pool.city.casefold())
        and (pool.operator_id is None or number.operator_id == pool.operator_id)
        and not pool.is_reserved(number.telephone_number)
    )


def candidates(pool: Pool, current: CurrentState, excluded: Iterable[str]) -> list[str]:
    """Free numbers of the pool in ascending order, minus those already promised elsewhere."""
    skip = set(excluded)
    return sorted(
        n.telephone_number
        for n in current.numbers.values()
        if n.is_free
        and n.activation_state != "assignmentPending"
        and in_pool(n, pool)
        and n.telephone_number not in skip
    )


def kept_number(user: PhoneUser, pool: Pool, current: CurrentState) -> str | None:
    """A person who already has a primary number from the pool keeps it (plans stay empty on re-runs)."""
    person = current.users.get(user.upn)
    if person is None:
        return None
    for number in current.numbers_of(person.id):
        if number.assignment_category in (None, user.category) and in_pool(number, pool):
            return number.telephone_number
    return None


def allocate_pure(
    desired: PhoneSystem, users: list[PhoneUser], current: CurrentState, reserved: Mapping[str, str]
) -> dict[str, str]:
    """The allocation without a store: `reserved` maps number → UPN holding it."""
    explicit = {u.number for u in users if u.number != "auto"}
    out: dict[str, str] = {}
    for user in users:
        if user.number != "auto" or user.pool is None:
            continue
        pool = desired.pool(user.pool)
        kept = kept_number(user, pool, current)
        if kept:
            out[user.upn] = kept
            continue
        held = next((n for n, upn in reserved.items() if upn == user.upn and n not in explicit), None)
        if held:
            out[user.upn] = held
            continue
        taken = explicit | set(out.values()) | {n for n, upn in reserved.items() if upn != user.upn}
        free = candidates(pool, current, taken)
        if free:
            out[user.upn] = free[0]
    return out


async def allocate(
    desired: PhoneSystem,
    users: list[PhoneUser],
    current: CurrentState,
    reservations: ReservationRepo,
    plan_id: str,
) -> dict[str, str]:
    """Reserve in the store; a lost race moves on to the next candidate."""
    explicit = {u.number for u in users if u.number != "auto"}
    out: dict[str, str] = {}
    for user in users:
        if user.number != "auto" or user.pool is None:
            continue
        pool = desired.pool(user.pool)
        kept = kept_number(user, pool, current)
        if kept:
            out[user.upn] = kept
            continue
        reserved = await reservations.reserved_numbers()
        taken = explicit | set(out.values()) | {n for n, upn in reserved.items() if upn != user.upn}
        held = await reservations.reservation_for(user.upn)
        if held and held not in taken and held in candidates(pool, current, ()):
            out[user.upn] = held
            continue
        if held:
            await reservations.release(upn=user.upn)
        number = await reservations.reserve_first(candidates(pool, current, taken), user.upn, plan_id)
        if number:
            out[user.upn] = number
    return out
