"""What an auto attendant should be (a spec), and the cmdlet script that creates it.

Prompts -> callable entities -> menu options -> menus -> call flows -> call handling associations ->
New-CsAutoAttendant (voice-apps.md §2.2-2.3), each result passed on by reference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from graph.teams_admin.calls import Call, Ref, Script, ScriptBuilder, Value
from graph.teams_admin.parse import Json, as_list

# quirk: Schedules, ApplicationInstances and Status are views; editing them in an -Instance has no effect
# (office-docs-powershell issue #11367), so they are left out rather than sent back.
READ_ONLY = frozenset({"Schedules", "ApplicationInstances", "Status"})


@dataclass(frozen=True)
class Target:
    """A call target: `type` is User, ApplicationEndpoint, ConfigurationEndpoint, ExternalPstn or SharedVoicemail."""

    identity: str
    type: str
    call_priority: int | None = None
    enable_transcription: bool = False


@dataclass(frozen=True)
class KeptPrompt:
    """A prompt sent back as Get printed it (an audio greeting uploaded in the admin center, which a
    script cannot rebuild from a name): its JSON text, so specs stay hashable."""

    json: str


@dataclass(frozen=True)
class OptionSpec:
    key: str  # Tone0..Tone9, ToneStar, TonePound, Automatic
    action: str  # TransferCallToTarget, TransferCallToOperator, DisconnectCall, Announcement
    target: Target | None = None
    prompt: str | None = None  # text to speech; Announcement needs one
    voice_response: str | None = None


@dataclass(frozen=True)
class FlowSpec:
    name: str
    options: tuple[OptionSpec, ...]
    greeting: str | KeptPrompt | None = None
    menu_prompt: str | KeptPrompt | None = None
    dial_by_name: bool = False
    directory_search: str | None = None  # None | ByName | ByExtension
    force_listen: bool = False
    menu_name: str | None = None  # default "<name> menu"


@dataclass(frozen=True)
class HandlingSpec:
    type: str  # AfterHours | Holiday
    schedule_id: str
    flow: FlowSpec
    enabled: bool = True  # only AfterHours can be created disabled


@dataclass(frozen=True)
class AutoAttendantSpec:
    name: str
    language_id: str
    time_zone_id: str
    default_flow: FlowSpec
    handlings: tuple[HandlingSpec, ...] = ()
    operator: Target | None = None
    voice_id: str | None = None
    voice_response: bool = False
    inclusion_groups: tuple[str, ...] = ()
    exclusion_groups: tuple[str, ...] = ()
    authorized_users: tuple[str, ...] = ()


def _entity(builder: ScriptBuilder, target: Target) -> Ref:
    params: dict[str, Value] = {"Identity": target.identity, "Type": target.type}
    if target.call_priority is not None:
        params["CallPriority"] = target.call_priority
    if target.enable_transcription:
        params["EnableTranscription"] = True
    return builder.add("New-CsAutoAttendantCallableEntity", params, prefix="e")


def _prompt(builder: ScriptBuilder, text: str | KeptPrompt) -> Value:
    if isinstance(text, KeptPrompt):
        kept: Value = json.loads(text.json)
        return kept
    return builder.add("New-CsAutoAttendantPrompt", {"TextToSpeechPrompt": text}, prefix="p")


def _option(builder: ScriptBuilder, option: OptionSpec) -> Ref:
    params: dict[str, Value] = {"Action": option.action, "DtmfResponse": option.key}
    if option.target is not None:
        params["CallTarget"] = _entity(builder, option.target)
    if option.prompt is not None:
        params["Prompt"] = _prompt(builder, option.prompt)
    if option.voice_response is not None:
        params["VoiceResponses"] = [option.voice_response]
    return builder.add("New-CsAutoAttendantMenuOption", params, prefix="o")


def _flow(builder: ScriptBuilder, flow: FlowSpec) -> Ref:
    menu: dict[str, Value] = {
        "Name": flow.menu_name or f"{flow.name} menu",
        "MenuOptions": [_option(builder, o) for o in flow.options],
    }
    if flow.menu_prompt:
        menu["Prompts"] = [_prompt(builder, flow.menu_prompt)]
    if flow.dial_by_name:
        menu["EnableDialByName"] = True
    if flow.directory_search:
        menu["DirectorySearchMethod"] = flow.directory_search
    params: dict[str, Value] = {
        "Name": flow.name,
        "Menu": builder.add("New-CsAutoAttendantMenu", menu, prefix="m"),
    }
    if flow.greeting:
        params["Greetings"] = [_prompt(builder, flow.greeting)]
    if flow.force_listen:
        params["ForceListenMenuEnabled"] = True
    return builder.add("New-CsAutoAttendantCallFlow", params, prefix="f")


def _handling(
    builder: ScriptBuilder, handling: HandlingSpec, built: dict[FlowSpec, Ref] | None = None
) -> tuple[Ref, Ref]:
    """The association and its call flow; `built` shares one flow among the associations that run it
    (ten holiday schedules, one "County holiday" flow), as the admin center does."""
    cache = {} if built is None else built
    flow = cache.get(handling.flow) or _flow(builder, handling.flow)
    cache[handling.flow] = flow
    association: dict[str, Value] = {
        "Type": handling.type,
        "ScheduleId": handling.schedule_id,
        "CallFlowId": Ref(flow.name, "Id"),
    }
    if not handling.enabled:
        association["Disable"] = True
    return flow, builder.add("New-CsAutoAttendantCallHandlingAssociation", association, prefix="h")


def _instance(raw: Json) -> dict[str, Value]:
    return {key: value for key, value in raw.items() if key not in READ_ONLY}


def add_handling_script(raw: Json, handling: HandlingSpec) -> Script:
    """Build the flow and its association, then Set-CsAutoAttendant -Instance with both appended to what
    Get printed (`raw`): how a holiday or emergency schedule is attached to an AA."""
    builder = ScriptBuilder()
    flow, association = _handling(builder, handling)
    instance = _instance(raw)
    instance["CallFlows"] = [*as_list(raw.get("CallFlows")), flow]
    instance["CallHandlingAssociations"] = [*as_list(raw.get("CallHandlingAssociations")), association]
    builder.calls.append(Call("Set-CsAutoAttendant", {"Instance": instance}))
    return builder.build()


def remove_handling_script(raw: Json, schedule_id: str) -> Script:
    """Set-CsAutoAttendant -Instance without the schedule's associations and the flows only they used."""
    kept = [a for a in as_list(raw.get("CallHandlingAssociations")) if a.get("ScheduleId") != schedule_id]
    used = {a.get("CallFlowId") for a in kept}
    dropped = {a.get("CallFlowId") for a in as_list(raw.get("CallHandlingAssociations"))} - used
    instance = _instance(raw)
    instance["CallHandlingAssociations"] = kept
    instance["CallFlows"] = [f for f in as_list(raw.get("CallFlows")) if f.get("Id") not in dropped]
    return Script([Call("Set-CsAutoAttendant", {"Instance": instance})])


def _flows_and_handlings(builder: ScriptBuilder, spec: AutoAttendantSpec) -> tuple[list[Value], list[Value]]:
    built: dict[FlowSpec, Ref] = {}
    flows: list[Value] = []
    associations: list[Value] = []
    for handling in spec.handlings:
        flow, association = _handling(builder, handling, built)
        if flow not in flows:
            flows.append(flow)
        associations.append(association)
    return flows, associations


def _scope(builder: ScriptBuilder, groups: tuple[str, ...]) -> Ref | None:
    if not groups:
        return None
    return builder.add(
        "New-CsAutoAttendantDialScope", {"GroupScope": True, "GroupIds": list(groups)}, prefix="s"
    )


def replace_script(raw: Json, spec: AutoAttendantSpec) -> Script:
    """Set-CsAutoAttendant -Instance with the WHOLE attendant: what Get printed (`raw`, read just before,
    so settings switchboard does not manage, such as authorized users, are sent back as they were) with
    every managed property rebuilt from `spec`: flows, menus, associations, operator, dial scope."""
    builder = ScriptBuilder()
    instance = _instance(raw)
    flows, associations = _flows_and_handlings(builder, spec)
    instance.update(
        {
            "Name": spec.name,
            "LanguageId": spec.language_id,
            "TimeZoneId": spec.time_zone_id,
            "VoiceResponseEnabled": spec.voice_response,
            "DefaultCallFlow": _flow(builder, spec.default_flow),
            "CallFlows": flows,
            "CallHandlingAssociations": associations,
            "Operator": _entity(builder, spec.operator) if spec.operator else None,
        }
    )
    if spec.voice_id:
        instance["VoiceId"] = spec.voice_id
    scopes: dict[str, Value] = {
        "InclusionScope": _scope(builder, spec.inclusion_groups),
        "ExclusionScope": _scope(builder, spec.exclusion_groups),
    }
    # quirk: the module prints the scopes under DirectoryLookupScope or at the top level; write them
    # back where this attendant has them.
    if isinstance(raw.get("DirectoryLookupScope"), dict):
        instance["DirectoryLookupScope"] = scopes
    else:
        instance.update(scopes)
    builder.calls.append(Call("Set-CsAutoAttendant", {"Instance": instance}))
    return builder.build()


def auto_attendant_script(spec: AutoAttendantSpec) -> Script:
    builder = ScriptBuilder()
    params: dict[str, Value] = {
        "Name": spec.name,
        "LanguageId": spec.language_id,
        "TimeZoneId": spec.time_zone_id,
        "DefaultCallFlow": _flow(builder, spec.default_flow),
    }
    flows, associations = _flows_and_handlings(builder, spec)
    if flows:
        params["CallFlows"] = flows
        params["CallHandlingAssociations"] = associations
    if spec.operator is not None:
        params["Operator"] = _entity(builder, spec.operator)
    if spec.voice_id:
        params["VoiceId"] = spec.voice_id
    if spec.voice_response:
        params["EnableVoiceResponse"] = True
    for scope, groups in (
        ("InclusionScope", spec.inclusion_groups),
        ("ExclusionScope", spec.exclusion_groups),
    ):
        ref = _scope(builder, groups)
        if ref is not None:
            params[scope] = ref
    if spec.authorized_users:
        params["AuthorizedUsers"] = list(spec.authorized_users)
    builder.add("New-CsAutoAttendant", params, prefix="aa")
    return builder.build()
