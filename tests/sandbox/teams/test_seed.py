"""The county seed's voice apps, read the way an admin would (GET /_sandbox/teams and Graph): the main
line's language choice, hours and shared holidays, the department, cross-agency, crisis and standby
queues, resource accounts as disabled licensed users, and the waste a real tenant carries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

from sandbox.seeds import build_seed
from sandbox.server import RunningSandbox
from sandbox.teams.view import teams_view
from tests.conftest import TEST_TODAY
from tests.sandbox.teams.helpers import get_json, graph

SKU_RA = "440eaaa8-b3e0-484b-a8be-62870b9ba70a"


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["Name"]: item for item in items}


def options(aa: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["DtmfResponse"]: o for o in aa["DefaultCallFlow"]["Menu"]["MenuOptions"]}


def covers(schedule: dict[str, Any], day: dt.date) -> bool:
    moment = dt.datetime.combine(day, dt.time(12))
    return any(
        dt.datetime.fromisoformat(r["Start"]) <= moment < dt.datetime.fromisoformat(r["End"])
        for r in schedule["FixedSchedule"]["DateTimeRanges"]
    )


async def test_main_line_offers_a_language_choice(teams_sandbox: RunningSandbox) -> None:
    view = await get_json(teams_sandbox, "/_sandbox/teams")
    attendants = {aa["Id"]: aa for aa in view["AutoAttendants"]}
    main = by_name(view["AutoAttendants"])["Palmetto County Main Line"]
    mainline = teams_sandbox.state.user_by_upn(f"mainline@{teams_sandbox.state.defaultDomain}")
    assert mainline is not None and main["ApplicationInstances"] == [mainline.id]
    english = attendants[options(main)["Tone1"]["CallTarget"]["Id"]]
    spanish = attendants[options(main)["Tone2"]["CallTarget"]["Id"]]
    assert english["LanguageId"] == "en-US" and spanish["LanguageId"].startswith("es-")
    assert english["ApplicationInstances"] == [] and spanish["ApplicationInstances"] == []  # nested, no RA
    assert english["DefaultCallFlow"]["Menu"]["DialByNameEnabled"] is True
    status, operator = await graph(
        teams_sandbox, "GET", f"/users/{english['Operator']['Id']}?$select=accountEnabled"
    )
    assert status == 200 and operator["accountEnabled"] is True


async def test_hours_and_a_shared_holiday_set_for_2026_and_2027(teams_sandbox: RunningSandbox) -> None:
    view = await get_json(teams_sandbox, "/_sandbox/teams")
    schedules = {s["Id"]: s for s in view["Schedules"]}
    aas = by_name(view["AutoAttendants"])
    english, spanish = aas["County Services (English)"], aas["Servicios del Condado (Español)"]
    after = [a for a in english["CallHandlingAssociations"] if a["Type"] == "AfterHours"]
    assert (
        len(after) == 1
        and schedules[after[0]["ScheduleId"]]["WeeklyRecurrentSchedule"]["ComplementEnabled"] is True
    )
    holidays = {a["ScheduleId"] for a in english["CallHandlingAssociations"] if a["Type"] == "Holiday"}
    assert holidays == {
        a["ScheduleId"] for a in spanish["CallHandlingAssociations"] if a["Type"] == "Holiday"
    }
    fixed = [schedules[i] for i in holidays]
    for day in (
        dt.date(2026, 12, 25),
        dt.date(2027, 12, 24),
        dt.date(2026, 11, 26),
        dt.date(2027, 1, 1),
        dt.date(2026, 7, 3),
    ):
        assert any(covers(s, day) for s in fixed), day
    assert not any(covers(s, dt.date(2026, 12, 28)) for s in fixed)
    for schedule in fixed:
        assert set(schedule["AssociatedConfigurationIds"]) >= {english["Id"], spanish["Id"]}


async def test_department_cross_agency_crisis_and_standby_queues(teams_sandbox: RunningSandbox) -> None:
    view = await get_json(teams_sandbox, "/_sandbox/teams")
    users = teams_sandbox.state.users
    queues = by_name(view["CallQueues"])
    for name in (
        "Customer Service",
        "Building Permits",
        "Utilities Billing",
        "Tax Collector",
        "Property Appraiser",
        "Clerk of Courts",
        "Libraries",
        "Fire Rescue Non-Emergency",
    ):
        assert queues[name]["Agents"], name
    rtcc = {users[a["ObjectId"]].department for a in queues["Real-Time Crime Center"]["Agents"]}
    assert "Sheriff's Office" in rtcc and len({d for d in rtcc if d and "Police" in d}) >= 2
    crisis = {users[a["ObjectId"]].department for a in queues["211 Crisis Line"]["Agents"]}
    assert len(crisis) == 1 and crisis.isdisjoint(
        {u.department for u in users.values() if u.createdDateTime and u.createdDateTime.year == 2024}
    )
    eoc = queues["EOC Public Information"]
    assert eoc["Agents"] and not any(a["OptIn"] for a in eoc["Agents"])
    targeted = {
        o["CallTarget"]["Id"]
        for aa in view["AutoAttendants"]
        for o in options(aa).values()
        if o["CallTarget"]
    }
    nested = [q for q in view["CallQueues"] if q["Identity"] in targeted and not q["ApplicationInstances"]]
    assert nested  # reached from a menu without a resource account


async def test_resource_accounts_are_disabled_licensed_users_with_voice_app_numbers(
    teams_sandbox: RunningSandbox,
) -> None:
    view = await get_json(teams_sandbox, "/_sandbox/teams")
    for instance in view["ApplicationInstances"]:
        status, user = await graph(
            teams_sandbox, "GET", f"/users/{instance['ObjectId']}?$select=accountEnabled,assignedLicenses"
        )
        assert status == 200 and user["accountEnabled"] is False
        assert SKU_RA in [lic["skuId"] for lic in user["assignedLicenses"]]
        if instance["PhoneNumber"]:
            number = instance["PhoneNumber"].removeprefix("tel:")
            path = f"/admin/teams/telephoneNumberManagement/numberAssignments?$filter=telephoneNumber eq '{quote(number)}'"
            row = (await graph(teams_sandbox, "GET", path))[1]["value"][0]
            assert (
                row["assignmentTargetId"] == instance["ObjectId"]
                and "voiceApplicationAssignment" in row["capabilities"]
            )
    assert sum(1 for i in view["ApplicationInstances"] if i["PhoneNumber"]) >= 12


async def test_the_waste_a_real_tenant_has(teams_sandbox: RunningSandbox) -> None:
    view = await get_json(teams_sandbox, "/_sandbox/teams")
    associated = {a["Id"] for a in view["Associations"]}
    idle = [i for i in view["ApplicationInstances"] if i["ObjectId"] not in associated]
    assert idle  # licensed (checked above for every RA) and associated with nothing
    assert any(not q["Agents"] and not q["DistributionLists"] for q in view["CallQueues"])
    assert any(n["PstnAssignmentStatus"] == "Unassigned" for n in view["VoiceApplicationNumbers"])
    left = []
    for aa in view["AutoAttendants"]:
        status, _ = await graph(teams_sandbox, "GET", f"/users/{aa['Operator']['Id']}")
        if status == 404:
            left.append(aa["Name"])
    assert len(left) == 1


def test_the_seed_is_deterministic() -> None:
    first = teams_view(build_seed("county", TEST_TODAY, call_rows=10), now=0)
    second = teams_view(build_seed("county", TEST_TODAY, call_rows=10), now=0)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
