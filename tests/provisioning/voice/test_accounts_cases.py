"""Planner cases for the resource-account kinds, written from the case (desired + current → the actions
with their reasons, the no-ops, the problems naming file:line), and the planner's reverse order for
removals: an association goes before the queue it pointed at, a number before the licence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from provisioning.current import CurrentState, Licence, Number, Person
from provisioning.loader import parse_phone_system
from provisioning.plan import Plan
from provisioning.planner import plan
from provisioning.resources import KINDS
from provisioning.voiceapps.model import CallQueue, ResourceAccount, VoiceApps

SKU = "440eaaa8-b3e0-484b-a8be-62870b9ba70a"
FREE = Number("+15615550100", "operatorConnect", frozenset({"voiceApplicationAssignment"}))
USER_ONLY = Number("+15615550200", "operatorConnect", frozenset({"userAssignment"}))
RA = "permits-cq@county.gov"
FILE = f"""
resource_accounts:
  - upn: {RA}
    display_name: Permits Queue
    kind: cq
    number: "+15615550100"
"""


def tenant(
    *accounts: ResourceAccount, users: dict[str, Person] | None = None, seats: int = 25
) -> CurrentState:
    numbers = {FREE.telephone_number: FREE, USER_ONLY.telephone_number: USER_ONLY}
    voice = VoiceApps(call_queues=(CallQueue("Permits"),), resource_accounts=accounts)
    licences = {"PHONESYSTEM_VIRTUALUSER": Licence(SKU, "PHONESYSTEM_VIRTUALUSER", seats, 0)}
    return CurrentState(users or {}, numbers, licences, voice=voice)


def planned(text: str, current: CurrentState, *, queues: tuple[CallQueue, ...] = ()) -> Plan:
    from provisioning.desired import desired_voice_apps

    desired = parse_phone_system(text, "phone.yaml")
    voice = desired_voice_apps(desired)
    assert voice is not None
    return plan(desired, [], current, {}, voice=replace(voice, call_queues=queues or voice.call_queues))


def spoken(result: Plan) -> list[str]:
    return [f"{a.kind} {a.op} {a.subject} ({a.reason})" for a in result.actions]


def test_a_new_account_is_created_licensed_after_its_usage_location_then_numbered() -> None:
    result = planned(FILE, tenant())
    assert spoken(result) == [
        f"resource_account create_resource_account {RA} (new resource account for a call queue)",
        f"ra_licence set_ra_usage_location {RA} (the licence needs a usage location first)",
        f"ra_licence assign_ra_licence {RA} (every resource account needs a PHONESYSTEM_VIRTUALUSER licence)",
        f"ra_number assign_ra_number {RA} (the account gets its number)",
    ]
    assert result.actions[3].after.number == "+15615550100"


def test_an_account_as_wanted_has_a_reason_for_every_no_op() -> None:
    person = Person(
        "ra-1", RA, usage_location="US", licences=frozenset({SKU}), account_type="resourceAccount"
    )
    have = ResourceAccount(RA, "Permits Queue", "call_queue", "+15615550100", None, True)
    current = tenant(have, users={RA: person})
    taken = replace(FREE, status="voiceApplicationAssigned", holder_id="ra-1")
    current = replace(current, numbers={**current.numbers, FREE.telephone_number: taken})
    result = planned(FILE, current)
    assert result.empty
    assert sorted(n.reason for n in result.unchanged if n.upn == RA) == [
        "licence PHONESYSTEM_VIRTUALUSER assigned",
        "number +15615550100 assigned",
        f"{RA} serves no voice app, as the file says",
        f"resource account {RA} exists for a call queue",
    ]


@pytest.mark.parametrize(
    ("edit", "current", "message"),
    [
        (
            "kind: cq",
            tenant(ResourceAccount(RA, "P", "auto_attendant")),
            f"phone.yaml:3: resource_accounts[0]: {RA} is a auto attendant account, not a call queue one",
        ),
        (
            'number: "+15615550200"',
            tenant(),
            "phone.yaml:3: resource_accounts[0].number: +15615550200 cannot be assigned to a resource account (userAssignment)",
        ),
        (
            'number: "+15615550999"',
            tenant(),
            "phone.yaml:3: resource_accounts[0].number: +15615550999 is not in the tenant's number inventory",
        ),
        (
            "kind: cq",
            tenant(seats=0),
            "phone.yaml:3: resource_accounts[0]: no free PHONESYSTEM_VIRTUALUSER licence (all 0 in use)",
        ),
        (
            "kind: cq",
            tenant(users={RA: Person("u1", RA)}),
            f"phone.yaml:3: resource_accounts[0]: {RA} is a user, not a resource account",
        ),
    ],
)
def test_what_cannot_be_planned_is_a_problem_naming_the_line(
    edit: str, current: CurrentState, message: str
) -> None:
    text = FILE.replace(
        'number: "+15615550100"', edit if edit.startswith("number") else 'number: "+15615550100"'
    )
    result = planned(text, current)
    assert message in [p.message for p in result.problems]
    assert not [a for a in result.actions if a.subject == RA]


def test_an_account_listed_by_two_queues_is_a_problem_at_the_second_listing() -> None:
    queues = (CallQueue("Permits", resource_accounts=(RA,)), CallQueue("Taxes", resource_accounts=(RA,)))
    result = planned(FILE, tenant(), queues=queues)
    assert [p.message for p in result.problems] == [
        f"phone.yaml:1: call_queues[1].resource_accounts[0]: {RA} already serves call queue Permits"
    ]


def test_prune_retires_an_account_in_reverse_order_and_says_the_account_stays() -> None:
    person = Person(
        "ra-1", RA, usage_location="US", licences=frozenset({SKU}), account_type="resourceAccount"
    )
    have = ResourceAccount(RA, "Permits Queue", "call_queue", "+15615550100", "Permits", True)
    current = tenant(have, users={RA: person})
    taken = replace(FREE, status="voiceApplicationAssigned", holder_id="ra-1")
    current = replace(current, numbers={**current.numbers, FREE.telephone_number: taken})
    other = "resource_accounts:\n  - {upn: other@county.gov, display_name: O, kind: aa}\nprune: true\n"
    kinds = {k: KINDS[k] for k in ("resource_account", "ra_licence", "ra_number", "association")}
    from provisioning.desired import desired_voice_apps

    desired = parse_phone_system(other, "phone.yaml")
    voice = desired_voice_apps(desired)
    result = plan(desired, [], current, {}, kinds, voice=voice)
    mine = [a for a in result.actions if a.subject == RA]
    assert [a.op for a in mine] == ["dissociate_resource_account", "release_ra_number", "release_ra_licence"]
    dissociate, number, licence = mine
    assert (
        number.needs == (dissociate.key,) and dissociate.key in licence.needs and number.key in licence.needs
    )
    assert licence.reason.endswith("the disabled account stays in Entra (delete it there when you are sure)")
    assert f"resource account {RA} is retired" in " ".join(n.reason for n in result.unchanged)


def test_without_prune_an_unlisted_account_is_left_alone() -> None:
    have = ResourceAccount(RA, "Permits Queue", "call_queue", "+15615550100", "Permits", True)
    other = "resource_accounts:\n  - {upn: other@county.gov, display_name: O, kind: aa}\n"
    result = planned(other, tenant(have))
    assert not [a for a in result.actions if a.subject == RA]


def test_prune_keeps_an_account_a_wanted_queue_still_sends_calls_through() -> None:
    from provisioning.voiceapps.model import QueueException, Target

    person = Person(
        "ra-1", RA, usage_location="US", licences=frozenset({SKU}), account_type="resourceAccount"
    )
    have = ResourceAccount(RA, "Taxes Queue", "call_queue", None, "Taxes", True)
    current = replace(
        tenant(have, users={RA: person}),
        voice=VoiceApps(
            call_queues=(CallQueue("Permits"), CallQueue("Taxes", resource_accounts=(RA,))),
            resource_accounts=(have,),
        ),
    )
    overflow = QueueException("queue", Target("call_queue", "Taxes", via=RA), threshold=50)
    wanted = VoiceApps(call_queues=(CallQueue("Permits", overflow=overflow), CallQueue("Taxes")))
    desired = parse_phone_system("prune: true\n", "phone.yaml")
    kinds = {
        k: KINDS[k] for k in ("resource_account", "ra_licence", "ra_number", "call_queue", "association")
    }
    result = plan(desired, [], current, {}, kinds, voice=wanted)
    assert not [a for a in result.actions if a.subject == RA and a.op.startswith(("release", "dissociate"))]
    assert any(
        n.upn == RA and "Permits (in the file) sends calls to it" in n.reason for n in result.unchanged
    )
