"""Palmetto County's voice apps, built through the same emulated cmdlets an admin would run, so every
object obeys the module's rules. Deterministic: ids come from a generator seeded by the seed date.

Resource accounts are disabled users; the ten public lines of the county seed become application
instances, and three more are added (two with numbers, one licensed but associated with nothing).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sandbox.seeds.inventory import SKU_M365_E3
from sandbox.seeds.people import FIRST, LAST, stable_uuid
from sandbox.seeds.voiceapp_flows import build_attendants, build_schedules
from sandbox.state import (
    SKU_TEAMS_PHONE,
    SKU_TEAMS_PHONE_RESOURCE_ACCOUNT,
    ApplicationInstance,
    TenantState,
    User,
)
from sandbox.teams.context import AA_APP_ID, CQ_APP_ID
from sandbox.teams.engine import run
from sandbox.teams.ids import seeded_ids

# When the county's admins built these (the clock the cmdlets see while seeding).
BUILT_AT = dt.datetime(2025, 6, 2, 15, 0, tzinfo=dt.UTC).timestamp()
# (department, city, head count, job title) of the partner agencies whose staff answer county queues.
PARTNERS = (
    ("Palmetto Springs Police Department", "Palmetto Springs", 4, "Crime Analyst"),
    ("Gulf Coast University Police", "Cedar Bay", 3, "Police Officer"),
    ("Palmetto Crisis Center", "Palmetto Springs", 6, "Crisis Counselor"),
)
# (alias, display name, application, city of the voice-app number or None, associated?)
NEW_ACCOUNTS = (
    ("utilities-billing", "Utilities Billing", CQ_APP_ID, "Oak Ridge"),
    ("rtcc", "Real-Time Crime Center", CQ_APP_ID, "Palmetto Springs"),
    ("hurricane-hotline-2024", "Hurricane Hotline 2024", CQ_APP_ID, None),  # waste: licensed, unused
)


class Script:
    """Runs cmdlet steps against the tenant and fails loudly: a seed that breaks a rule is a bug."""

    def __init__(self, state: TenantState) -> None:
        self.state = state
        self.count = 0

    def run(self, *steps: dict[str, Any]) -> list[Any]:
        self.count += 1
        outcome = run(self.state, {"id": f"seed-{self.count}", "steps": list(steps)}, now=BUILT_AT, delay=0.0)
        assert outcome.response is not None
        if not outcome.response["ok"]:
            raise RuntimeError(f"voice-app seed step {outcome.response['step']}: {outcome.response['error']}")
        return list(outcome.response["results"])

    def one(self, cmdlet: str, **params: Any) -> Any:
        return self.run({"cmdlet": cmdlet, "params": params})[0]


def seed_voice_apps(state: TenantState, today: dt.date) -> None:
    rng = random.Random(f"voiceapps-{today.isoformat()}")
    with seeded_ids(rng):
        partners = _partner_staff(state, rng)
        accounts = _resource_accounts(state, rng)
        script = Script(state)
        schedules = build_schedules(script)
        queues = _queues(script, state, partners)
        attendants = build_attendants(script, state, rng, queues, schedules)
        _associate(script, accounts, queues, attendants)


def _partner_staff(state: TenantState, rng: random.Random) -> dict[str, list[User]]:
    taken = {u.userPrincipalName for u in state.users.values()}
    out: dict[str, list[User]] = {}
    for department, city, size, title in PARTNERS:
        for _ in range(size):
            given, surname = rng.choice(FIRST), rng.choice(LAST)
            base = alias = f"{given}.{surname}".lower()
            n = 1
            while f"{alias}@{state.defaultDomain}" in taken:
                n += 1
                alias = f"{base}{n}"
            upn = f"{alias}@{state.defaultDomain}"
            taken.add(upn)
            user = User(
                id=stable_uuid(rng),
                userPrincipalName=upn,
                displayName=f"{given} {surname}",
                givenName=given,
                surname=surname,
                mail=upn,
                jobTitle=title,
                department=department,
                officeLocation=f"{department} · {city}",
                city=city,
                state="FL",
                country="United States",
                usageLocation="US",
                assignedSkuIds=[SKU_M365_E3, SKU_TEAMS_PHONE],
                createdDateTime=dt.datetime.fromtimestamp(BUILT_AT, dt.UTC),
            )
            state.users[user.id] = user
            out.setdefault(department, []).append(user)
    return out


def _resource_accounts(state: TenantState, rng: random.Random) -> dict[str, User]:
    """The public lines' accounts become application instances; three more are created as an admin would."""
    accounts: dict[str, User] = {}
    for user in state.users.values():
        if user.accountType != "resourceAccount":
            continue
        user.accountEnabled = False  # resource accounts are disabled users (voice-apps.md §3.1)
        alias = user.userPrincipalName.partition("@")[0]
        app = AA_APP_ID if alias == "mainline" else CQ_APP_ID
        state.teams.applicationInstances[user.id] = ApplicationInstance(user.id, app, visibleAt=0.0)
        accounts[alias] = user
    script = Script(state)
    for alias, name, app, city in NEW_ACCOUNTS:
        upn = f"{alias}@{state.defaultDomain}"
        created = script.one(
            "New-CsOnlineApplicationInstance", UserPrincipalName=upn, ApplicationId=app, DisplayName=name
        )
        user = state.users[created["ObjectId"]]
        user.usageLocation, user.city, user.department = (
            "US",
            city or "Palmetto Springs",
            "Voice Applications",
        )
        user.assignedSkuIds = [SKU_TEAMS_PHONE_RESOURCE_ACCOUNT]  # as Graph assignLicense would
        accounts[alias] = user
        if city is not None:
            number = next(
                n
                for n in sorted(state.numbers.values(), key=lambda n: n.telephoneNumber)
                if n.city == city
                and "voiceApplicationAssignment" in n.capabilities
                and n.assignmentTargetId is None
            )
            script.one(
                "Set-CsPhoneNumberAssignment",
                Identity=upn,
                TelephoneNumber=number.telephoneNumber,
                NumberType="OperatorConnect",
            )
    return accounts


def _by(state: TenantState, department: str, title: str | None = None, limit: int = 20) -> list[str]:
    people = [
        u
        for u in sorted(state.users.values(), key=lambda u: u.userPrincipalName)
        if u.department == department
        and u.accountType == "user"
        and (title is None or u.jobTitle == title)
        and SKU_TEAMS_PHONE in u.assignedSkuIds
    ]
    return [u.id for u in people[:limit]]


def _group(state: TenantState, name: str) -> str:
    return next(g.id for g in state.groups.values() if g.displayName == name)


class Queues:
    """Creates queues through New-CsCallQueue and remembers their ids by name."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.ids: dict[str, str] = {}

    def add(self, name: str, **params: Any) -> str:
        created = self.script.one("New-CsCallQueue", Name=name, LanguageId="en-US", **params)
        self.ids[name] = str(created["Identity"])
        return self.ids[name]


COMMON = {"RoutingMethod": "LongestIdle", "ConferenceMode": True, "AgentAlertTime": 20}


def _queues(script: Script, state: TenantState, partners: dict[str, list[User]]) -> dict[str, str]:
    """Department, cross-agency, crisis and standby queues; returns their ids by name."""
    queues = Queues(script)
    _department_queues(queues, state)
    rtcc = _by(state, "Sheriff's Office", "Detective", 10) + [
        u.id
        for d in ("Palmetto Springs Police Department", "Gulf Coast University Police")
        for u in partners[d]
    ]
    queues.add("Real-Time Crime Center", Users=rtcc, RoutingMethod="Attendant", AgentAlertTime=30)
    backup = "tel:+13215559211"  # the partner's backup answering centre
    queues.add(
        "211 Crisis Line",
        Users=[u.id for u in partners["Palmetto Crisis Center"]],
        RoutingMethod="LongestIdle",
        OverflowThreshold=15,
        OverflowAction="Forward",
        OverflowActionTarget=backup,
        TimeoutThreshold=600,
        TimeoutAction="Forward",
        TimeoutActionTarget=backup,
        NoAgentAction="Forward",
        NoAgentActionTarget=backup,
    )
    eoc = _group(state, "EOC Staff")
    eoc_id = queues.add(
        "EOC Public Information",
        DistributionLists=[eoc],
        AllowOptOut=True,
        NoAgentAction="SharedVoicemail",
        NoAgentActionTarget=eoc,
        NoAgentSharedVoicemailTextToSpeechPrompt="The Emergency Operations Center is not active. Please leave a message.",
        EnableNoAgentSharedVoicemailTranscription=True,
    )
    for agent in state.teams.callQueues[eoc_id]["Agents"]:
        agent["OptIn"] = False  # standby: agents opt in when the EOC activates
    queues.add("Elections Hotline", **COMMON)  # waste: nobody answers it outside election season
    return queues.ids


def _department_queues(queues: Queues, state: TenantState) -> None:
    customer = queues.add(
        "Customer Service",
        Users=_by(state, "County Administration", "Customer Service Representative"),
        **COMMON,
    )
    queues.add("Building Permits", Users=_by(state, "Building and Permits", "Permit Technician"), **COMMON)
    billing = _by(state, "Utilities", "Billing Specialist", 14)
    billing += _by(state, "Utilities", "Customer Service Representative", 6)
    queues.add(
        "Utilities Billing",
        Users=billing,
        OverflowThreshold=30,
        OverflowAction="Forward",
        OverflowActionTarget=customer,
        **COMMON,
    )
    queues.add("Tax Collector", Users=_by(state, "Tax Collector", "Tax Specialist"), **COMMON)
    for name, group in (
        ("Property Appraiser", "Property Appraiser Staff"),
        ("Clerk of Courts", "Clerk of Courts Staff"),
    ):
        queues.add(name, DistributionLists=[_group(state, group)], RoutingMethod="RoundRobin")
    queues.add(
        "Libraries",
        Users=_by(state, "Libraries", "Library Assistant"),
        RoutingMethod="Serial",
        AgentAlertTime=25,
    )
    queues.add("Fire Rescue Non-Emergency", Users=_by(state, "Fire Rescue", "Fire Inspector"), **COMMON)
    queues.add("Fire Fee Questions", DistributionLists=[_group(state, "Fire Fee Line Agents")], **COMMON)
    queues.add("Sheriff Non-Emergency", Users=_by(state, "Sheriff's Office", "Records Clerk"), **COMMON)


def _associate(
    script: Script, accounts: dict[str, User], queues: dict[str, str], attendants: dict[str, str]
) -> None:
    pairs = {
        "mainline": ("AutoAttendant", attendants["Palmetto County Main Line"]),
        "firefee": ("CallQueue", queues["Fire Fee Questions"]),
        "crisis211": ("CallQueue", queues["211 Crisis Line"]),
        "eoc-info": ("CallQueue", queues["EOC Public Information"]),
        "clerk-main": ("CallQueue", queues["Clerk of Courts"]),
        "tax-main": ("CallQueue", queues["Tax Collector"]),
        "elections": ("CallQueue", queues["Elections Hotline"]),
        "library-info": ("CallQueue", queues["Libraries"]),
        "permits": ("CallQueue", queues["Building Permits"]),
        "sheriff-nonemergency": ("CallQueue", queues["Sheriff Non-Emergency"]),
        "utilities-billing": ("CallQueue", queues["Utilities Billing"]),
        "rtcc": ("CallQueue", queues["Real-Time Crime Center"]),
    }
    for alias, (kind, config_id) in pairs.items():
        script.one(
            "New-CsOnlineApplicationInstanceAssociation",
            Identities=[accounts[alias].id],
            ConfigurationId=config_id,
            ConfigurationType=kind,
        )
