"""Auto attendants as Get-CsAutoAttendant prints them, and the API to read, create and remove them.

Output (voice-apps.md §2.1, §4.3): {Id, Name, LanguageId, VoiceId, TimeZoneId, VoiceResponseEnabled,
Operator, DefaultCallFlow, CallFlows, CallHandlingAssociations, Schedules, InclusionScope, ExclusionScope,
AuthorizedUsers, HideAuthorizedUsers, ApplicationInstances, DialByNameResourceId, Status}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.teams_admin.aa_script import (
    READ_ONLY,
    AutoAttendantSpec,
    HandlingSpec,
    add_handling_script,
    auto_attendant_script,
    remove_handling_script,
)
from graph.teams_admin.calls import Call, Value
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.errors import NotFound, UnknownOutcome
from graph.teams_admin.parse import Json, as_list, flag, number, obj, objs, text, texts
from graph.teams_admin.schedules import Schedule
from graph.teams_admin.types import CallableEntity, Prompt


@dataclass(frozen=True)
class MenuOption:
    action: str | None  # DisconnectCall | TransferCallToOperator | TransferCallToTarget | Announcement | ...
    dtmf_response: str | None  # Tone0..Tone9 | ToneStar | TonePound | Automatic
    voice_responses: tuple[str, ...]
    call_target: CallableEntity | None
    prompt: Prompt | None

    @classmethod
    def parse(cls, data: Json) -> MenuOption:
        prompt = obj(data, "Prompt")
        return cls(
            action=text(data, "Action"),
            dtmf_response=text(data, "DtmfResponse"),
            voice_responses=texts(data, "VoiceResponses"),
            call_target=CallableEntity.parse_optional(data.get("CallTarget")),
            prompt=Prompt.parse(prompt) if prompt else None,
        )


@dataclass(frozen=True)
class Menu:
    name: str | None
    prompts: tuple[Prompt, ...]
    options: tuple[MenuOption, ...]
    dial_by_name_enabled: bool
    directory_search_method: str | None

    @classmethod
    def parse(cls, data: Json) -> Menu:
        return cls(
            name=text(data, "Name"),
            prompts=tuple(Prompt.parse(p) for p in objs(data, "Prompts")),
            options=tuple(MenuOption.parse(o) for o in objs(data, "MenuOptions")),
            dial_by_name_enabled=flag(data, "DialByNameEnabled"),
            directory_search_method=text(data, "DirectorySearchMethod"),
        )


@dataclass(frozen=True)
class CallFlow:
    id: str | None
    name: str | None
    greetings: tuple[Prompt, ...]
    menu: Menu
    force_listen_menu_enabled: bool

    @classmethod
    def parse(cls, data: Json) -> CallFlow:
        return cls(
            id=text(data, "Id"),
            name=text(data, "Name"),
            greetings=tuple(Prompt.parse(p) for p in objs(data, "Greetings")),
            menu=Menu.parse(obj(data, "Menu")),
            force_listen_menu_enabled=flag(data, "ForceListenMenuEnabled"),
        )


@dataclass(frozen=True)
class CallHandlingAssociation:
    type: str | None  # AfterHours | Holiday
    schedule_id: str | None
    call_flow_id: str | None
    enabled: bool
    priority: int | None

    @classmethod
    def parse(cls, data: Json) -> CallHandlingAssociation:
        return cls(
            type=text(data, "Type"),
            schedule_id=text(data, "ScheduleId"),
            call_flow_id=text(data, "CallFlowId"),
            enabled=flag(data, "Enabled", True),
            priority=number(data, "Priority"),
        )


@dataclass(frozen=True)
class DialScope:
    type: str | None  # Default | Customized
    group_ids: tuple[str, ...]

    @classmethod
    def parse(cls, data: Json) -> DialScope:
        return cls(type=text(data, "Type"), group_ids=texts(obj(data, "GroupScope"), "GroupIds"))


@dataclass(frozen=True)
class AutoAttendant:
    id: str
    name: str
    language_id: str | None
    voice_id: str | None
    time_zone_id: str | None
    voice_response_enabled: bool
    user_name_extension: str | None
    operator: CallableEntity | None
    default_call_flow: CallFlow
    call_flows: tuple[CallFlow, ...]
    call_handling_associations: tuple[CallHandlingAssociation, ...]
    schedules: tuple[Schedule, ...]
    inclusion_scope: DialScope
    exclusion_scope: DialScope
    authorized_users: tuple[str, ...]
    hide_authorized_users: tuple[str, ...]
    application_instances: tuple[str, ...]
    dial_by_name_resource_id: str | None
    status: str | None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    def flow(self, flow_id: str | None) -> CallFlow | None:
        return next((f for f in self.call_flows if f.id == flow_id), None)

    @classmethod
    def parse(cls, data: Json) -> AutoAttendant:
        status = data.get("Status")
        return cls(
            id=text(data, "Id", "Identity") or "",
            name=text(data, "Name") or "",
            language_id=text(data, "LanguageId"),
            voice_id=text(data, "VoiceId"),
            time_zone_id=text(data, "TimeZoneId"),
            voice_response_enabled=flag(data, "VoiceResponseEnabled"),
            user_name_extension=text(data, "UserNameExtension"),
            operator=CallableEntity.parse_optional(data.get("Operator")),
            default_call_flow=CallFlow.parse(obj(data, "DefaultCallFlow")),
            call_flows=tuple(CallFlow.parse(f) for f in objs(data, "CallFlows")),
            call_handling_associations=tuple(
                CallHandlingAssociation.parse(a) for a in objs(data, "CallHandlingAssociations")
            ),
            schedules=tuple(Schedule.parse(s) for s in objs(data, "Schedules")),
            inclusion_scope=DialScope.parse(obj(data, "InclusionScope")),
            exclusion_scope=DialScope.parse(obj(data, "ExclusionScope")),
            authorized_users=texts(data, "AuthorizedUsers"),
            hide_authorized_users=texts(data, "HideAuthorizedUsers"),
            application_instances=texts(data, "ApplicationInstances"),
            dial_by_name_resource_id=text(data, "DialByNameResourceId"),
            status=text(status, "OverallStatus") if isinstance(status, dict) else text(data, "Status"),
            raw=data,
        )


class AutoAttendantsApi:
    PAGE = 100  # quirk: -First is capped at 100, as for call queues (voice-apps.md §2.2)

    def __init__(self, client: TeamsAdminClient) -> None:
        self.client = client

    async def list(self, *, name_filter: str | None = None) -> list[AutoAttendant]:
        found: list[AutoAttendant] = []
        while True:
            params: dict[str, Value] = {"First": self.PAGE, "Skip": len(found)}
            if name_filter:
                params["NameFilter"] = name_filter
            page = as_list(await self.client.one(Call("Get-CsAutoAttendant", params)))
            found += [AutoAttendant.parse(item) for item in page if isinstance(item, dict)]
            if len(page) < self.PAGE:
                return found

    async def get(self, identity: str) -> AutoAttendant:
        output = await self.client.one(Call("Get-CsAutoAttendant", {"Identity": identity}))
        if not isinstance(output, dict):
            raise NotFound(f"no auto attendant {identity}", cmdlet="Get-CsAutoAttendant")
        return AutoAttendant.parse(output)

    async def find_by_name(self, name: str) -> AutoAttendant | None:
        """-NameFilter matches substrings; keep the exact name only."""
        matches = [a for a in await self.list(name_filter=name) if a.name == name]
        return matches[0] if matches else None

    async def create(self, spec: AutoAttendantSpec) -> AutoAttendant:
        """Build prompts, menus and flows, then New-CsAutoAttendant, in one request. After an unknown
        outcome the AA is looked up by name before anything is sent again."""
        try:
            outputs = await self.client.write(auto_attendant_script(spec))
        except UnknownOutcome:
            existing = await self.find_by_name(spec.name)
            if existing is None:
                raise
            return existing
        last = outputs[-1] if outputs else None
        return AutoAttendant.parse(last if isinstance(last, dict) else {})

    async def update(self, attendant: AutoAttendant, changes: Mapping[str, Value]) -> AutoAttendant:
        """Set-CsAutoAttendant -Instance: the AA as Get printed it, with `changes` (top-level properties,
        e.g. CallFlows and CallHandlingAssociations to add a holiday) applied, then read back."""
        instance: dict[str, Value] = {k: v for k, v in attendant.raw.items() if k not in READ_ONLY}
        instance.update(changes)
        await self.client.write(Call("Set-CsAutoAttendant", {"Instance": instance}))
        return await self.get(attendant.id)

    async def add_handling(
        self, attendant: AutoAttendant, handling: HandlingSpec, *, first: bool = False
    ) -> AutoAttendant:
        """Attach an after-hours, holiday or emergency call flow on a schedule; returns the AA read back."""
        await self.client.write(add_handling_script(attendant.raw, handling, first=first))
        return await self.get(attendant.id)

    async def remove_handling(self, attendant: AutoAttendant, schedule_id: str) -> AutoAttendant:
        """Detach a schedule (and the flows only it used); the schedule itself stays, tenant-wide."""
        await self.client.write(remove_handling_script(attendant.raw, schedule_id))
        return await self.get(attendant.id)

    async def remove(self, identity: str) -> None:
        await self.client.write(Call("Remove-CsAutoAttendant", {"Identity": identity}))
