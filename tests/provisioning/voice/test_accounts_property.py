"""Property of the resource-account kinds (account, licence, number, association) over random tenants
and files: when the plan has no problems, applying it (here: a faithful pure model of the tenant) leaves
a state that re-plans empty, with no account serving two apps and no number held twice; and a file that
lists one account under two apps, or one number twice, is always a plan problem, never an action."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from provisioning.current import CurrentState, Licence, Number, Person
from provisioning.model import PhoneSystem
from provisioning.plan import Action, Plan
from provisioning.planner import plan
from provisioning.resources import KINDS
from provisioning.voiceapps.model import CallQueue, ResourceAccount, VoiceApps

SKU = "440eaaa8-b3e0-484b-a8be-62870b9ba70a"
RA_KINDS = {name: KINDS[name] for name in ("resource_account", "ra_licence", "ra_number", "association")}
NUMBERS = [f"+1561555{n:04d}" for n in range(8)]
UPNS = [f"ra{n}@county.gov" for n in range(5)]
QUEUES = ["Permits", "Taxes", "Fire"]


@st.composite
def tenants(draw: st.DrawFn) -> tuple[CurrentState, VoiceApps]:
    """A tenant with some existing accounts (licensed or not, numbered or not, associated or not) and a
    file wanting some accounts, each with a number or none, listed by at most one queue or by two."""
    existing = draw(st.lists(st.sampled_from(UPNS), unique=True, max_size=4))
    free = list(NUMBERS)
    users, accounts, numbers = (
        {},
        [],
        {n: Number(n, "operatorConnect", frozenset({"voiceApplicationAssignment"})) for n in NUMBERS},
    )
    for index, upn in enumerate(existing):
        licensed = draw(st.booleans())
        number = draw(st.sampled_from([None, *free])) if licensed else None
        if number:
            free.remove(number)
            numbers[number] = replace(
                numbers[number], status="voiceApplicationAssigned", holder_id=f"id{index}"
            )
        app = draw(st.sampled_from([None, *QUEUES]))
        users[upn] = Person(
            f"id{index}",
            upn,
            usage_location="US" if licensed else None,
            licences=frozenset({SKU}) if licensed else frozenset(),
            account_type="resourceAccount",
        )
        accounts.append(ResourceAccount(upn, upn, "call_queue", number, app, licensed))
    current_voice = VoiceApps(
        call_queues=tuple(
            CallQueue(q, resource_accounts=tuple(sorted(ra.upn for ra in accounts if ra.app == q)))
            for q in QUEUES
        ),
        resource_accounts=tuple(accounts),
    )
    wanted_upns = draw(st.lists(st.sampled_from(UPNS), unique=True, max_size=5))
    wanted = [
        ResourceAccount(upn, upn, "call_queue", draw(st.sampled_from([None, *NUMBERS])))
        for upn in wanted_upns
    ]
    listing: dict[str, list[str]] = {q: [] for q in QUEUES}
    for upn in wanted_upns:
        for queue in draw(st.lists(st.sampled_from(QUEUES), unique=True, max_size=2)):
            listing[queue].append(upn)
    wanted_voice = VoiceApps(
        call_queues=tuple(CallQueue(q, resource_accounts=tuple(listing[q])) for q in QUEUES),
        resource_accounts=tuple(wanted),
    )
    licences = {
        "PHONESYSTEM_VIRTUALUSER": Licence(
            SKU, "PHONESYSTEM_VIRTUALUSER", 25, sum(1 for a in accounts if a.licensed)
        )
    }
    return CurrentState(users, numbers, licences, voice=current_voice), wanted_voice


def make_plan(current: CurrentState, wanted: VoiceApps) -> Plan:
    return plan(PhoneSystem(), [], current, {}, RA_KINDS, voice=wanted)


def applied(current: CurrentState, actions: tuple[Action, ...]) -> CurrentState:
    """The tenant after the actions, as the service would leave it (one pure step per op)."""
    users, numbers = dict(current.users), dict(current.numbers)
    assert current.voice is not None
    accounts = {ra.upn: ra for ra in current.voice.resource_accounts}
    for action in actions:
        upn = action.subject
        if action.op == "create_resource_account":
            users[upn] = Person(f"new-{upn}", upn, account_type="resourceAccount")
            accounts[upn] = ResourceAccount(upn, action.after.display_name, action.after.kind, licensed=False)
        elif action.op == "set_ra_usage_location":
            users[upn] = replace(users[upn], usage_location=action.step.value)
        elif action.op == "assign_ra_licence":
            users[upn] = replace(users[upn], licences=users[upn].licences | {SKU})
            accounts[upn] = replace(accounts[upn], licensed=True)
        elif action.op == "assign_ra_number":
            assert numbers[action.step.ref].is_free or numbers[action.step.ref].holder_id == users[upn].id
            if action.before is not None:
                numbers[action.before.number] = Number(
                    action.before.number, "operatorConnect", frozenset({"voiceApplicationAssignment"})
                )
            numbers[action.step.ref] = replace(
                numbers[action.step.ref], status="voiceApplicationAssigned", holder_id=users[upn].id
            )
            accounts[upn] = replace(accounts[upn], number=action.step.ref)
        elif action.op == "associate_resource_account":
            accounts[upn] = replace(accounts[upn], app=action.after.app)
        elif action.op == "dissociate_resource_account":
            accounts[upn] = replace(accounts[upn], app=None)
        else:
            raise AssertionError(f"unexpected op {action.op}")
    voice = replace(current.voice, resource_accounts=tuple(accounts.values()))
    return replace(current, users=users, numbers=numbers, voice=voice)


@settings(max_examples=300, deadline=None)
@given(tenants())
def test_applying_a_clean_plan_reaches_a_state_that_replans_empty(
    case: tuple[CurrentState, VoiceApps],
) -> None:
    current, wanted = case
    listed = Counter(upn for q in wanted.call_queues for upn in q.resource_accounts)
    explicit = Counter(ra.number for ra in wanted.resource_accounts if ra.number)
    result = make_plan(current, wanted)
    if any(n > 1 for n in listed.values()):
        assert any("already serves" in p.message for p in result.problems)
    for number in [n for n, count in explicit.items() if count > 1]:
        # the second claim is refused: "also wanted by …", or "assigned to …" when the first holds it
        assert any(number in p.message for p in result.problems), number
    if result.problems:
        blocked = {p.upn for p in result.problems}
        assert not [a for a in result.actions if a.subject in blocked]
        return
    after = applied(current, result.actions)
    again = make_plan(after, wanted)
    assert again.empty, (again.actions, again.problems)
    assert after.voice is not None
    held = Counter(n.holder_id for n in after.numbers.values() if n.holder_id)
    assert all(count == 1 for count in held.values())
    serving = Counter(ra.upn for ra in after.voice.resource_accounts if ra.app)
    assert all(count == 1 for count in serving.values())
