"""Schedules and auto attendants end to end on the county sandbox (stand-in Teams workers over real HTTP,
both database engines): the county exports and re-plans empty; a new line with business hours, a holiday
set and a menu is created, the main line gets an option to it, each apply is confirmed and re-plans empty,
and the call trace over the tenant as read reaches what the file says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from graph.teams_admin import TeamsAdmin
from provisioning import Applier, PhoneService, PhoneSystem, parse_phone_system, to_yaml
from provisioning.voiceapps import VoiceApps, read_voice_apps, teams_admin_source, trace
from sandbox.server import RunningSandbox
from tests.conftest import SandboxFactory
from tests.provisioning.voice.harness import edited, service_for

MAIN = "Palmetto County Main Line"
LINE = "Fire Fee Line"
HOURS = {"name": "Fire Fee Hours", "hours": {"monday-friday": ["08:00-12:00", "13:00-17:00"]}}
HOLIDAYS = {
    "name": "Fire Fee Holidays",
    "dates": [
        {"name": "Veterans Day", "date": "2026-11-11"},
        {"name": "Thanksgiving", "from": "2026-11-26", "to": "2026-11-27"},
    ],
}


def person(sb: RunningSandbox) -> str:
    """A county employee (the line's key 2 and its operator)."""
    users = sorted(
        u.userPrincipalName.lower() for u in sb.state.users.values() if u.department == "Fire Rescue"
    )
    return users[0]


def line(upn: str) -> dict[str, Any]:
    return {
        "name": LINE,
        "language": "en-US",
        "time_zone": "America/New_York",  # IANA in the file, Windows id in the tenant
        "operator": {"user": upn},
        "business_hours": "Fire Fee Hours",
        "greeting": "You have reached the fire services fee line.",
        "dial_scope": {"include": ["Fire Rescue Staff"], "exclude": ["Teams Phone Admins"]},
        "menu": {
            "prompt": "For permits press 1. For the fee office press 2. For the operator press 0.",
            "dial_by_name": True,
            "options": [
                {"key": 1, "to": {"call_queue": "Building Permits"}},
                {"key": 2, "voice": "fee office", "to": {"user": upn}},
                {"key": 0, "operator": True},
            ],
        },
        "after_hours": {
            "greeting": "We are closed.",
            "menu": {"options": [{"key": "automatic", "disconnect": True}]},
        },
        "holidays": [
            {"set": "Fire Fee Holidays", "menu": {"options": [{"key": "automatic", "disconnect": True}]}}
        ],
    }


def with_option(desired: PhoneSystem, key: str, target: dict[str, str]) -> PhoneSystem:
    """The same file with one more business-hours option on the main line."""
    data = yaml.safe_load(to_yaml(desired))
    main = next(a for a in data["auto_attendants"] if a["name"] == MAIN)
    main["menu"]["options"].append({"key": key, "to": target})
    return parse_phone_system(yaml.safe_dump(data, sort_keys=False), "phone-system.yaml")


async def tenant(service: PhoneService) -> VoiceApps:
    assert isinstance(service.teams, TeamsAdmin)
    return await read_voice_apps(teams_admin_source(service.teams), service.graph)


async def apply(service: PhoneService, desired: PhoneSystem) -> None:
    planned = await service.plan(desired)
    assert not planned.plan.problems, planned.plan.problems
    result = await Applier(service.graph, service.store, actor="test", teams=service.teams).apply(
        planned.plan, planned.current
    )
    assert result.ok, result.failed


async def test_a_new_line_and_a_main_line_option_apply_confirm_replan_empty_and_trace(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county")
    upn = person(sb)
    async with service_for(sb, database_url) as service:
        exported = await service.export()
        assert MAIN in {a.name for a in exported.auto_attendants}
        assert "County Holiday" in {s.name for s in exported.schedules}
        assert (await service.plan(edited(exported))).plan.empty  # the county round-trips

        desired = edited(exported, schedules=[HOURS, HOLIDAYS], auto_attendants=[line(upn)])
        plan = (await service.plan(desired)).plan
        assert not plan.problems, plan.problems
        assert [(a.op, a.subject) for a in plan.actions] == [
            ("create_schedule", "Fire Fee Holidays%3A Thanksgiving"),
            ("create_schedule", "Fire Fee Holidays%3A Veterans Day"),
            ("create_schedule", "Fire Fee Hours"),
            ("create_auto_attendant", LINE),
        ]
        *schedules, create = plan.actions
        assert set(create.needs) == {s.key for s in schedules}  # the line waits for its three schedules
        await apply(service, desired)
        assert (await service.plan(desired)).plan.empty

        changed = with_option(desired, "3", {"auto_attendant": LINE})
        update = (await service.plan(changed)).plan
        assert [(a.op, a.subject, a.reason) for a in update.actions] == [
            ("update_auto_attendant", MAIN, "call flow Business hours differ")
        ]
        before_ids = {a["Id"] for a in sb.state.teams.autoAttendants.values()}
        await apply(service, changed)
        assert {a["Id"] for a in sb.state.teams.autoAttendants.values()} == before_ids  # updated in place
        assert (await service.plan(changed)).plan.empty

        apps = await tenant(service)
    monday = dt.datetime(2026, 11, 2, 10, 0)
    direct = trace(apps, MAIN, monday, ["3", "2"])
    assert [h.name for h in direct.hops if h.kind == "auto_attendant"] == [MAIN, LINE]
    assert (direct.final.kind, direct.final.ref) == ("user", upn)
    fee = next(a for a in apps.auto_attendants if a.name == LINE)
    assert fee.dial_scope.include_groups == ("Fire Rescue Staff",)
    assert fee.dial_scope.exclude_groups == ("Teams Phone Admins",)
    assert fee.default_flow.menu.dial_by_name and fee.time_zone == "Eastern Standard Time"
    permits = trace(apps, LINE, monday, ["1"])
    assert [h.name for h in permits.hops if h.kind == "call_queue"] == ["Building Permits"]
    assert trace(apps, LINE, monday.replace(hour=12, minute=30), []).final.kind == "disconnect"  # lunch
    veterans = trace(apps, LINE, dt.datetime(2026, 11, 11, 10, 0), [])
    assert [h.detail for h in veterans.hops if h.kind == "period"] == [
        "holiday (Fire Fee Holidays: Veterans Day): call flow Fire Fee Holidays"
    ]
    assert veterans.final.kind == "disconnect"
