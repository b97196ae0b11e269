"""The county's schedules and auto attendants: business hours, the shared 2026–2027 holiday sets, a
standby emergency-closure schedule, and the main line's language choice in front of English and Spanish AAs.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from sandbox.seeds.people import stable_uuid
from sandbox.state import SKU_TEAMS_PHONE, TenantState, User

if TYPE_CHECKING:
    from sandbox.seeds.voiceapps import Script

TZ = "Eastern Standard Time"
# Holiday → (start, end-exclusive) per year, in New-CsOnlineDateTimeRange's d/m/yyyy form.
HOLIDAYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("New Year's Day", (("1/1/2026", "2/1/2026"), ("1/1/2027", "2/1/2027"))),
    ("Martin Luther King Jr. Day", (("19/1/2026", "20/1/2026"), ("18/1/2027", "19/1/2027"))),
    ("Presidents' Day", (("16/2/2026", "17/2/2026"), ("15/2/2027", "16/2/2027"))),
    ("Memorial Day", (("25/5/2026", "26/5/2026"), ("31/5/2027", "1/6/2027"))),
    ("Juneteenth", (("19/6/2026", "20/6/2026"), ("18/6/2027", "19/6/2027"))),
    ("Independence Day", (("3/7/2026", "4/7/2026"), ("5/7/2027", "6/7/2027"))),
    ("Labor Day", (("7/9/2026", "8/9/2026"), ("6/9/2027", "7/9/2027"))),
    ("Veterans Day", (("11/11/2026", "12/11/2026"), ("11/11/2027", "12/11/2027"))),
    ("Thanksgiving", (("26/11/2026", "28/11/2026"), ("25/11/2027", "27/11/2027"))),
    ("Christmas", (("24/12/2026", "26/12/2026"), ("23/12/2027", "25/12/2027"))),
)


def step(cmdlet: str, name: str | None = None, /, **params: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"cmdlet": cmdlet, "params": params}
    if name:
        out["as"] = name
    return out


def ref(name: str, prop: str | None = None) -> dict[str, Any]:
    return {"$ref": name, "property": prop} if prop else {"$ref": name}


def build_schedules(script: Script) -> dict[str, Any]:
    hours = [step("New-CsOnlineTimeRange", "bh", Start="08:00", End="17:00")]
    days = {f"{d}Hours": [ref("bh")] for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")}
    # After hours = the complement of business hours (voice-apps.md §2.4).
    hours.append(
        step(
            "New-CsOnlineSchedule",
            Name="County Business Hours",
            WeeklyRecurrentSchedule=True,
            Complement=True,
            **days,
        )
    )
    after_hours = script.run(*hours)[-1]["Id"]
    holidays = []
    for name, ranges in HOLIDAYS:
        steps = [
            step("New-CsOnlineDateTimeRange", f"r{i}", Start=s, End=e) for i, (s, e) in enumerate(ranges)
        ]
        steps.append(
            step(
                "New-CsOnlineSchedule",
                Name=f"County Holiday: {name}",
                FixedSchedule=True,
                DateTimeRanges=[ref(f"r{i}") for i in range(len(ranges))],
            )
        )
        holidays.append(script.run(*steps)[-1]["Id"])
    # Never active until an emergency declaration gives it a range (holiday-as-override, §6.1).
    emergency = script.one("New-CsOnlineSchedule", Name="Emergency Closure", FixedSchedule=True)["Id"]
    return {"after_hours": after_hours, "holidays": holidays, "emergency": emergency}


def _prompt(name: str, text: str) -> dict[str, Any]:
    return step("New-CsAutoAttendantPrompt", name, TextToSpeechPrompt=text)


def _menu_steps(
    prefix: str, options: list[tuple[str, str, str | None]], dial_by_name: bool, text: str
) -> list[dict[str, Any]]:
    """Steps building one menu named `{prefix}menu`: (key, action, target config id) per option."""
    steps = [_prompt(f"{prefix}p", text)]
    names = []
    for index, (key, action, target) in enumerate(options):
        option: dict[str, Any] = {"Action": action, "DtmfResponse": key}
        if target is not None:
            steps.append(
                step(
                    "New-CsAutoAttendantCallableEntity",
                    f"{prefix}e{index}",
                    Identity=target,
                    Type="ConfigurationEndpoint",
                )
            )
            option["CallTarget"] = ref(f"{prefix}e{index}")
        steps.append(step("New-CsAutoAttendantMenuOption", f"{prefix}o{index}", **option))
        names.append(ref(f"{prefix}o{index}"))
    menu: dict[str, Any] = {"Name": f"{prefix} menu", "Prompts": [ref(f"{prefix}p")], "MenuOptions": names}
    if dial_by_name:
        menu |= {"EnableDialByName": True, "DirectorySearchMethod": "ByName"}
    steps.append(step("New-CsAutoAttendantMenu", f"{prefix}menu", **menu))
    return steps


def _flow(prefix: str, name: str) -> dict[str, Any]:
    return step("New-CsAutoAttendantCallFlow", f"{prefix}flow", Name=name, Menu=ref(f"{prefix}menu"))


def _closed_flows(schedules: dict[str, Any], crisis: str, language: str, full: bool) -> list[dict[str, Any]]:
    """The emergency flow and, for a department AA (`full`), after-hours and holiday flows, each with its
    association; the holiday schedules are shared by every AA that uses them."""
    steps = _menu_steps(
        "em",
        [("Automatic", "DisconnectCall", None)],
        False,
        "County offices are closed by emergency declaration.",
    )
    steps.append(_flow("em", "Emergency closure"))
    steps.append(
        step(
            "New-CsAutoAttendantCallHandlingAssociation",
            "a0",
            Type="Holiday",
            ScheduleId=schedules["emergency"],
            CallFlowId=ref("emflow", "Id"),
        )
    )
    if not full:
        return steps
    spanish = language.startswith("es")
    closed = "Nuestras oficinas están cerradas." if spanish else "County offices are closed."
    # A menu of keys only: an Automatic option runs without waiting for input (voice-apps.md), so mixing
    # one in would leave every key unreachable. A caller who presses nothing hears the menu again.
    steps += _menu_steps(
        "ah",
        [("Tone2", "TransferCallToTarget", crisis), ("Tone0", "TransferCallToOperator", None)],
        False,
        f"{closed} Para la línea de crisis 211, oprima 2. Para dejar un mensaje a la operadora, oprima 0. "
        "En caso de emergencia, cuelgue y marque 911."
        if spanish
        else f"{closed} For the 211 crisis line, press 2. To leave a message for the operator, press 0. "
        "In an emergency, hang up and dial 911.",
    )
    steps.append(_flow("ah", "After hours"))
    steps += _menu_steps(
        "hol",
        [("Automatic", "DisconnectCall", None)],
        False,
        f"{closed} {'Felices fiestas.' if spanish else 'Happy holidays.'}",
    )
    steps.append(_flow("hol", "County holiday"))
    for i, holiday in enumerate(schedules["holidays"], start=1):
        steps.append(
            step(
                "New-CsAutoAttendantCallHandlingAssociation",
                f"a{i}",
                Type="Holiday",
                ScheduleId=holiday,
                CallFlowId=ref("holflow", "Id"),
            )
        )
    steps.append(
        step(
            "New-CsAutoAttendantCallHandlingAssociation",
            "aah",
            Type="AfterHours",
            ScheduleId=schedules["after_hours"],
            CallFlowId=ref("ahflow", "Id"),
        )
    )
    return steps


def _attendant(
    script: Script,
    name: str,
    language: str,
    menu: list[dict[str, Any]],
    operator: str,
    schedules: dict[str, Any],
    crisis: str,
    *,
    full: bool = True,
) -> str:
    steps = [*menu, _flow("biz", "Business hours"), *_closed_flows(schedules, crisis, language, full)]
    steps.append(step("New-CsAutoAttendantCallableEntity", "op", Identity=operator, Type="User"))
    holidays = [ref(f"a{i}") for i in range(1, len(schedules["holidays"]) + 1)]
    associations = [ref("a0"), *holidays, ref("aah")] if full else [ref("a0")]
    flows = [ref("ahflow"), ref("holflow"), ref("emflow")] if full else [ref("emflow")]
    steps.append(
        step(
            "New-CsAutoAttendant",
            "aa",
            Name=name,
            LanguageId=language,
            TimeZoneId=TZ,
            DefaultCallFlow=ref("bizflow"),
            CallFlows=flows,
            CallHandlingAssociations=associations,
            Operator=ref("op"),
        )
    )
    return str(script.run(*steps)[-1]["Id"])


# (key, queue) of each business-hours menu; key 0 is the operator.
ENGLISH_MENU = (
    ("Tone1", "Customer Service"),
    ("Tone2", "Building Permits"),
    ("Tone3", "Utilities Billing"),
    ("Tone4", "Tax Collector"),
    ("Tone5", "Property Appraiser"),
    ("Tone6", "Clerk of Courts"),
    ("Tone7", "Libraries"),
    ("Tone8", "Fire Rescue Non-Emergency"),
)
ENGLISH_TEXT = (
    "For customer service press 1, permits 2, utilities billing 3, tax collector 4, property appraiser 5, "
    "clerk of courts 6, libraries 7, fire rescue non-emergency 8. To reach someone by name, say or spell "
    "their name. For the operator press 0."
)
SPANISH_MENU = (("Tone1", "Customer Service"), ("Tone2", "Tax Collector"), ("Tone3", "Utilities Billing"))
SPANISH_TEXT = (
    "Para servicio al cliente oprima 1, recaudador de impuestos 2, facturación de servicios públicos 3. "
    "Para la operadora oprima 0."
)
MAIN_TEXT = "Thank you for calling Palmetto County. For English, press 1. Para español, oprima el dos."


def _options(menu: tuple[tuple[str, str], ...], targets: dict[str, str]) -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = [(k, "TransferCallToTarget", targets[q]) for k, q in menu]
    return [*out, ("Tone0", "TransferCallToOperator", None)]


def build_attendants(
    script: Script, state: TenantState, rng: random.Random, queues: dict[str, str], schedules: dict[str, Any]
) -> dict[str, str]:
    crisis = queues["211 Crisis Line"]
    operator = next(
        u.id
        for u in sorted(state.users.values(), key=lambda u: u.userPrincipalName)
        if u.department == "County Administration"
        and u.jobTitle == "Customer Service Representative"
        and SKU_TEAMS_PHONE in u.assignedSkuIds
    )
    ids: dict[str, str] = {}
    name = "County Services (English)"
    menu = _menu_steps("biz", _options(ENGLISH_MENU, queues), True, ENGLISH_TEXT)
    ids[name] = _attendant(script, name, "en-US", menu, operator, schedules, crisis)
    # Waste: the Spanish AA's operator has since left the county (the account was deleted).
    former = User(stable_uuid(rng), f"former.operator@{state.defaultDomain}", "Former Operator")
    state.users[former.id] = former
    name = "Servicios del Condado (Español)"
    menu = _menu_steps("biz", _options(SPANISH_MENU, queues), False, SPANISH_TEXT)
    ids[name] = _attendant(script, name, "es-US", menu, former.id, schedules, crisis)
    del state.users[former.id]
    # The main line only chooses the language, at any hour; the AAs behind it keep hours and holidays.
    languages = (("Tone1", "County Services (English)"), ("Tone2", "Servicios del Condado (Español)"))
    menu = _menu_steps("biz", _options(languages, ids), False, MAIN_TEXT)
    name = "Palmetto County Main Line"
    ids[name] = _attendant(script, name, "en-US", menu, operator, schedules, crisis, full=False)
    return ids
