"""Call queues from the module's output (`Get-CsCallQueue`): agents and their opt-in, routing, and the
overflow / timeout / no-agent actions with thresholds and targets (voice-apps.md §1.2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from provisioning.voiceapps.model import Agent, CallQueue, ExceptionAction, Prompt, QueueException, Target
from provisioning.voiceapps.wire_values import enum, flag, items, number, record, text

if TYPE_CHECKING:
    from provisioning.voiceapps.from_wire import Resolver

OVERFLOW_ACTIONS = ("DisconnectWithBusy", "Forward", "Voicemail", "SharedVoicemail")
TIMEOUT_ACTIONS = ("Disconnect", "Forward", "Voicemail", "SharedVoicemail")
NO_AGENT_ACTIONS = ("Queue", "Disconnect", "Forward", "Voicemail", "SharedVoicemail")
ACTION_NAMES: dict[str, ExceptionAction] = {
    "disconnectwithbusy": "disconnect",
    "disconnect": "disconnect",
    "forward": "forward",
    "voicemail": "voicemail",
    "sharedvoicemail": "shared_voicemail",
    "queue": "queue",
}
NORMAL_PRIORITY = 3  # …ActionCallPriority: 1 very high … 3 normal … 5 very low (voice-apps.md §1.2)
TARGET_TYPES = (
    "User",
    "Phone",
    "ApplicationEndpoint",
    "ConfigurationEndpoint",
    "Mailbox",
    "ExternalPstn",
    "SharedVoicemail",
)


def exception_from_wire(
    cq: Mapping[str, Any],
    prefix: str,
    allowed: tuple[str, ...],
    path: str,
    resolver: Resolver,
    default_action: str,
    default_threshold: int | None,
) -> QueueException:
    """`{prefix}Action`, `{prefix}ActionTarget` and `{prefix}Threshold` of one exception condition."""
    raw_action = cq.get(f"{prefix}Action")
    wire_action = enum(
        raw_action if raw_action is not None else default_action, f"{path}.{prefix}Action", allowed
    )
    action = ACTION_NAMES[wire_action.casefold()]
    threshold = number(cq.get(f"{prefix}Threshold"), f"{path}.{prefix}Threshold", default=default_threshold)
    target = None
    raw_target = cq.get(f"{prefix}ActionTarget")
    where = f"{path}.{prefix}ActionTarget"
    if action in ("forward", "voicemail", "shared_voicemail") and raw_target not in (None, ""):
        if isinstance(raw_target, Mapping):
            object_id = text(raw_target.get("Id"), f"{where}.Id")
            wire_type = enum(raw_target.get("Type"), f"{where}.Type", TARGET_TYPES)
            target = resolver.target(wire_type, object_id, where)
        else:  # the documented parameter form: a bare GUID or tel: URI
            object_id = text(raw_target, where)
            target = resolver.guess(object_id, where)
        target = _as_action_target(action, target, resolver, object_id, where)
        priority = number(cq.get(f"{prefix}ActionCallPriority"), f"{path}.{prefix}ActionCallPriority")
        if target.kind in ("call_queue", "auto_attendant") and priority not in (None, NORMAL_PRIORITY):
            target = replace(target, priority=priority)
    prompt, transcription = Prompt(), False
    if action == "shared_voicemail":
        spoken = text(cq.get(f"{prefix}SharedVoicemailTextToSpeechPrompt"), f"{path}.{prefix}SharedVoicemail")
        audio = text(cq.get(f"{prefix}SharedVoicemailAudioFilePrompt"), f"{path}.{prefix}SharedVoicemail")
        prompt = Prompt("tts", spoken) if spoken else Prompt("audio", audio) if audio else Prompt()
        transcription = flag(
            cq.get(f"Enable{prefix}SharedVoicemailTranscription"), f"{path}.Enable{prefix}Transcription"
        )
    return QueueException(action, target, threshold, prompt, transcription)


def _prompt(cq: Mapping[str, Any], tts: str | None, audio: str, path: str) -> Prompt:
    """A text-to-speech prompt, else an audio file (named by its id: the module cannot list audio
    files), else none."""
    spoken = text(cq.get(tts), f"{path}.{tts}") if tts else ""
    if spoken:
        return Prompt("tts", spoken)
    file_id = text(cq.get(audio), f"{path}.{audio}")
    return Prompt("audio", file_id) if file_id else Prompt()


def _as_action_target(
    action: ExceptionAction, target: Target, resolver: Resolver, object_id: str, where: str
) -> Target:
    """Voicemail sends to a person's voicemail and SharedVoicemail to a group, whatever the Type says."""
    if action == "voicemail" and target.kind == "user":
        return Target("voicemail", target.ref)
    if action == "shared_voicemail" and target.kind != "shared_voicemail":
        return Target("shared_voicemail", resolver.group(object_id, where))
    return target


def call_queue_from_wire(cq: Mapping[str, Any], path: str, resolver: Resolver) -> CallQueue:
    users = [
        u
        for i, value in enumerate(items(cq.get("Users"), path))
        if (u := resolver.user(text(value, f"{path}.Users[{i}]"), f"{path}.Users[{i}]"))
    ]
    agents: list[Agent] = []
    if cq.get("Agents") is not None:
        for i, value in enumerate(items(cq.get("Agents"), path)):
            entry = record(value, f"{path}.Agents[{i}]")
            upn = resolver.user(
                text(entry.get("ObjectId"), f"{path}.Agents[{i}].ObjectId"), f"{path}.Agents[{i}]"
            )
            if upn:  # an agent who left the directory can't answer
                agents.append(Agent(upn, flag(entry.get("OptIn"), f"{path}.Agents[{i}].OptIn", default=True)))
    else:  # no Agents property: direct users, opted in as new agents are [Inf]
        agents = [Agent(upn) for upn in users]
    groups = [
        resolver.group(text(g, f"{path}.DistributionLists[{i}]"), f"{path}.DistributionLists[{i}]")
        for i, g in enumerate(items(cq.get("DistributionLists"), path))
    ]
    no_agent_applies = enum(
        cq.get("NoAgentApplyTo") or "AllCalls", f"{path}.NoAgentApplyTo", ("AllCalls", "NewCalls")
    )
    return CallQueue(
        name=text(cq.get("Name"), f"{path}.Name"),
        language=text(cq.get("LanguageId"), f"{path}.LanguageId") or None,
        routing=enum(
            cq.get("RoutingMethod") or "Attendant",
            f"{path}.RoutingMethod",
            ("Attendant", "Serial", "RoundRobin", "LongestIdle"),
        ),
        agents=tuple(agents),
        users=tuple(users),
        groups=tuple(groups),
        channel=text(cq.get("ChannelId"), f"{path}.ChannelId") or None,
        overflow=exception_from_wire(
            cq, "Overflow", OVERFLOW_ACTIONS, path, resolver, "DisconnectWithBusy", 50
        ),
        timeout=exception_from_wire(cq, "Timeout", TIMEOUT_ACTIONS, path, resolver, "Disconnect", 1200),
        # the text of the docs says Queue is the no-agent default (voice-apps.md §1.2; the YAML says Disconnect)
        no_agent=exception_from_wire(cq, "NoAgent", NO_AGENT_ACTIONS, path, resolver, "Queue", None),
        no_agent_applies_to="new_calls" if no_agent_applies == "NewCalls" else "all_calls",
        alert_time=number(cq.get("AgentAlertTime"), f"{path}.AgentAlertTime", default=30) or 30,
        presence_based=flag(cq.get("PresenceBasedRouting"), f"{path}.PresenceBasedRouting", default=True),
        conference_mode=flag(cq.get("ConferenceMode"), f"{path}.ConferenceMode", default=True),
        allow_opt_out=flag(cq.get("AllowOptOut"), f"{path}.AllowOptOut", default=True),
        greeting=_prompt(cq, "WelcomeTextToSpeechPrompt", "WelcomeMusicAudioFileId", path),
        music=_prompt(cq, None, "MusicOnHoldAudioFileId", path),
        authorized_users=tuple(
            u
            for i, value in enumerate(items(cq.get("AuthorizedUsers"), path))
            if (
                u := resolver.user(
                    text(value, f"{path}.AuthorizedUsers[{i}]"), f"{path}.AuthorizedUsers[{i}]"
                )
            )
        ),
    )
