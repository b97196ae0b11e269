"""`city`: the City of Lakeside (fictitious), ≈300 licensed staff sent home overnight, no numbers yet."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from zoneinfo import ZoneInfo

from sandbox.seeds.calls import Caller, generate_activity, generate_pstn
from sandbox.seeds.inventory import SKU_M365_E3, emergency_locations, number_block, skus
from sandbox.seeds.people import make_people
from sandbox.state import SKU_TEAMS_PHONE, Group, TenantState

DOMAIN = "lakeside-city.example"
TZ = ZoneInfo("America/New_York")
CITY = "Lakeside"
OPERATOR_ID = "7a0c1d2e-0000-4000-8000-0000000a11ce"
CLERICAL = ("Customer Service Representative", "Administrative Assistant", "Supervisor", "Analyst")
OFFICES = (
    ("City Hall Administration", CITY, 35, CLERICAL),
    ("311 Service Center", CITY, 25, ("311 Agent", "Team Lead")),
    ("Waste Collection", CITY, 30, ("Route Supervisor", "Dispatcher", *CLERICAL[:1])),
    ("Transit", CITY, 40, ("Transit Planner", "Dispatcher", "Customer Service Representative")),
    ("Business Licenses", CITY, 20, ("License Specialist", "Inspector")),
    ("Police", CITY, 55, ("Officer", "Records Clerk", "Sergeant")),
    ("Fire", CITY, 35, ("Firefighter", "Fire Marshal")),
    ("Parks", CITY, 20, ("Park Ranger", "Recreation Leader")),
    ("Utilities Billing", CITY, 25, ("Billing Specialist", "Field Technician")),
    ("Finance", CITY, 15, ("Accountant", "Budget Analyst")),
)


def build_city(today: dt.date, call_rows: int | None = None) -> TenantState:
    rng = random.Random(f"city-{today.isoformat()}")
    created = dt.datetime(2025, 3, 16, 22, 0, tzinfo=dt.UTC)
    state = TenantState(
        tenantId=str(uuid.uuid5(uuid.NAMESPACE_DNS, DOMAIN)),
        displayName="City of Lakeside",
        defaultDomain=DOMAIN,
        historyEnd=today - dt.timedelta(days=1),
        operators={OPERATOR_ID: "Lakeside Fiber Voice"},
    )
    state.skus = skus(teams_phone_seats=320, resource_seats=10, office_seats=350)
    state.emergencyLocations = emergency_locations(rng, [CITY], {CITY: "City Hall, 100 Main Street"})
    staff = make_people(rng, DOMAIN, OFFICES, created)
    for index, user in enumerate(staff):
        user.assignedSkuIds = [SKU_M365_E3, SKU_TEAMS_PHONE]
        if index % 60 == 7:  # a handful the HR import left without a usage location or a Teams Phone licence
            user.usageLocation = None
            user.assignedSkuIds = [SKU_M365_E3]
    state.users = {u.id: u for u in staff}
    numbers = number_block({CITY: "561"}, {CITY: 600}, ["userAssignment"], OPERATOR_ID, {}, start=2000)
    numbers += number_block(
        {CITY: "561"}, {CITY: 20}, ["voiceApplicationAssignment"], OPERATOR_ID, {}, start=100
    )
    state.numbers = {n.telephoneNumber: n for n in numbers}
    members = [u.id for u in staff]
    state.groups = {
        gid: Group(id=gid, displayName=name, mailNickname=nick, description=desc, memberIds=ids)
        for gid, name, nick, desc, ids in (
            (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "All City Staff",
                "all-staff",
                "Everyone employed by the city",
                members,
            ),
            (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "311 Agents",
                "agents-311",
                "Staff answering the 311 line",
                [u.id for u in staff if u.department == "311 Service Center"],
            ),
        )
    }
    if call_rows:
        # Post-rollout history for reports: callers get provisional numbers from the free pool.
        pool = [n.telephoneNumber for n in numbers if n.capabilities == ["userAssignment"]]
        callers = [
            Caller(u.id, u.userPrincipalName, u.displayName, pool[i % len(pool)], "Lakeside Fiber Voice", 1.0)
            for i, u in enumerate(staff)
        ]
        first_day = today - dt.timedelta(days=45)
        state.pstnCalls, per_day = generate_pstn(
            rng,
            callers=callers,
            lines=[],
            first_day=first_day,
            last_day=today - dt.timedelta(days=1),
            rows=call_rows,
            tz=TZ,
            storm=None,
            external_area_codes=("561",),
        )
        state.activity = generate_activity(
            rng, [u.id for u in staff], first_day, today - dt.timedelta(days=1), per_day
        )
    return state
