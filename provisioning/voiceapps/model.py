"""Domain model of Teams voice apps: auto attendants, call queues, schedules, resource accounts.

Friendly keys only (app names, UPNs, E.164, group names), never GUIDs: the same model the desired-state
YAML will use. Built from the module's output by `from_wire`; read by the tracer, flows and check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

TargetKind = Literal[
    "user",  # a person (UPN)
    "auto_attendant",  # another AA, by name
    "call_queue",  # a CQ, by name
    "resource_account",  # an RA that is associated with nothing (a dead end), by UPN
    "external",  # a PSTN number, E.164
    "shared_voicemail",  # a Microsoft 365 group's voicemail, by group name
    "voicemail",  # a person's own voicemail (CQ exception action Voicemail), by UPN
    "operator",  # the AA's operator (menu action TransferCallToOperator)
    "disconnect",
    "unknown",  # a wire target we could not resolve (deleted user, unknown id): kept, never dropped
]

# Menu keys as a caller presses them; "automatic" is DtmfResponse Automatic (runs with no input).
MenuKey = Literal["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "automatic"]
MenuAction = Literal["transfer", "operator", "disconnect", "announcement"]
ExceptionAction = Literal["disconnect", "forward", "voicemail", "shared_voicemail", "queue"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# A voice-app target's CallPriority when none is given (New-CsAutoAttendantCallableEntity, 1-5).
DEFAULT_CALL_PRIORITY = 3
APP_TARGETS = ("auto_attendant", "call_queue", "resource_account")
WEEKDAYS: tuple[Weekday, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Target:
    """Where a call can be sent. `via` names the resource account when the target is reached through
    one (ApplicationEndpoint); None for a nested app (ConfigurationEndpoint) or a non-app target."""

    kind: TargetKind
    ref: str = ""
    via: str | None = None
    priority: int | None = None

    def label(self) -> str:
        names = {
            "user": "person",
            "auto_attendant": "auto attendant",
            "call_queue": "call queue",
            "resource_account": "resource account",
            "external": "external number",
            "shared_voicemail": "shared voicemail",
            "voicemail": "voicemail of",
            "operator": "operator",
            "disconnect": "disconnect",
            "unknown": "unresolved target",
        }
        text = names[self.kind] + (f" {self.ref}" if self.ref else "")
        return text + (f" (via {self.via})" if self.via else "")


@dataclass(frozen=True)
class Prompt:
    """A greeting or menu prompt: text-to-speech text, or the audio file's name."""

    kind: Literal["tts", "audio", "none"] = "none"
    text: str = ""


@dataclass(frozen=True)
class MenuOption:
    key: MenuKey
    action: MenuAction
    target: Target | None = None
    voice: str | None = None  # the one voice response allowed per option
    prompt: Prompt = Prompt()  # played by an Announcement


@dataclass(frozen=True)
class Menu:
    name: str = ""
    prompt: Prompt = Prompt()
    options: tuple[MenuOption, ...] = ()
    dial_by_name: bool = False
    directory_search: Literal["none", "by_name", "by_extension"] = "none"

    def option(self, key: str) -> MenuOption | None:
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class CallFlow:
    name: str
    greeting: Prompt = Prompt()
    menu: Menu = Menu()
    force_listen: bool = False


@dataclass(frozen=True)
class Handling:
    """A call handling association: `flow` runs while `schedule` is active (holiday beats after hours)."""

    kind: Literal["after_hours", "holiday"]
    schedule: str
    flow: str
    enabled: bool = True
    priority: int = 0


@dataclass(frozen=True)
class TimeRange:
    """[start, end) in minutes since midnight; end 1440 means midnight at the end of the day."""

    start: int
    end: int


@dataclass(frozen=True)
class DateTimeRange:
    """[start, end) as wall-clock times in the AA's time zone (naive datetimes)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Schedule:
    name: str
    kind: Literal["weekly", "fixed"]
    weekly: tuple[tuple[Weekday, tuple[TimeRange, ...]], ...] = ()
    complement: bool = False
    ranges: tuple[DateTimeRange, ...] = ()

    def hours(self, day: Weekday) -> tuple[TimeRange, ...]:
        return next((ranges for name, ranges in self.weekly if name == day), ())


@dataclass(frozen=True)
class DialScope:
    include_groups: tuple[str, ...] = ()
    exclude_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class AutoAttendant:
    name: str
    language: str
    time_zone: str  # Windows time zone id, as the module takes it ("Eastern Standard Time")
    default_flow: CallFlow
    voice: str | None = None
    flows: tuple[CallFlow, ...] = ()
    handling: tuple[Handling, ...] = ()
    operator: Target | None = None
    voice_response: bool = False
    dial_scope: DialScope = DialScope()
    resource_accounts: tuple[str, ...] = ()  # UPNs of associated RAs

    def flow(self, name: str) -> CallFlow | None:
        return next((flow for flow in self.flows if flow.name == name), None)

    def canonical(self) -> AutoAttendant:
        """The same attendant in the one order plans compare and apply writes: holiday associations
        grouped by call flow (flows in order of first use, a flow's schedules by name), then after hours,
        priorities renumbered 1…n in that order (the service numbers them by position); flows in the
        order the associations use them; UPNs in lower case; dial-scope groups and RAs sorted. Only the
        order among holiday flows can change which flow answers (overlapping holidays), and it is kept."""
        holidays = [h for h in self.handling if h.kind == "holiday"]
        flow_order = list(dict.fromkeys(h.flow for h in holidays))
        ordered = [
            h
            for flow in flow_order
            for h in sorted((h for h in holidays if h.flow == flow), key=lambda h: h.schedule)
        ]
        ordered += [h for h in self.handling if h.kind != "holiday"]
        handling = tuple(replace(h, priority=i) for i, h in enumerate(ordered, start=1))
        rank = {name: i for i, name in enumerate(dict.fromkeys(h.flow for h in handling))}
        flows = sorted(self.flows, key=lambda f: rank.get(f.name, len(rank)))  # stable: the rest keep order
        return replace(
            self,
            default_flow=_canonical_flow(self.default_flow),
            flows=tuple(_canonical_flow(f) for f in flows),
            handling=handling,
            operator=_canonical_target(self.operator),
            dial_scope=DialScope(
                tuple(sorted(self.dial_scope.include_groups, key=str.casefold)),
                tuple(sorted(self.dial_scope.exclude_groups, key=str.casefold)),
            ),
            resource_accounts=tuple(sorted(upn.lower() for upn in self.resource_accounts)),
        )


def _canonical_target(target: Target | None) -> Target | None:
    if target is None:
        return None
    ref = target.ref.lower() if target.kind in ("user", "voicemail", "resource_account") else target.ref
    priority = target.priority
    if target.kind in APP_TARGETS and priority is None:
        priority = DEFAULT_CALL_PRIORITY
    return replace(target, ref=ref, via=target.via.lower() if target.via else None, priority=priority)


def _canonical_flow(flow: CallFlow) -> CallFlow:
    options = tuple(replace(o, target=_canonical_target(o.target)) for o in flow.menu.options)
    return replace(flow, menu=replace(flow.menu, options=options))


@dataclass(frozen=True)
class Agent:
    upn: str
    opt_in: bool = True


@dataclass(frozen=True)
class QueueException:
    """Overflow, timeout or no-agent handling: what happens and where the call goes."""

    action: ExceptionAction
    target: Target | None = None
    threshold: int | None = None  # calls waiting (overflow) or seconds (timeout); None for no-agent
    # Shared voicemail only: the greeting played before the beep (text-to-speech) and transcription.
    prompt: Prompt = Prompt()
    transcription: bool = False


@dataclass(frozen=True)
class CallQueue:
    name: str
    language: str | None = None
    routing: str = "Attendant"
    agents: tuple[Agent, ...] = ()  # everyone the queue would ring, with their opt-in for this queue
    users: tuple[str, ...] = ()  # directly added agents (UPNs), ring order for Serial
    groups: tuple[str, ...] = ()  # distribution lists / teams by name
    channel: str | None = None
    overflow: QueueException = QueueException("disconnect", threshold=50)
    timeout: QueueException = QueueException("disconnect", threshold=1200)
    no_agent: QueueException = QueueException("queue")
    no_agent_applies_to: Literal["all_calls", "new_calls"] = "all_calls"
    alert_time: int = 30
    presence_based: bool = True
    conference_mode: bool = True
    allow_opt_out: bool = True
    resource_accounts: tuple[str, ...] = ()
    greeting: Prompt = Prompt()  # the welcome message: text-to-speech, or none
    music: Prompt = Prompt()  # music on hold: "none" plays the default music
    authorized_users: tuple[str, ...] = ()  # UPNs of the people who may edit the queue

    def answering_agents(self) -> tuple[Agent, ...]:
        return tuple(agent for agent in self.agents if agent.opt_in)


@dataclass(frozen=True)
class ResourceAccount:
    upn: str
    display_name: str = ""
    kind: Literal["auto_attendant", "call_queue", "other"] = "other"
    number: str | None = None  # E.164 without "tel:"
    app: str | None = None  # name of the associated AA or CQ
    licensed: bool | None = None  # Teams Phone Resource Account licence (from Graph); None = unknown
    # Desired state only (read back as None): the voice-app pool an `auto` number comes from, and the
    # call priority (1-5) the association is created with (the tenant read does not fetch it per RA).
    pool: str | None = None
    priority: int | None = None


@dataclass(frozen=True)
class Person:
    """A directory entry the tracer needs for dial-by-name and the checks need for departed staff."""

    upn: str
    display_name: str = ""
    enabled: bool = True
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class VoiceApps:
    """Everything the views read: the voice-app state plus the directory facts they depend on."""

    auto_attendants: tuple[AutoAttendant, ...] = ()
    call_queues: tuple[CallQueue, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    resource_accounts: tuple[ResourceAccount, ...] = ()
    people: tuple[Person, ...] = ()
    free_numbers: tuple[str, ...] = ()  # voice-app-capable numbers assigned to nobody (from Graph)
    unresolved: tuple[str, ...] = field(default=())  # wire ids that named nothing we know
    # What the tenant's auto attendant service supports (Get-CsAutoAttendantSupportedLanguage /
    # -TimeZone): language id → its voice ids, and time zone ids; empty when not read (no check then).
    languages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    time_zones: tuple[str, ...] = ()

    def auto_attendant(self, name: str) -> AutoAttendant | None:
        return next((aa for aa in self.auto_attendants if aa.name.casefold() == name.casefold()), None)

    def call_queue(self, name: str) -> CallQueue | None:
        return next((cq for cq in self.call_queues if cq.name.casefold() == name.casefold()), None)

    def schedule(self, name: str) -> Schedule | None:
        return next((schedule for schedule in self.schedules if schedule.name == name), None)

    def resource_account(self, upn_or_number: str) -> ResourceAccount | None:
        key = upn_or_number.casefold()
        return next(
            (ra for ra in self.resource_accounts if ra.upn.casefold() == key or ra.number == upn_or_number),
            None,
        )

    def person(self, upn: str) -> Person | None:
        return next((person for person in self.people if person.upn.casefold() == upn.casefold()), None)
