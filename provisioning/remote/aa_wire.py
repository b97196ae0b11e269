"""A domain auto attendant as the script builder's spec (graph.teams_admin.AutoAttendantSpec): pure, given
a lookup from friendly keys to wire ids, so apply (ids from the tenant, provisioning/remote/voice_ids.py)
and `plan --show-powershell` (placeholders for objects not created yet) build the very same script.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from graph.teams_admin import AutoAttendantSpec, FlowSpec, HandlingSpec, KeptPrompt, OptionSpec
from graph.teams_admin import Target as WireTarget
from provisioning.remote.base import WriteFailed
from provisioning.voiceapps.model import AutoAttendant, CallFlow, Prompt, Target

# (kind, friendly key) → the wire id: kinds user, group, call_queue, auto_attendant, schedule,
# resource_account (the methods of VoiceIds).
Lookup = Callable[[str, str], str]
# (call flow name, "greeting" | "menu", audio file name) → that audio prompt as the tenant holds it, or None.
Kept = Callable[[str, str, str], KeptPrompt | None]


def nothing_kept(flow: str, part: str, file_name: str) -> KeptPrompt | None:
    return None


KEYS = {str(d): f"Tone{d}" for d in range(10)} | {"*": "ToneStar", "#": "TonePound", "automatic": "Automatic"}
ACTIONS = {
    "transfer": "TransferCallToTarget",
    "operator": "TransferCallToOperator",
    "disconnect": "DisconnectCall",
    "announcement": "Announcement",
}
SEARCH = {"none": None, "by_name": "ByName", "by_extension": "ByExtension"}


def needed(aa: AutoAttendant) -> list[tuple[str, str]]:
    """Every (kind, key) the attendant's script needs an id for, once each, in a stable order."""
    found: list[tuple[str, str]] = [("schedule", h.schedule) for h in aa.handling]
    targets = [aa.operator] if aa.operator else []
    for flow in (aa.default_flow, *aa.flows):
        targets += [o.target for o in flow.menu.options if o.target is not None]
    for target in targets:
        found += _target_keys(target)
    found += [("group", g) for g in (*aa.dial_scope.include_groups, *aa.dial_scope.exclude_groups)]
    return list(dict.fromkeys(found))


def _target_keys(target: Target) -> list[tuple[str, str]]:
    if target.kind in ("user", "voicemail"):
        return [("user", target.ref)]
    if target.kind == "shared_voicemail":
        return [("group", target.ref)]
    if target.via:
        return [("resource_account", target.via)]
    if target.kind in ("call_queue", "auto_attendant"):
        return [(target.kind, target.ref)]
    return []


def wire_target(target: Target, lookup: Lookup) -> WireTarget:
    """The callable entity of a target (same mapping as VoiceIds.target, without the I/O)."""
    kind = target.kind
    if kind == "external":
        return WireTarget(f"tel:{target.ref}", "ExternalPstn")
    if kind in ("user", "voicemail"):
        return WireTarget(lookup("user", target.ref), "User")
    if kind == "shared_voicemail":
        return WireTarget(lookup("group", target.ref), "SharedVoicemail")
    if target.via:
        return WireTarget(lookup("resource_account", target.via), "ApplicationEndpoint", target.priority)
    if kind in ("call_queue", "auto_attendant"):
        return WireTarget(lookup(kind, target.ref), "ConfigurationEndpoint", target.priority)
    raise WriteFailed(f"cannot send calls to {target.label()}")


def _text(prompt: Prompt, where: str, kept: KeptPrompt | None = None) -> str | KeptPrompt | None:
    """Text to speech as text; an audio prompt only as the tenant already holds it (sent back)."""
    if prompt.kind == "audio":
        if kept is not None:
            return kept
        raise WriteFailed(
            f"{where}: audio prompt {prompt.text!r}: switchboard keeps audio prompts the attendant already "
            "has and writes text to speech (upload and set a new recording in the Teams admin center)"
        )
    return prompt.text if prompt.kind == "tts" else None


def _flow(flow: CallFlow, lookup: Lookup, kept: Kept = nothing_kept) -> FlowSpec:
    options = []
    for option in flow.menu.options:
        target = wire_target(option.target, lookup) if option.target is not None else None
        prompt = _text(option.prompt, f"{flow.name} option {option.key}")
        if isinstance(prompt, KeptPrompt):  # never: only greetings and menu prompts are kept
            raise WriteFailed(f"{flow.name} option {option.key}: an announcement is text to speech")
        options.append(OptionSpec(KEYS[option.key], ACTIONS[option.action], target, prompt, option.voice))
    return FlowSpec(
        name=flow.name,
        options=tuple(options),
        greeting=_text(
            flow.greeting, f"{flow.name} greeting", kept(flow.name, "greeting", flow.greeting.text)
        ),
        menu_prompt=_text(
            flow.menu.prompt, f"{flow.name} menu prompt", kept(flow.name, "menu", flow.menu.prompt.text)
        ),
        dial_by_name=flow.menu.dial_by_name,
        directory_search=SEARCH[flow.menu.directory_search],
        force_listen=flow.force_listen,
        menu_name=flow.menu.name or None,
    )


def wire_spec(aa: AutoAttendant, lookup: Lookup, kept: Kept = nothing_kept) -> AutoAttendantSpec:
    """The spec auto_attendant_script / replace_script build from; flows shared by several associations
    are one FlowSpec (built once). `kept` gives back audio prompts the attendant already has."""
    flows = {flow.name: _flow(flow, lookup, kept) for flow in aa.flows}
    handlings = []
    for handling in aa.handling:
        if handling.flow not in flows:
            raise WriteFailed(f"auto attendant {aa.name!r}: no call flow {handling.flow!r}")
        handlings.append(
            HandlingSpec(
                "Holiday" if handling.kind == "holiday" else "AfterHours",
                lookup("schedule", handling.schedule),
                flows[handling.flow],
                handling.enabled,
            )
        )
    return AutoAttendantSpec(
        name=aa.name,
        language_id=aa.language,
        time_zone_id=aa.time_zone,
        default_flow=_flow(aa.default_flow, lookup, kept),
        handlings=tuple(handlings),
        operator=wire_target(aa.operator, lookup) if aa.operator else None,
        voice_id=aa.voice,
        voice_response=aa.voice_response,
        inclusion_groups=tuple(lookup("group", g) for g in aa.dial_scope.include_groups),
        exclusion_groups=tuple(lookup("group", g) for g in aa.dial_scope.exclude_groups),
    )


def kept_prompts(raw: Mapping[str, Any]) -> Kept:
    """The audio prompts of an attendant as Get printed it, by call flow, part and file name."""
    flows = [raw.get("DefaultCallFlow"), *(raw.get("CallFlows") or [])]

    def find(flow_name: str, part: str, file_name: str) -> KeptPrompt | None:
        for flow in flows:
            if not isinstance(flow, Mapping) or flow.get("Name") != flow_name:
                continue
            menu: Mapping[str, Any] = flow["Menu"] if isinstance(flow.get("Menu"), Mapping) else {}
            prompts = flow.get("Greetings") if part == "greeting" else menu.get("Prompts")
            for prompt in prompts or []:
                if not isinstance(prompt, Mapping) or prompt.get("ActiveType") != "AudioFile":
                    continue
                audio = prompt.get("AudioFilePrompt")
                if isinstance(audio, Mapping) and audio.get("FileName") == file_name:
                    return KeptPrompt(json.dumps(prompt))
        return None

    return find


def placeholder(kind: str, key: str) -> str:
    """What `plan --show-powershell` prints where an id goes: the object by name (ids exist only in the
    tenant, and not at all yet for what the plan creates)."""
    return f"<{kind.replace('_', ' ')} {key}>"
