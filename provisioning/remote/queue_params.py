"""A domain call queue as New-/Set-CsCallQueue parameters (voice-apps.md §1.2), given the ids of what it
names; and the PowerShell preview of a call-queue action (`plan --show-powershell`).

One builder for both cmdlets, so what apply sends and what the preview prints cannot drift apart. Ids are
looked up by the caller (VoiceIds at apply time; `Get-*` calls whose results the preview refers to).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from provisioning.voiceapps.model import CallQueue, QueueException, Target

# (kind, friendly key) of an object the queue names: user, group, call_queue, auto_attendant,
# resource_account; or a target (kind "target") whose key is its index in `targets(queue)`.
IdKey = tuple[str, str]
IdOf = Callable[[str, str], Any]

PREFIX = {"overflow": "Overflow", "timeout": "Timeout", "no_agent": "NoAgent"}
WIRE_ACTION = {
    ("overflow", "disconnect"): "DisconnectWithBusy",
    ("timeout", "disconnect"): "Disconnect",
    ("no_agent", "disconnect"): "Disconnect",
}
ACTIONS = {
    "forward": "Forward",
    "voicemail": "Voicemail",
    "shared_voicemail": "SharedVoicemail",
    "queue": "Queue",
}
NORMAL_PRIORITY = 3
# Parameters Set-CsCallQueue must be told to clear when the file no longer wants them (New omits them).
CLEARABLE = (
    "LanguageId",
    "WelcomeTextToSpeechPrompt",
    "WelcomeMusicAudioFileId",
    "MusicOnHoldAudioFileId",
    *(f"{p}ActionTarget" for p in PREFIX.values()),
    *(f"{p}SharedVoicemailTextToSpeechPrompt" for p in PREFIX.values()),
    *(f"{p}SharedVoicemailAudioFilePrompt" for p in PREFIX.values()),
)


def target_key(target: Target) -> IdKey:
    """The object a target's id belongs to (a queue reached through its resource account: the RA)."""
    if target.via is not None:
        return ("resource_account", target.via)
    if target.kind in ("user", "voicemail"):
        return ("user", target.ref)
    if target.kind == "shared_voicemail":
        return ("group", target.ref)
    return (target.kind, target.ref)


def needed(queue: CallQueue) -> list[IdKey]:
    """Every id the parameters need, in parameter order, each once."""
    keys = [("user", upn) for upn in (*queue.users, *queue.authorized_users)]
    keys += [("group", name) for name in queue.groups]
    for condition in PREFIX:
        target = getattr(queue, condition).target
        if target is not None and target.kind != "external":
            keys.append(target_key(target))
    return list(dict.fromkeys(keys))


def _exception(condition: str, exception: QueueException, id_of: IdOf) -> Iterator[tuple[str, Any]]:
    prefix = PREFIX[condition]
    yield f"{prefix}Action", WIRE_ACTION.get((condition, exception.action)) or ACTIONS[exception.action]
    if exception.threshold is not None and condition != "no_agent":
        yield f"{prefix}Threshold", exception.threshold
    target = exception.target
    if target is not None:
        ref = f"tel:{target.ref}" if target.kind == "external" else id_of(*target_key(target))
        yield f"{prefix}ActionTarget", ref
        if target.kind in ("call_queue", "auto_attendant"):
            yield f"{prefix}ActionCallPriority", target.priority or NORMAL_PRIORITY
    if exception.action == "shared_voicemail":
        yield f"{prefix}SharedVoicemailTextToSpeechPrompt", exception.prompt.text
        yield f"Enable{prefix}SharedVoicemailTranscription", exception.transcription


def queue_params(queue: CallQueue, id_of: IdOf, *, new: bool) -> dict[str, Any]:
    """Every managed parameter of the queue (New-CsCallQueue takes agents as -User, Set as -Users)."""
    params: dict[str, Any] = {
        "Name": queue.name,
        "RoutingMethod": queue.routing,
        "PresenceBasedRouting": queue.presence_based,
        "ConferenceMode": queue.conference_mode,
        "AllowOptOut": queue.allow_opt_out,
        "AgentAlertTime": queue.alert_time,
        "User" if new else "Users": [id_of("user", upn) for upn in queue.users],
        "DistributionLists": [id_of("group", name) for name in queue.groups],
        "AuthorizedUsers": [id_of("user", upn) for upn in queue.authorized_users],
        "UseDefaultMusicOnHold": True,
    }
    if queue.language:
        params["LanguageId"] = queue.language
    if queue.greeting.kind == "tts":
        params["WelcomeTextToSpeechPrompt"] = queue.greeting.text
    for condition in PREFIX:
        params.update(_exception(condition, getattr(queue, condition), id_of))
    params["NoAgentApplyTo"] = "NewCalls" if queue.no_agent_applies_to == "new_calls" else "AllCalls"
    return params


def set_params(queue: CallQueue, id_of: IdOf, read: Mapping[str, Any]) -> dict[str, Any]:
    """Set-CsCallQueue's parameters, built from the queue as just read: every managed parameter, plus a
    $null for each clearable one the queue has set and the file no longer wants."""
    params = queue_params(queue, id_of, new=False)
    for name in CLEARABLE:
        if name not in params and read.get(name) not in (None, "", []):
            params[name] = None
    return params
