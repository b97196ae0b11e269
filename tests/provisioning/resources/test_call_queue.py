"""The call_queue kind as a table of planner cases (tests/provisioning/cases/call_queue.yaml), plus the
ordering, refusal and round-trip rules that do not fit a table."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from provisioning import load_plan
from provisioning.current import CurrentState
from provisioning.desired.queues import CallQueueSpec
from provisioning.expand import expand
from provisioning.loader import DesiredStateError, parse_phone_system
from provisioning.model import PhoneSystem
from provisioning.plan import Action, Plan
from provisioning.planner import plan
from provisioning.resources import describe
from provisioning.resources.call_queue import managed
from provisioning.states import to_jsonable
from provisioning.voiceapps.model import (
    Agent,
    AutoAttendant,
    CallFlow,
    CallQueue,
    ResourceAccount,
    Target,
    VoiceApps,
)
from tests.provisioning.tenants import build_current

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "call_queue.yaml").read_text())


def tenant(spec: dict[str, Any]) -> CurrentState:
    """The tenant of a case: people from build_current, groups, and voice apps built from YAML items."""
    queues = []
    for item in spec.get("queues", []):
        opted_out = set(item.pop("opted_out", []))
        queue = CallQueueSpec.model_validate(item).to_domain()
        agents = tuple(Agent(a.upn, a.upn not in opted_out) for a in queue.agents)
        queues.append(dataclasses.replace(queue, agents=agents))
    voice = VoiceApps(
        call_queues=tuple(queues),
        auto_attendants=tuple(attendant(item) for item in spec.get("attendants", [])),
        resource_accounts=tuple(ResourceAccount(upn, kind="call_queue") for upn in spec.get("accounts", [])),
    )
    people = build_current({"users": spec.get("users", [])})
    return dataclasses.replace(people, voice=voice, groups={name: [] for name in spec.get("groups", [])})


def attendant(item: str | dict[str, str]) -> AutoAttendant:
    """An attendant by name, or {name, operator_queue}: its operator is that queue (a call target)."""
    name = item if isinstance(item, str) else item["name"]
    operator = None if isinstance(item, str) else Target("call_queue", item["operator_queue"])
    return AutoAttendant(name, "en-US", "Eastern Standard Time", CallFlow("Default"), operator=operator)


def voice_of(system: PhoneSystem) -> VoiceApps:
    return VoiceApps(call_queues=tuple(q.to_domain() for q in system.call_queues))


def make_plan(
    system: PhoneSystem, current: CurrentState, scope: frozenset[tuple[str, str]] | None = None
) -> Plan:
    users = expand(system, current)
    return plan(system, users, current, {}, voice=voice_of(system), prune_scope=scope)


def spoken(action: Action) -> str:
    return f"{action.op} {action.subject}: {describe(action)} ({action.reason})"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_call_queue_case(case: dict[str, Any]) -> None:
    system = parse_phone_system(case["desired"], "county.yaml")
    scope = frozenset(tuple(pair) for pair in case["scope"]) if "scope" in case else None
    result = make_plan(system, tenant(case["current"]), scope)  # type: ignore[arg-type]
    queue_actions = [a for a in result.actions if a.kind == "call_queue"]
    assert [spoken(a) for a in queue_actions] == case["expect"]
    assert [f"{n.upn}: {n.reason}" for n in result.unchanged if n.kind == "call_queue"] == case["unchanged"]
    assert [f"{p.upn}: {p.message}" for p in result.problems] == case.get("problems", [])
    for name, (before, after) in case.get("changes", {}).items():
        first = queue_actions[0]
        assert to_jsonable(getattr(first.before, name)) == before, name
        assert to_jsonable(getattr(first.after, name)) == after, name
    for name, value in case.get("after", {}).items():
        assert queue_actions[0].before is None
        assert to_jsonable(getattr(queue_actions[0].after, name)) == value, name


def test_a_queue_waits_for_the_queue_it_overflows_to_and_not_for_its_agents() -> None:
    system = parse_phone_system(
        "call_queues:\n"
        "  - {name: Permits, agents: [ana@county.gov], overflow: {to: {call_queue: Building}}}\n"
        "  - {name: Building, agents: [ana@county.gov]}\n"
        "  - {name: Parks}\n",
        "county.yaml",
    )
    result = make_plan(system, tenant({"users": [{"upn": "ana@county.gov"}]}))
    needs = {a.key: set(a.needs) for a in result.actions}
    assert needs == {
        "create_call_queue:Building:": set(),
        "create_call_queue:Parks:": set(),
        "create_call_queue:Permits:": {"create_call_queue:Building:"},
    }


def test_removing_a_queue_waits_for_the_change_of_the_queue_that_forwarded_to_it() -> None:
    system = parse_phone_system("prune: true\ncall_queues:\n  - {name: Permits}\n", "county.yaml")
    current = tenant(
        {
            "queues": [
                {"name": "Permits", "overflow": {"to": {"call_queue": "Old Annex"}}},
                {"name": "Old Annex"},
            ]
        }
    )
    result = make_plan(system, current)
    keys = [a.key for a in result.actions]
    update = next(a for a in result.actions if a.op == "update_call_queue")
    removal = next(a for a in result.actions if a.op == "remove_call_queue")
    assert keys.index(update.key) < keys.index(removal.key)
    assert update.key in removal.needs


def test_twenty_one_agents_are_refused_at_their_line() -> None:
    agents = ", ".join(f"a{i}@county.gov" for i in range(21))
    with pytest.raises(DesiredStateError) as refused:
        parse_phone_system(f"call_queues:\n  - name: Permits\n    agents: [{agents}]\n", "county.yaml")
    (problem,) = refused.value.problems
    assert problem.startswith("county.yaml:2: call_queues[0]")
    assert "21 given; a queue takes at most 20 agents" in problem
    twenty = ", ".join(f"a{i}@county.gov" for i in range(20))
    parse_phone_system(f"call_queues:\n  - name: Permits\n    agents: [{twenty}]\n", "county.yaml")


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("{name: P, alert_time: 14}", "greater than or equal to 15"),
        ("{name: P, alert_time: 181}", "less than or equal to 180"),
        ("{name: P, overflow: {threshold: 201}}", "less than or equal to 200"),
        ("{name: P, timeout: {threshold: 2701}}", "less than or equal to 2700"),
        ("{name: P, timeout: {threshold: 100}}", "15-second steps (100 is not one)"),
        ("{name: P, routing: Random}", "'Attendant', 'Serial', 'RoundRobin' or 'LongestIdle'"),
        (
            "{name: P, routing: LongestIdle, presence_based: false}",
            "LongestIdle routing always uses presence",
        ),
        ("{name: P, language: english}", "not a language id like en-US"),
        ("{name: P, overflow: {to: {shared_voicemail: G}}}", "needs a greeting"),
        ("{name: P, overflow: {to: {shared_voicemail: G}, greeting: hi}}", "needs the queue's language"),
        ("{name: P, overflow: {to: {user: a@x.gov, priority: 2}}}", "priority only applies"),
        ("{name: P, timeout: {to: {call_queue: P}}}", "cannot forward to itself"),
        ("{name: P, agents: [a@x.gov, A@x.gov]}", "a@x.gov is listed twice"),
        ("{name: 'P: Q'}", "no ':'"),
        ("{name: P, colour: red}", "Extra inputs are not permitted"),
    ],
)
def test_bad_settings_are_refused_with_their_field(item: str, message: str) -> None:
    with pytest.raises(DesiredStateError) as refused:
        parse_phone_system(f"call_queues:\n  - {item}\n", "county.yaml")
    assert message in "\n".join(refused.value.problems)
    assert all(p.startswith("county.yaml:2: call_queues[0]") for p in refused.value.problems)


def test_queue_names_are_unique_in_the_file() -> None:
    with pytest.raises(DesiredStateError) as refused:
        parse_phone_system("call_queues:\n  - {name: Permits}\n  - {name: PERMITS}\n", "county.yaml")
    assert "call_queues[1]: 'PERMITS' is also call_queues[0]" in "\n".join(refused.value.problems)


FULL = """
call_queues:
  - name: Permits
    language: en-US
    greeting: Thank you for calling Permits.
    routing: Serial
    presence_based: false
    conference_mode: false
    allow_opt_out: false
    alert_time: 45
    agents: [Ben@County.gov, ana@county.gov]
    groups: [Permits Counter]
    overflow: {threshold: 0, to: {shared_voicemail: Permits Team}, greeting: Leave a message., transcription: true}
    timeout: {threshold: 2700, to: {call_queue: Building, via: building-cq@county.gov, priority: 2}}
    no_agent: {to: {disconnect: true}, applies_to: new_calls}
    authorized_users: [lead@county.gov]
    resource_accounts: [permits-cq@county.gov]
  - name: Building
    overflow: {to: {external: "(561) 555-0100"}}
    timeout: {to: {voicemail: ana@county.gov}}
    no_agent: {to: {auto_attendant: Main Line}}
"""


def test_yaml_to_domain_to_yaml_round_trips() -> None:
    system = parse_phone_system(FULL, "county.yaml")
    for spec in system.call_queues:
        domain = spec.to_domain()
        assert CallQueueSpec.from_domain(domain).to_domain() == domain
    permits = system.call_queues[0].to_domain()
    assert permits.users == ("ben@county.gov", "ana@county.gov")  # lower-cased, ring order kept
    assert permits.timeout.target is not None and permits.timeout.target.via == "building-cq@county.gov"
    assert permits.no_agent.action == "disconnect" and permits.no_agent_applies_to == "new_calls"
    building = system.call_queues[1].to_domain()
    assert building.overflow.target is not None and building.overflow.target.ref == "+15615550100"
    assert building.no_agent.action == "forward" and building.timeout.action == "voicemail"


def test_a_saved_plan_rebuilds_the_queue_states() -> None:
    system = parse_phone_system(
        FULL.replace("    resource_accounts: [permits-cq@county.gov]\n", ""), "c.yaml"
    )
    current = tenant(
        {
            "users": [{"upn": "ana@county.gov"}, {"upn": "ben@county.gov"}, {"upn": "lead@county.gov"}],
            "groups": ["Permits Counter", "Permits Team"],
            "queues": [{"name": "Building"}],
            "attendants": ["Main Line"],
            "accounts": ["building-cq@county.gov"],
        }
    )
    result = make_plan(system, current)
    assert not result.problems
    assert [a.op for a in result.actions] == ["update_call_queue", "create_call_queue"]
    assert result.actions and load_plan(result.to_json()) == result


PEOPLE = ["ana@county.gov", "ben@county.gov", "cy@county.gov", "di@county.gov"]
NAMES = ["Permits", "Building", "Parks"]


@st.composite
def queue_item(draw: st.DrawFn, name: str, others: list[str]) -> dict[str, Any]:
    """A call_queues item with random settings; forwards only to people, the group or listed queues."""
    targets: list[Any] = [None, {"user": draw(st.sampled_from(PEOPLE))}, {"external": "+15615550100"}]
    targets += [{"call_queue": other} for other in others if other != name]
    overflow: dict[str, Any] = {"threshold": draw(st.integers(0, 200))}
    if draw(st.booleans()):
        overflow.update(
            to={"shared_voicemail": "Permits Team"}, greeting=draw(st.sampled_from(["Hi", "Bye"]))
        )
    elif (to := draw(st.sampled_from(targets))) is not None:
        overflow["to"] = to
    item: dict[str, Any] = {
        "name": name,
        "language": "en-US",
        "routing": draw(st.sampled_from(["Attendant", "Serial", "RoundRobin"])),
        "alert_time": draw(st.integers(15, 180)),
        "presence_based": draw(st.booleans()),
        "agents": draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=4)),
        "overflow": overflow,
        "timeout": {"threshold": 15 * draw(st.integers(0, 180))},
        "no_agent": {"applies_to": draw(st.sampled_from(["all_calls", "new_calls"]))},
    }
    if draw(st.booleans()):
        item["greeting"] = draw(st.sampled_from(["Welcome", "Thanks for calling"]))
    return item


@st.composite
def queue_list(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3))
    return [draw(queue_item(name, names)) for name in names]


def simulate(result: Plan, current: CurrentState) -> CurrentState:
    """The tenant after the plan's queue actions, as the service would leave it (an independent model:
    agents keep their own opt-in, creates add, removals drop)."""
    assert current.voice is not None
    queues = {q.name.casefold(): q for q in current.voice.call_queues}
    for action in result.actions:
        if action.kind != "call_queue":
            continue
        key = action.subject.casefold()
        if action.op == "remove_call_queue":
            del queues[key]
        elif action.op == "create_call_queue":
            assert key not in queues  # never a second queue of the same name
            queues[key] = dataclasses.replace(
                action.after, agents=tuple(Agent(u) for u in action.after.users)
            )
        else:
            queues[key] = dataclasses.replace(action.after, agents=queues[key].agents)
    voice = dataclasses.replace(current.voice, call_queues=tuple(queues.values()))
    return dataclasses.replace(current, voice=voice)


@settings(max_examples=150, deadline=None)
@given(wanted=queue_list(), have=queue_list(), prune=st.booleans())
def test_applying_the_plan_leaves_nothing_to_do(
    wanted: list[dict[str, Any]], have: list[dict[str, Any]], prune: bool
) -> None:
    people = [{"upn": upn} for upn in PEOPLE]
    current = tenant({"users": people, "groups": ["Permits Team"], "queues": have})
    system = PhoneSystem.model_validate({"prune": prune, "call_queues": wanted})
    first = make_plan(system, current)
    assert not first.problems
    after = simulate(first, current)
    again = make_plan(system, after)
    assert [a.key for a in again.actions if a.kind == "call_queue"] == []
    matches = {n.upn for n in again.unchanged if n.reason.endswith("matches")}
    assert matches == {item["name"] for item in wanted}
    assert after.voice is not None
    for spec in system.call_queues:  # every wanted setting reached, not merely a quiet re-plan
        reached = after.voice.call_queue(spec.name)
        assert reached is not None and managed(reached) == managed(spec.to_domain())
    left = {q.name for q in after.voice.call_queues}
    assert left == {item["name"] for item in wanted} | (set() if prune else {item["name"] for item in have})


def test_a_pruned_queue_is_removed_after_the_pruned_attendant_that_sent_calls_to_it() -> None:
    system = parse_phone_system("prune: true\ncall_queues: []\n", "county.yaml")
    current = tenant(
        {
            "queues": [{"name": "Old Annex"}],
            "attendants": [{"name": "Main Line", "operator_queue": "Old Annex"}],
        }
    )
    result = make_plan(system, current)
    by_kind = {a.kind: a for a in result.actions}
    assert set(by_kind) == {"auto_attendant", "call_queue"}
    keys = [a.key for a in result.actions]
    assert keys.index(by_kind["auto_attendant"].key) < keys.index(by_kind["call_queue"].key)
    assert by_kind["auto_attendant"].key in by_kind["call_queue"].needs


def test_a_queue_built_in_code_is_held_to_the_same_limits() -> None:
    """Pop-up lines add domain queues to the plan without the YAML section's checks."""
    people = [f"a{i}@county.gov" for i in range(21)]
    queue = CallQueue("Pop-up", users=tuple(people), alert_time=10)
    system = parse_phone_system("call_queues: []\n", "county.yaml")
    current = tenant({"users": [{"upn": upn} for upn in people]})
    result = plan(system, [], current, {}, voice=VoiceApps(call_queues=(queue,)))
    assert result.actions == ()
    assert [p.message.split(": ", 1)[1] for p in result.problems] == [
        "call_queues[0].agents: 21 agents; a queue takes at most 20 added one by one",
        "call_queues[0].alert_time: alert time 10 s is outside 15–180 s",
    ]
