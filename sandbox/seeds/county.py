"""`county`: Palmetto County (fictitious), ≈800 staff across county offices and partner agencies."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from zoneinfo import ZoneInfo

from sandbox.seeds.calls import (
    Caller,
    PublicLine,
    StormWeek,
    generate_activity,
    generate_direct_routing,
    generate_pstn,
)
from sandbox.seeds.inventory import SKU_M365_E3, emergency_locations, number_block, skus
from sandbox.seeds.people import make_people, stable_uuid
from sandbox.seeds.voiceapps import seed_voice_apps
from sandbox.state import (
    SKU_TEAMS_PHONE,
    SKU_TEAMS_PHONE_RESOURCE_ACCOUNT,
    Group,
    NumberAssignment,
    TenantState,
    User,
)

DOMAIN = "palmetto-county.example"
TZ = ZoneInfo("America/New_York")
HISTORY_DAYS = 120
DEFAULT_CALL_ROWS = 150_000
CITIES = {
    "Palmetto Springs": "321",
    "Cedar Bay": "407",
    "Harbor Point": "689",
    "Oak Ridge": "352",
    "Lakeview": "386",
}
OPERATORS = {
    "5f1b2c3d-0000-4000-8000-00000000b1a1": "Bayline Telecom",
    "5f1b2c3d-0000-4000-8000-00000000c0a5": "Coastal Voice",
}
CLERICAL = (
    "Administrative Specialist",
    "Customer Service Representative",
    "Coordinator",
    "Manager",
    "Analyst",
)
# (department, city, head count, job titles, call weight, storm weight)
OFFICES: tuple[tuple[str, str, int, tuple[str, ...], float, float], ...] = (
    ("County Administration", "Palmetto Springs", 40, CLERICAL, 1.0, 1.5),
    (
        "Human Resources",
        "Palmetto Springs",
        25,
        ("HR Generalist", "Benefits Specialist", "Recruiter"),
        0.8,
        1.0,
    ),
    (
        "Information Technology",
        "Palmetto Springs",
        35,
        ("Systems Engineer", "Help Desk Technician", "Network Engineer"),
        0.7,
        1.2,
    ),
    ("Libraries", "Cedar Bay", 70, ("Librarian", "Library Assistant", "Branch Manager"), 0.5, 0.5),
    ("Fire Rescue", "Harbor Point", 90, ("Firefighter/EMT", "Fire Inspector", "Battalion Chief"), 0.6, 2.0),
    ("Public Works", "Oak Ridge", 80, ("Engineer", "Crew Supervisor", "Dispatcher"), 0.9, 2.2),
    ("Parks and Recreation", "Lakeview", 45, ("Recreation Leader", "Park Ranger", "Coordinator"), 0.5, 0.6),
    ("Tourism", "Harbor Point", 15, ("Marketing Specialist", "Visitor Services Agent"), 0.9, 0.8),
    (
        "Utilities",
        "Oak Ridge",
        50,
        ("Billing Specialist", "Field Technician", "Customer Service Representative"),
        1.4,
        2.0,
    ),
    (
        "Building and Permits",
        "Palmetto Springs",
        35,
        ("Permit Technician", "Building Inspector", "Plans Examiner"),
        1.3,
        1.2,
    ),
    (
        "Sheriff's Office",
        "Palmetto Springs",
        120,
        ("Deputy Sheriff", "Records Clerk", "Sergeant", "Detective"),
        0.8,
        1.8,
    ),
    (
        "Clerk of Courts",
        "Palmetto Springs",
        45,
        ("Deputy Clerk", "Court Clerk", "Records Specialist"),
        1.6,
        0.7,
    ),
    (
        "Court Administration",
        "Palmetto Springs",
        25,
        ("Court Administrator", "Case Manager", "Interpreter"),
        1.0,
        0.5,
    ),
    ("Supervisor of Elections", "Cedar Bay", 15, ("Elections Specialist", "Voter Services Clerk"), 1.2, 0.5),
    (
        "State Attorney",
        "Palmetto Springs",
        30,
        ("Assistant State Attorney", "Victim Advocate", "Paralegal"),
        1.1,
        0.6,
    ),
    (
        "Public Defender",
        "Palmetto Springs",
        25,
        ("Assistant Public Defender", "Investigator", "Paralegal"),
        1.1,
        0.6,
    ),
    (
        "Tax Collector",
        "Lakeview",
        30,
        ("Tax Specialist", "Customer Service Representative", "Branch Supervisor"),
        1.7,
        0.8,
    ),
    ("Property Appraiser", "Cedar Bay", 20, ("Appraiser", "Exemptions Specialist", "GIS Analyst"), 1.2, 1.5),
    ("Consolidated Dispatch", "Harbor Point", 30, ("Telecommunicator", "Dispatch Supervisor"), 1.5, 3.0),
    (
        "Emergency Operations Center",
        "Palmetto Springs",
        12,
        ("Emergency Manager", "Planning Chief", "Logistics Coordinator"),
        1.2,
        6.0,
    ),
)
# (display name, alias, city, call weight, storm weight)
PUBLIC_LINES = (
    ("County Main Line", "mainline", "Palmetto Springs", 5.0, 1.5),
    ("Fire Fee Questions", "firefee", "Harbor Point", 1.5, 1.0),
    ("211 Crisis Line", "crisis211", "Palmetto Springs", 1.5, 5.0),
    ("EOC Public Information", "eoc-info", "Palmetto Springs", 0.3, 10.0),
    ("Clerk of Courts Main", "clerk-main", "Palmetto Springs", 2.0, 0.5),
    ("Tax Collector Main", "tax-main", "Lakeview", 2.5, 0.5),
    ("Elections Hotline", "elections", "Cedar Bay", 0.8, 0.3),
    ("Library Information", "library-info", "Cedar Bay", 0.8, 0.3),
    ("Permits Help", "permits", "Palmetto Springs", 1.2, 0.8),
    ("Sheriff Non-Emergency", "sheriff-nonemergency", "Palmetto Springs", 2.5, 3.0),
)


def build_county(today: dt.date, call_rows: int | None = None) -> TenantState:
    rng = random.Random(f"county-{today.isoformat()}")
    created = dt.datetime(2024, 3, 4, 14, 0, tzinfo=dt.UTC)
    state = TenantState(
        tenantId=str(uuid.uuid5(uuid.NAMESPACE_DNS, DOMAIN)),
        displayName="Palmetto County",
        defaultDomain=DOMAIN,
        historyEnd=today - dt.timedelta(days=1),
        operators=dict(OPERATORS),
    )
    state.skus = skus(teams_phone_seats=820, resource_seats=25, office_seats=900)
    state.emergencyLocations = emergency_locations(
        rng, list(CITIES), {"Palmetto Springs": "County Government Center"}
    )
    location_of = {loc.city: loc.locationId for loc in state.emergencyLocations}
    staff = make_people(rng, DOMAIN, ((d, c, n, t) for d, c, n, t, _, _ in OFFICES), created)
    weights = {d: (w, s) for d, _, _, _, w, s in OFFICES}
    for index, user in enumerate(staff):
        user.assignedSkuIds = [SKU_M365_E3]
        if rng.random() < 0.95:
            user.assignedSkuIds.append(SKU_TEAMS_PHONE)
        if index % 137 == 5:  # quirk trap: a few accounts synced without a usage location
            user.usageLocation = None
    resource_accounts = [
        User(
            id=stable_uuid(rng),
            userPrincipalName=f"{alias}@{DOMAIN}",
            displayName=name,
            city=city,
            department="Voice Applications",
            usageLocation="US",
            accountType="resourceAccount",
            assignedSkuIds=[SKU_TEAMS_PHONE_RESOURCE_ACCOUNT],
            createdDateTime=created,
        )
        for name, alias, city, _, _ in PUBLIC_LINES
    ]
    state.users = {u.id: u for u in [*staff, *resource_accounts]}

    operator_a, operator_b = list(OPERATORS)
    area = dict(CITIES)
    per_city_user = {
        "Palmetto Springs": 420,
        "Cedar Bay": 170,
        "Harbor Point": 180,
        "Oak Ridge": 150,
        "Lakeview": 130,
    }
    numbers = number_block(area, per_city_user, ["userAssignment"], operator_a, location_of, start=1000)
    numbers += number_block(
        area, {c: 20 for c in CITIES}, ["voiceApplicationAssignment"], operator_b, location_of, start=100
    )
    numbers += number_block(
        area,
        {"Palmetto Springs": 30},
        ["userAssignment", "conferenceAssignment"],
        operator_b,
        location_of,
        start=300,
    )
    numbers += number_block(
        {"Palmetto Springs": "321"},
        {"Palmetto Springs": 20},
        ["userAssignment"],
        operator_b,
        location_of,
        start=4000,
        number_type="directRouting",
    )
    state.numbers = {n.telephoneNumber: n for n in numbers}
    for number in numbers:
        number.locationId = None  # free numbers carry no emergency location until assigned

    free_user_numbers = {
        c: [
            n
            for n in numbers
            if n.city == c and n.capabilities == ["userAssignment"] and n.numberType == "operatorConnect"
        ]
        for c in CITIES
    }
    callers = []
    for user in staff:
        if SKU_TEAMS_PHONE not in user.assignedSkuIds or not user.usageLocation or rng.random() > 0.9:
            continue
        pool = free_user_numbers[user.city or "Palmetto Springs"]
        if not pool:
            continue
        number = pool.pop(0)
        assign(number, user, location_of)
        weight, storm = weights[user.department or ""]
        callers.append(
            Caller(
                user.id,
                user.userPrincipalName,
                user.displayName,
                number.telephoneNumber,
                OPERATORS[number.operatorId or operator_a],
                weight,
                storm,
            )
        )
    voice_pool = {
        c: [n for n in numbers if n.city == c and "voiceApplicationAssignment" in n.capabilities]
        for c in CITIES
    }
    lines = []
    for account, (_, _, city, weight, storm) in zip(resource_accounts, PUBLIC_LINES, strict=True):
        number = voice_pool[city].pop(0)
        assign(number, account, location_of)
        lines.append(
            PublicLine(number.telephoneNumber, OPERATORS[number.operatorId or operator_b], weight, storm)
        )

    state.groups = build_groups(rng, staff)
    first_day = today - dt.timedelta(days=HISTORY_DAYS)
    last_day = today - dt.timedelta(days=1)
    storm_week = StormWeek(today - dt.timedelta(days=40))
    state.pstnCalls, per_user_day = generate_pstn(
        rng,
        callers=callers,
        lines=lines,
        first_day=first_day,
        last_day=last_day,
        rows=DEFAULT_CALL_ROWS if call_rows is None else call_rows,
        tz=TZ,
        storm=storm_week,
        external_area_codes=("321", "407", "689", "386", "352"),
    )
    state.directRoutingCalls = generate_direct_routing(rng, callers[:20], first_day, last_day, 600, TZ)
    licensed = [u.id for u in staff if SKU_TEAMS_PHONE in u.assignedSkuIds]
    state.activity = generate_activity(rng, licensed, first_day, last_day, per_user_day)
    seed_voice_apps(state, today)  # last, with its own generator: nothing above changes
    return state


def assign(number: NumberAssignment, target: User, location_of: dict[str, str]) -> None:
    number.assignmentStatus = (
        "voiceApplicationAssigned" if target.accountType == "resourceAccount" else "userAssigned"
    )
    number.assignmentTargetId = target.id
    number.assignmentCategory = "primary"
    number.activationState = "activated"
    number.locationId = location_of.get(number.city or "")


def build_groups(rng: random.Random, staff: list[User]) -> dict[str, Group]:
    def group(name: str, nickname: str, members: list[User], description: str) -> Group:
        return Group(
            id=stable_uuid(rng),
            displayName=name,
            mailNickname=nickname,
            description=description,
            memberIds=[m.id for m in members],
        )

    by_department: dict[str, list[User]] = {}
    for user in staff:
        by_department.setdefault(user.department or "", []).append(user)
    groups = [
        group(
            "Teams Phone Users",
            "teams-phone-users",
            [u for u in staff if SKU_TEAMS_PHONE in u.assignedSkuIds],
            "Everyone licensed for Teams Phone",
        ),
        group(
            "Teams Phone Admins",
            "teams-phone-admins",
            by_department["Information Technology"][:6],
            "County IT staff who administer Teams Phone",
        ),
        group(
            "EOC Staff",
            "eoc-staff",
            by_department["Emergency Operations Center"]
            + by_department["County Administration"][:10]
            + by_department["Fire Rescue"][:10],
            "Staff who report to the Emergency Operations Center when it is activated",
        ),
        group(
            "Fire Fee Line Agents",
            "fire-fee-agents",
            by_department["Tax Collector"][:5]
            + by_department["Libraries"][:5]
            + by_department["Fire Rescue"][:4],
            "Borrowed staff who answer the fire services fee line",
        ),
    ]
    for department, members in sorted(by_department.items()):
        nickname = "".join(ch for ch in department.lower().replace(" ", "-") if ch.isalnum() or ch == "-")
        groups.append(group(f"{department} Staff", nickname, members, f"All staff of {department}"))
    return {g.id: g for g in groups}
