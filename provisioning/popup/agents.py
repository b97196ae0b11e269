"""Agents specs resolved against the tenant at open time: a UPN as it is, a group's or a department's
members as they are now (a pop-up queue takes people directly: groups sync into queues in hours, direct
users at once, voice-apps.md §6.2). Pure over the CurrentState the service read."""

from __future__ import annotations

from collections.abc import Iterable

from provisioning.current import CurrentState
from provisioning.errors import InvalidInput
from provisioning.popup.request import AgentSpec


def groups_of(specs: Iterable[AgentSpec]) -> list[str]:
    """The group names whose members the read must fetch."""
    return sorted({spec.value for spec in specs if spec.kind == "group"})


def resolve_agents(specs: Iterable[AgentSpec], current: CurrentState) -> tuple[str, ...]:
    """Lower-case UPNs in the order given (a group's or department's members sorted), each once; people
    only (resource accounts and unknown names are refused naming the spec)."""
    found: list[str] = []
    for spec in specs:
        for upn in _members(spec, current):
            if upn not in found:
                found.append(upn)
    return tuple(found)


def _members(spec: AgentSpec, current: CurrentState) -> list[str]:
    if spec.kind == "user":
        person = current.users.get(spec.value)
        if person is None:
            raise InvalidInput(f"--agents {spec.value}: no such user in the tenant")
        if person.account_type != "user":
            raise InvalidInput(f"--agents {spec.value}: is a {person.account_type}, not a person")
        return [spec.value]
    if spec.kind == "group":
        members = current.groups.get(spec.value)
        if members is None:
            raise InvalidInput(f"--agents group:{spec.value}: no such group in the tenant")
        people = sorted(upn for upn in members if _is_person(current, upn))
    else:
        wanted = spec.value.casefold()
        people = sorted(
            upn
            for upn, person in current.users.items()
            if (person.department or "").casefold() == wanted and person.account_type == "user"
        )
    if not people:
        raise InvalidInput(f"--agents {spec.kind}:{spec.value}: has no members who can take calls")
    return people


def _is_person(current: CurrentState, upn: str) -> bool:
    person = current.users.get(upn.lower())
    return person is not None and person.account_type == "user"
