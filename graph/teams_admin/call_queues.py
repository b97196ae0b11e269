"""Call queues: read, create (with a read-by-name after an unknown outcome), update, remove.

Cmdlets: Get-/New-/Set-/Remove-CsCallQueue. Output properties as Get-CsCallQueue prints them
(voice-apps.md §1.1-1.2): Identity, Name, RoutingMethod, Users, Agents[{ObjectId, OptIn}], ...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.teams_admin.calls import Call, Value
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.contract import load_contract
from graph.teams_admin.errors import NotFound, UnknownOutcome
from graph.teams_admin.parse import Json, as_list, flag, number, objs, text, texts
from graph.teams_admin.types import CallableEntity


@dataclass(frozen=True)
class Agent:
    object_id: str
    opt_in: bool


@dataclass(frozen=True)
class ExceptionRouting:
    """Overflow, Timeout or NoAgent handling. `prompts` maps e.g. `DisconnectTextToSpeechPrompt` -> value."""

    action: str | None
    target: CallableEntity | None
    threshold: int | None = None
    call_priority: int | None = None
    apply_to: str | None = None  # NoAgent only: AllCalls | NewCalls
    shared_voicemail_transcription: bool = False
    shared_voicemail_system_prompt_suppression: bool = False
    prompts: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: Json, condition: str) -> ExceptionRouting:
        prompts = {
            key.removeprefix(condition): str(value)
            for key, value in data.items()
            if key.startswith(condition) and key.endswith("Prompt") and value not in (None, "")
        }
        return cls(
            action=text(data, f"{condition}Action"),
            target=CallableEntity.parse_optional(data.get(f"{condition}ActionTarget")),
            threshold=number(data, f"{condition}Threshold"),
            call_priority=number(data, f"{condition}ActionCallPriority"),
            apply_to=text(data, f"{condition}ApplyTo"),
            shared_voicemail_transcription=flag(data, f"Enable{condition}SharedVoicemailTranscription"),
            shared_voicemail_system_prompt_suppression=flag(
                data, f"Enable{condition}SharedVoicemailSystemPromptSuppression"
            ),
            prompts=prompts,
        )


@dataclass(frozen=True)
class CallQueue:
    identity: str
    name: str
    routing_method: str | None
    presence_based_routing: bool
    conference_mode: bool
    allow_opt_out: bool
    agent_alert_time: int | None
    language_id: str | None
    users: tuple[str, ...]
    agents: tuple[Agent, ...]
    distribution_lists: tuple[str, ...]
    channel_id: str | None
    channel_user_object_id: str | None
    shifts_team_id: str | None
    shifts_scheduling_group_id: str | None
    overflow: ExceptionRouting
    timeout: ExceptionRouting
    no_agent: ExceptionRouting
    welcome_music_audio_file_id: str | None
    welcome_text_to_speech_prompt: str | None
    use_default_music_on_hold: bool
    music_on_hold_audio_file_id: str | None
    authorized_users: tuple[str, ...]
    hide_authorized_users: tuple[str, ...]
    obo_resource_account_ids: tuple[str, ...]
    application_instances: tuple[str, ...]
    is_callback_enabled: bool
    service_level_threshold_s: int | None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, data: Json) -> CallQueue:
        return cls(
            identity=text(data, "Identity", "Id") or "",
            name=text(data, "Name") or "",
            routing_method=text(data, "RoutingMethod"),
            presence_based_routing=flag(data, "PresenceBasedRouting"),
            conference_mode=flag(data, "ConferenceMode"),
            allow_opt_out=flag(data, "AllowOptOut"),
            agent_alert_time=number(data, "AgentAlertTime"),
            language_id=text(data, "LanguageId"),
            users=texts(data, "Users"),
            agents=tuple(
                Agent(text(a, "ObjectId") or "", flag(a, "OptIn", True)) for a in objs(data, "Agents")
            ),
            distribution_lists=texts(data, "DistributionLists"),
            channel_id=text(data, "ChannelId"),
            channel_user_object_id=text(data, "ChannelUserObjectId"),
            shifts_team_id=text(data, "ShiftsTeamId"),
            shifts_scheduling_group_id=text(data, "ShiftsSchedulingGroupId"),
            overflow=ExceptionRouting.parse(data, "Overflow"),
            timeout=ExceptionRouting.parse(data, "Timeout"),
            no_agent=ExceptionRouting.parse(data, "NoAgent"),
            welcome_music_audio_file_id=text(data, "WelcomeMusicAudioFileId", "WelcomeMusicResourceId"),
            welcome_text_to_speech_prompt=text(data, "WelcomeTextToSpeechPrompt"),
            use_default_music_on_hold=flag(data, "UseDefaultMusicOnHold"),
            music_on_hold_audio_file_id=text(data, "MusicOnHoldAudioFileId", "MusicOnHoldResourceId"),
            authorized_users=texts(data, "AuthorizedUsers"),
            hide_authorized_users=texts(data, "HideAuthorizedUsers"),
            obo_resource_account_ids=texts(data, "OboResourceAccountIds"),
            application_instances=texts(data, "ApplicationInstances"),
            is_callback_enabled=flag(data, "IsCallbackEnabled"),
            service_level_threshold_s=number(data, "ServiceLevelThresholdResponseTimeInSecond"),
            raw=data,
        )


def restore_params(before: Json, now: Json) -> dict[str, Value]:
    """The Set-CsCallQueue parameters that bring a queue printed as `now` back to how it printed as
    `before` (an emergency snapshot): every settable property that differs, action targets as the ids the
    cmdlet takes. A property the cmdlet cannot set (Agents' opt-in) or clear (a number back to null) is
    left out; the caller's read-back comparison reports it."""
    settable = load_contract()["Set-CsCallQueue"].parameters
    params: dict[str, Value] = {}
    for name in settable:
        if name in ("Identity", "Tenant") or name not in before or before.get(name) == now.get(name):
            continue
        value = before[name]
        if name.endswith("ActionTarget") and isinstance(value, dict):
            value = value.get("Id")
        if value is None and settable[name].kind not in ("string", "list"):
            continue
        params[name] = value
    return params


class CallQueuesApi:
    PAGE = 100  # quirk: -First above 100 fails since May 2025 (voice-apps.md §1.1)

    def __init__(self, client: TeamsAdminClient) -> None:
        self.client = client

    async def list(self, *, name_filter: str | None = None) -> list[CallQueue]:
        queues: list[CallQueue] = []
        while True:
            params: dict[str, Value] = {"First": self.PAGE, "Skip": len(queues)}
            if name_filter:
                params["NameFilter"] = name_filter
            page = as_list(await self.client.one(Call("Get-CsCallQueue", params)))
            queues += [CallQueue.parse(item) for item in page if isinstance(item, dict)]
            if len(page) < self.PAGE:
                return queues

    async def get(self, identity: str) -> CallQueue:
        output = await self.client.one(Call("Get-CsCallQueue", {"Identity": identity}))
        if not isinstance(output, dict):
            raise NotFound(f"no call queue {identity}", cmdlet="Get-CsCallQueue")
        return CallQueue.parse(output)

    async def find_by_name(self, name: str) -> CallQueue | None:
        """quirk: -NameFilter matches substrings ("Helpdesk" finds "IT Helpdesk"): keep exact names only."""
        matches = [q for q in await self.list(name_filter=name) if q.name == name]
        return matches[0] if matches else None

    async def create(self, name: str, settings: Mapping[str, Value] | None = None) -> CallQueue:
        """New-CsCallQueue with `settings` as cmdlet parameters. After an unknown outcome the queue is
        looked up by name: found means it was created; not found re-raises (nothing is re-sent blindly)."""
        params: dict[str, Any] = {"Name": name, **(settings or {})}
        try:
            output = await self.client.one(Call("New-CsCallQueue", params))
        except UnknownOutcome:
            existing = await self.find_by_name(name)
            if existing is None:
                raise
            return existing
        return CallQueue.parse(output if isinstance(output, dict) else {})

    async def update(self, identity: str, settings: Mapping[str, Value]) -> None:
        """Set-CsCallQueue: only the parameters given change (as the cmdlet promises its caller)."""
        await self.client.write(Call("Set-CsCallQueue", {"Identity": identity, **settings}))

    async def remove(self, identity: str) -> None:
        """Fails (Validation) while a resource account is still associated with the queue."""
        await self.client.write(Call("Remove-CsCallQueue", {"Identity": identity}))
