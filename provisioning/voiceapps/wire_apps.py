"""Auto attendants and schedules from the module's output (`Get-CsAutoAttendant`, `Get-CsOnlineSchedule`):
call flows, menus, options, prompts, call handling associations, dial scopes, weekly and fixed schedules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from provisioning.voiceapps.model import (
    WEEKDAYS,
    AutoAttendant,
    CallFlow,
    DateTimeRange,
    DialScope,
    Handling,
    Menu,
    MenuOption,
    Prompt,
    Schedule,
    Target,
    TimeRange,
)
from provisioning.voiceapps.wire_values import (
    WireError,
    enum,
    flag,
    items,
    minutes_of_day,
    number,
    record,
    text,
    wall_clock,
)

if TYPE_CHECKING:
    from provisioning.voiceapps.from_wire import Resolver

KEYS = {f"Tone{d}": str(d) for d in range(10)} | {"ToneStar": "*", "TonePound": "#", "Automatic": "automatic"}
ACTIONS = {
    "TransferCallToTarget": "transfer",
    "TransferCallToOperator": "operator",
    "DisconnectCall": "disconnect",
    "Announcement": "announcement",
}
TARGET_TYPES = ("User", "ApplicationEndpoint", "ConfigurationEndpoint", "ExternalPstn", "SharedVoicemail")


def prompt_from_wire(value: Any, path: str) -> Prompt:
    """A Prompt; ActiveType None switches it off (New-CsAutoAttendantPrompt)."""
    if value is None:
        return Prompt()
    entry = record(value, path)
    active = enum(
        entry.get("ActiveType", "TextToSpeech"), f"{path}.ActiveType", ("None", "TextToSpeech", "AudioFile")
    )
    if active == "TextToSpeech":
        return Prompt("tts", text(entry.get("TextToSpeechPrompt"), f"{path}.TextToSpeechPrompt"))
    if active == "AudioFile":
        audio = entry.get("AudioFilePrompt")
        name = text(record(audio, f"{path}.AudioFilePrompt").get("FileName"), path) if audio else ""
        return Prompt("audio", name)
    return Prompt()


def first_prompt(value: Any, path: str) -> Prompt:
    prompts = [prompt_from_wire(p, f"{path}[{i}]") for i, p in enumerate(items(value, path))]
    return next((p for p in prompts if p.kind != "none"), Prompt())


def callable_from_wire(value: Any, path: str, resolver: Resolver) -> Target | None:
    """A CallableEntity {Id, Type, CallPriority, …}."""
    if value is None:
        return None
    entry = record(value, path)
    wire_type = enum(entry.get("Type"), f"{path}.Type", TARGET_TYPES)
    object_id = text(entry.get("Id"), f"{path}.Id")
    priority = number(entry.get("CallPriority"), f"{path}.CallPriority")
    return resolver.target(wire_type, object_id, path, priority)


def option_from_wire(value: Any, path: str, resolver: Resolver) -> MenuOption:
    entry = record(value, path)
    action = enum(entry.get("Action"), f"{path}.Action", tuple(ACTIONS))
    key = enum(entry.get("DtmfResponse"), f"{path}.DtmfResponse", tuple(KEYS))
    voices = [text(v, f"{path}.VoiceResponses") for v in items(entry.get("VoiceResponses"), path)]
    target = callable_from_wire(entry.get("CallTarget"), f"{path}.CallTarget", resolver)
    if action == "TransferCallToTarget" and target is None:
        raise WireError(f"{path}.CallTarget: TransferCallToTarget needs a call target")
    return MenuOption(
        key=KEYS[key],  # type: ignore[arg-type]
        action=ACTIONS[action],  # type: ignore[arg-type]
        target=target if action == "TransferCallToTarget" else None,
        voice=voices[0] if voices else None,
        prompt=prompt_from_wire(entry.get("Prompt"), f"{path}.Prompt"),
    )


def menu_from_wire(value: Any, path: str, resolver: Resolver) -> Menu:
    if value is None:
        return Menu()
    entry = record(value, path)
    options = tuple(
        option_from_wire(o, f"{path}.MenuOptions[{i}]", resolver)
        for i, o in enumerate(items(entry.get("MenuOptions"), path))
    )
    search = enum(
        entry.get("DirectorySearchMethod", "None"),
        f"{path}.DirectorySearchMethod",
        ("None", "ByName", "ByExtension"),
    )
    return Menu(
        name=text(entry.get("Name"), f"{path}.Name"),
        prompt=first_prompt(entry.get("Prompts"), f"{path}.Prompts"),
        options=options,
        dial_by_name=flag(entry.get("DialByNameEnabled"), f"{path}.DialByNameEnabled"),
        directory_search={"None": "none", "ByName": "by_name", "ByExtension": "by_extension"}[search],  # type: ignore[arg-type]
    )


def flow_from_wire(value: Any, path: str, resolver: Resolver) -> tuple[str, CallFlow]:
    entry = record(value, path)
    flow = CallFlow(
        name=text(entry.get("Name"), f"{path}.Name"),
        greeting=first_prompt(entry.get("Greetings"), f"{path}.Greetings"),
        menu=menu_from_wire(entry.get("Menu"), f"{path}.Menu", resolver),
        force_listen=flag(entry.get("ForceListenMenuEnabled"), f"{path}.ForceListenMenuEnabled"),
    )
    return text(entry.get("Id"), f"{path}.Id"), flow


def scope_group_ids(aa: Mapping[str, Any], scope: str, path: str) -> list[str]:
    """Group ids of an AA's `InclusionScope` or `ExclusionScope` (a DialScope `{GroupScope: {GroupIds}}`),
    at the top level or under `DirectoryLookupScope`, as `Get-CsAutoAttendant` prints them."""
    holder = aa.get("DirectoryLookupScope") if isinstance(aa.get("DirectoryLookupScope"), Mapping) else aa
    value = holder.get(scope) if isinstance(holder, Mapping) else None
    if not isinstance(value, Mapping):
        return []
    inner = value.get("GroupScope") if isinstance(value.get("GroupScope"), Mapping) else value
    assert isinstance(inner, Mapping)
    return [text(g, f"{path}.{scope}.GroupIds") for g in items(inner.get("GroupIds"), f"{path}.{scope}")]


def dial_scope_from_wire(aa: Mapping[str, Any], path: str, resolver: Resolver) -> DialScope:
    def groups(scope: str) -> tuple[str, ...]:
        return tuple(resolver.group(g, f"{path}.{scope}") for g in scope_group_ids(aa, scope, path))

    return DialScope(include_groups=groups("InclusionScope"), exclude_groups=groups("ExclusionScope"))


def auto_attendant_from_wire(
    aa: Mapping[str, Any], path: str, resolver: Resolver, schedules: Mapping[str, Schedule]
) -> AutoAttendant:
    flows_by_id = dict(
        flow_from_wire(f, f"{path}.CallFlows[{i}]", resolver)
        for i, f in enumerate(items(aa.get("CallFlows"), path))
    )
    default_value = aa.get("DefaultCallFlow")
    if default_value is None:
        raise WireError(f"{path}.DefaultCallFlow: missing (New-CsAutoAttendant requires it)")
    _, default_flow = flow_from_wire(default_value, f"{path}.DefaultCallFlow", resolver)
    handling = []
    for i, value in enumerate(items(aa.get("CallHandlingAssociations"), path)):
        where = f"{path}.CallHandlingAssociations[{i}]"
        entry = record(value, where)
        kind = enum(entry.get("Type"), f"{where}.Type", ("AfterHours", "Holiday"))
        schedule = schedules.get(text(entry.get("ScheduleId"), f"{where}.ScheduleId"))
        flow = flows_by_id.get(text(entry.get("CallFlowId"), f"{where}.CallFlowId"))
        if schedule is None or flow is None:
            raise WireError(f"{where}: names a schedule or call flow the auto attendant does not have")
        handling.append(
            Handling(
                kind="holiday" if kind == "Holiday" else "after_hours",
                schedule=schedule.name,
                flow=flow.name,
                enabled=flag(entry.get("Enabled"), f"{where}.Enabled", default=True),
                priority=number(entry.get("Priority"), f"{where}.Priority", default=0) or 0,
            )
        )
    return AutoAttendant(
        name=text(aa.get("Name"), f"{path}.Name"),
        language=text(aa.get("LanguageId"), f"{path}.LanguageId"),
        time_zone=text(aa.get("TimeZoneId"), f"{path}.TimeZoneId"),
        voice=text(aa.get("VoiceId"), f"{path}.VoiceId") or None,
        default_flow=default_flow,
        flows=tuple(flows_by_id.values()),
        handling=tuple(handling),
        operator=callable_from_wire(aa.get("Operator"), f"{path}.Operator", resolver),
        voice_response=flag(aa.get("VoiceResponseEnabled"), f"{path}.VoiceResponseEnabled"),
        dial_scope=dial_scope_from_wire(aa, path, resolver),
    )


def schedule_from_wire(entry: Mapping[str, Any], path: str) -> Schedule:
    """A weekly (MondayHours…, ComplementEnabled) or fixed (DateTimeRanges) schedule."""
    # quirk: the Type enum prints as 0 for WeeklyRecurrence and 1 for Fixed without -EnumsAsStrings [Obs].
    kind = enum(
        entry.get("Type"),
        f"{path}.Type",
        ("WeeklyRecurrence", "Fixed"),
        numeric=("WeeklyRecurrence", "Fixed"),
    )
    name = text(entry.get("Name"), f"{path}.Name")
    if kind == "Fixed":
        fixed = record(entry.get("FixedSchedule") or {}, f"{path}.FixedSchedule")
        ranges = []
        for i, value in enumerate(items(fixed.get("DateTimeRanges"), path)):
            where = f"{path}.FixedSchedule.DateTimeRanges[{i}]"
            item = record(value, where)
            start = wall_clock(item.get("Start"), f"{where}.Start")
            end = wall_clock(item.get("End"), f"{where}.End") if item.get("End") is not None else None
            # With no End the range ends at 00:00 the next day (New-CsOnlineDateTimeRange).
            ranges.append(DateTimeRange(start, end or start.replace(hour=0, minute=0) + dt.timedelta(days=1)))
        return Schedule(name=name, kind="fixed", ranges=tuple(ranges))
    weekly = record(entry.get("WeeklyRecurrentSchedule") or {}, f"{path}.WeeklyRecurrentSchedule")
    days = []
    for day in WEEKDAYS:
        field = f"{day.capitalize()}Hours"
        ranges_of_day = []
        for i, value in enumerate(items(weekly.get(field), field)):
            where = f"{path}.WeeklyRecurrentSchedule.{field}[{i}]"
            item = record(value, where)
            opens = minutes_of_day(item.get("Start"), f"{where}.Start")
            closes = minutes_of_day(item.get("End"), f"{where}.End")
            if opens >= closes:
                raise WireError(f"{where}: Start must be before End")
            ranges_of_day.append(TimeRange(opens, closes))
        if ranges_of_day:
            days.append((day, tuple(ranges_of_day)))
    complement = flag(weekly.get("ComplementEnabled"), f"{path}.WeeklyRecurrentSchedule.ComplementEnabled")
    return Schedule(name=name, kind="weekly", weekly=tuple(days), complement=complement)
