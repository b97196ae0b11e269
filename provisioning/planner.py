"""The planner: a pure function (desired, current, allocation) → ordered actions with reasons.

Per person the order is fixed (usage location → licence → free the old number → assign → location);
people are independent of each other, so apply can run them concurrently.
"""

from __future__ import annotations

from collections.abc import Mapping

from provisioning.current import CurrentState
from provisioning.model import PhoneSystem, PhoneUser
from provisioning.plan import Action, Kind, NoOp, Plan, Problem, stable_hash


def desired_hash(desired: PhoneSystem) -> str:
    return stable_hash(desired.model_dump(mode="json"))


def plan(
    desired: PhoneSystem, users: list[PhoneUser], current: CurrentState, allocation: Mapping[str, str]
) -> Plan:
    actions: list[Action] = []
    problems: list[Problem] = []
    unchanged: list[NoOp] = []
    tenant = desired.tenant
    sku = current.skus.get(tenant.licence)
    seats_left = sku.available_units if sku else 0
    wanted_by: dict[str, str] = {}
    for user in users:
        wanted = user.number if user.number != "auto" else allocation.get(user.upn)
        if wanted:
            wanted_by[wanted] = user.upn

    for user in users:
        person = current.users.get(user.upn)
        if person is None:
            problems.append(Problem(user.upn, "no such user in the tenant"))
            continue
        if current.account_types.get(person.id, "user") != "user":
            kind = current.account_types[person.id]
            problems.append(
                Problem(user.upn, f"is a {kind}, not a person; voice apps are managed separately")
            )
            continue
        steps: list[Action] = []
        if not person.usage_location:
            steps.append(
                Action(
                    Kind.SET_USAGE_LOCATION,
                    user.upn,
                    person.id,
                    {"usageLocation": None},
                    {"usageLocation": tenant.usage_location},
                    "a licence needs a usage location",
                )
            )
        if sku is None:
            problems.append(Problem(user.upn, f"the tenant has no {tenant.licence} subscription"))
            continue
        if sku.sku_id not in person.assigned_sku_ids:
            if seats_left <= 0:
                problems.append(
                    Problem(user.upn, f"no free {tenant.licence} licence (all {sku.enabled_units} in use)")
                )
                continue
            seats_left -= 1
            steps.append(
                Action(
                    Kind.ASSIGN_LICENCE,
                    user.upn,
                    person.id,
                    {"licences": sorted(person.assigned_sku_ids)},
                    {"add": tenant.licence, "skuId": sku.sku_id},
                    "Teams Phone needs a licence",
                )
            )
        target = user.number if user.number != "auto" else allocation.get(user.upn)
        if target is None:
            problems.append(Problem(user.upn, f"pool {user.pool!r} has no free number"))
            continue
        number = current.numbers.get(target)
        if number is None:
            problems.append(Problem(user.upn, f"{target} is not in the tenant's number inventory"))
            continue
        location = (
            tenant.emergency_locations.get(user.emergency_location) if user.emergency_location else None
        )
        held = [
            n for n in current.numbers_of(person.id) if (n.assignment_category or "primary") == user.category
        ]
        if number.assignment_target_id == person.id:
            if location is not None and number.location_id != location:
                steps.append(
                    Action(
                        Kind.UPDATE_LOCATION,
                        user.upn,
                        person.id,
                        {"locationId": number.location_id},
                        {"locationId": location},
                        f"emergency location of {target} differs",
                        number=target,
                        number_type=number.number_type,
                    )
                )
        else:
            if not number.is_free:
                holder = current.users_by_id.get(number.assignment_target_id or "")
                name = holder.user_principal_name if holder else number.assignment_target_id
                problems.append(Problem(user.upn, f"{target} is assigned to {name}"))
                continue
            if "userAssignment" not in number.capabilities:
                problems.append(
                    Problem(
                        user.upn, f"{target} cannot be assigned to a user ({', '.join(number.capabilities)})"
                    )
                )
                continue
            for old in held:
                steps.append(
                    Action(
                        Kind.UNASSIGN_NUMBER,
                        user.upn,
                        person.id,
                        {"number": old.telephone_number},
                        {"number": None},
                        f"moves to {target}",
                        number=old.telephone_number,
                        number_type=old.number_type,
                    )
                )
            steps.append(
                Action(
                    Kind.ASSIGN_NUMBER,
                    user.upn,
                    person.id,
                    {"number": held[0].telephone_number if held else None},
                    {"number": target, "category": user.category, "locationId": location},
                    "new phone user" if not held else "number changes",
                    number=target,
                    number_type=number.number_type,
                )
            )
        if steps:
            actions.extend(steps)
        else:
            unchanged.append(NoOp(user.upn, f"matches: {target} {user.category}"))

    if desired.prune:
        listed = {u.upn for u in users}
        for number in sorted(current.numbers.values(), key=lambda n: n.telephone_number):
            holder = current.users_by_id.get(number.assignment_target_id or "")
            if (
                number.assignment_status == "userAssigned"
                and holder
                and holder.user_principal_name.lower() not in listed
            ):
                actions.append(
                    Action(
                        Kind.UNASSIGN_NUMBER,
                        holder.user_principal_name.lower(),
                        holder.id,
                        {"number": number.telephone_number},
                        {"number": None},
                        "not in the desired state (prune: true)",
                        number=number.telephone_number,
                        number_type=number.number_type,
                    )
                )
    return Plan(
        desired_hash(desired), current.fingerprint(), tuple(actions), tuple(problems), tuple(unchanged)
    )
