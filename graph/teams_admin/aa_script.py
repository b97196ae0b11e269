"""What an auto attendant should be (a spec), and the cmdlet script that creates it.

Prompts -> callable entities -> menu options -> menus -> call flows -> call handling associations ->
New-CsAutoAttendant (voice-apps.md §2.2-2.3), each result passed on by reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.teams_admin.calls import Ref, Script, ScriptBuilder, Value


@dataclass(frozen=True)
class Target:
    """A call target: `type` is User, ApplicationEndpoint, ConfigurationEndpoint, ExternalPstn or SharedVoicemail."""

    identity: str
    type: str
    call_priority: int | None = None
    enable_transcription: bool = False


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
    greeting: str | None = None
    menu_prompt: str | None = None
    dial_by_name: bool = False
    directory_search: str | None = None  # None | ByName | ByExtension
    force_listen: bool = False


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


def _prompt(builder: ScriptBuilder, text: str) -> Ref:
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
        "Name": f"{flow.name} menu",
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


def auto_attendant_script(spec: AutoAttendantSpec) -> Script:
    builder = ScriptBuilder()
    params: dict[str, Value] = {
        "Name": spec.name,
        "LanguageId": spec.language_id,
        "TimeZoneId": spec.time_zone_id,
        "DefaultCallFlow": _flow(builder, spec.default_flow),
    }
    flows: list[Value] = []
    associations: list[Value] = []
    for handling in spec.handlings:
        flow = _flow(builder, handling.flow)
        flows.append(flow)
        association: dict[str, Value] = {
            "Type": handling.type,
            "ScheduleId": handling.schedule_id,
            "CallFlowId": Ref(flow.name, "Id"),
        }
        if not handling.enabled:
            association["Disable"] = True
        associations.append(
            builder.add("New-CsAutoAttendantCallHandlingAssociation", association, prefix="h")
        )
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
        if groups:
            scope_params: dict[str, Value] = {"GroupScope": True, "GroupIds": list(groups)}
            params[scope] = builder.add("New-CsAutoAttendantDialScope", scope_params, prefix="s")
    if spec.authorized_users:
        params["AuthorizedUsers"] = list(spec.authorized_users)
    builder.add("New-CsAutoAttendant", params, prefix="aa")
    return builder.build()
