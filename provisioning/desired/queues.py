"""The `call_queues` section of the desired-state YAML: every queue setting a county uses, with friendly
keys (UPNs, group names, queue and attendant names), checked against the documented ranges of
New-/Set-CsCallQueue (voice-apps.md §1.2, §1.5) so a bad value is refused with its field before a plan.

    call_queues:
      - name: Permits
        language: en-US
        greeting: "Thank you for calling Permits."
        routing: RoundRobin
        alert_time: 20
        agents: [ana@county.gov, ben@county.gov]      # ring order for Serial; at most 20
        groups: [Permits Counter]
        overflow: {threshold: 10, to: {shared_voicemail: Permits Team}, greeting: "Leave a message."}
        timeout: {threshold: 600, to: {call_queue: Building}}
        no_agent: {to: {voicemail: ana@county.gov}, applies_to: new_calls}
        authorized_users: [lead@county.gov]
        resource_accounts: [permits-cq@county.gov]

An exception's `to` is a target (provisioning/desired/targets.py); its kind gives the action (disconnect,
forward, voicemail, shared voicemail). Without `to`, overflow and timeout disconnect and no-agent keeps
queuing (the documented defaults).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from provisioning.desired.targets import TargetSpec
from provisioning.voiceapps.model import Agent, CallQueue, ExceptionAction, Prompt, QueueException, Target

MAX_DIRECT_AGENTS = 20  # voice-apps.md §1.5 (raised from 15 in July 2026)
TIMEOUT_STEP_S = 15  # the service rounds TimeoutThreshold to 15 s steps; we refuse what it would change
LANGUAGE = re.compile(r"^[a-z]{2,3}-[A-Z]{2,4}$")
Routing = Literal["Attendant", "Serial", "RoundRobin", "LongestIdle"]
ACTION_OF: dict[str, ExceptionAction] = {
    "disconnect": "disconnect",
    "user": "forward",
    "call_queue": "forward",
    "auto_attendant": "forward",
    "external": "forward",
    "voicemail": "voicemail",
    "shared_voicemail": "shared_voicemail",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _upns(values: list[str], field: str) -> list[str]:
    lowered = [v.strip().lower() for v in values]
    for index, upn in enumerate(lowered):
        if "@" not in upn:
            raise ValueError(f"{field}[{index}]: {values[index]!r} is not a user principal name")
        if upn in lowered[:index]:
            raise ValueError(f"{field}[{index}]: {upn} is listed twice")
    return lowered


class ExceptionSpec(_Strict):
    """What happens on overflow, timeout or when no agent can answer."""

    to: TargetSpec | None = Field(default=None, description="Where the call goes; none: the default.")
    greeting: str | None = Field(
        default=None, min_length=1, max_length=1000, description="Shared voicemail greeting (text-to-speech)."
    )
    transcription: bool = Field(default=False, description="Transcribe shared voicemail.")

    @model_validator(mode="after")
    def _greeting_with_shared_voicemail(self) -> ExceptionSpec:
        shared = self.to is not None and self.to.shared_voicemail is not None
        if shared and self.greeting is None:
            raise ValueError("to: shared_voicemail needs a greeting (the service requires one prompt)")
        if not shared and (self.greeting is not None or self.transcription):
            raise ValueError("greeting and transcription only go with to: shared_voicemail")
        if (
            self.to is not None
            and self.to.priority is not None
            and self.to.to_domain().kind not in ("call_queue", "auto_attendant")
        ):
            raise ValueError("priority only applies when forwarding to a call queue or auto attendant")
        return self

    def to_domain(self, threshold: int | None, default: ExceptionAction) -> QueueException:
        if self.to is None:
            return QueueException(default, threshold=threshold)
        target = self.to.to_domain()
        action = ACTION_OF[target.kind]
        prompt = Prompt("tts", self.greeting) if self.greeting else Prompt()
        kept = None if action == "disconnect" else target
        if kept is not None and kept.priority == 3:  # 3 is "normal", what the service assumes
            kept = Target(kept.kind, kept.ref, kept.via)
        return QueueException(action, kept, threshold, prompt, self.transcription)

    @classmethod
    def fields_from_domain(cls, exception: QueueException, default: ExceptionAction) -> dict[str, object]:
        if exception.action == default and exception.target is None:
            return {}
        if exception.action == "disconnect":
            return {"to": TargetSpec(disconnect=True)}
        if exception.action == "queue" or exception.target is None:
            raise ValueError(f"{exception.action} needs a target")
        out: dict[str, object] = {"to": TargetSpec.from_domain(exception.target)}
        if exception.prompt.kind == "tts":
            out["greeting"] = exception.prompt.text
        if exception.transcription:
            out["transcription"] = True
        return out


class OverflowSpec(ExceptionSpec):
    threshold: int = Field(default=50, ge=0, le=200, description="Calls waiting before overflow (0–200).")


class TimeoutSpec(ExceptionSpec):
    threshold: int = Field(default=1200, ge=0, le=2700, description="Seconds waiting (0–2700, 15 s steps).")

    @field_validator("threshold")
    @classmethod
    def _steps(cls, value: int) -> int:
        if value % TIMEOUT_STEP_S:
            raise ValueError(f"the timeout goes in {TIMEOUT_STEP_S}-second steps ({value} is not one)")
        return value


class NoAgentSpec(ExceptionSpec):
    applies_to: Literal["all_calls", "new_calls"] = Field(
        default="all_calls", description="Whether no-agent handling also takes calls already waiting."
    )


class CallQueueSpec(_Strict):
    name: str = Field(min_length=1, max_length=64)
    language: str | None = Field(default=None, description="e.g. en-US: system prompts, transcription.")
    greeting: str | None = Field(default=None, min_length=1, max_length=1000, description="Welcome (TTS).")
    music_on_hold: Literal["default"] = Field(default="default", description="Hold music: Teams' default.")
    routing: Routing = Field(
        default="Attendant",
        description="Attendant rings all; Serial in agent order; RoundRobin; LongestIdle.",
    )
    presence_based: bool = Field(default=True, description="Offer calls only to agents shown Available.")
    conference_mode: bool = Field(default=True, description="Agents join a conference: less dead air.")
    allow_opt_out: bool = Field(default=True, description="Agents may opt themselves out of the queue.")
    alert_time: int = Field(default=30, ge=15, le=180, description="Seconds an agent rings (15–180).")
    agents: list[str] = Field(default_factory=list, description="UPNs, in ring order; at most 20.")
    groups: list[str] = Field(default_factory=list, description="Distribution lists or teams, by name.")
    overflow: OverflowSpec = Field(default_factory=OverflowSpec)
    timeout: TimeoutSpec = Field(default_factory=TimeoutSpec)
    no_agent: NoAgentSpec = Field(default_factory=NoAgentSpec)
    authorized_users: list[str] = Field(default_factory=list, description="UPNs who may edit the queue.")
    resource_accounts: list[str] = Field(default_factory=list, description="UPNs of the RAs serving it.")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if value != value.strip() or ":" in value:
            raise ValueError("a queue name has no surrounding spaces and no ':'")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not LANGUAGE.match(value):
            raise ValueError(f"{value!r} is not a language id like en-US")
        return value

    @model_validator(mode="after")
    def _settings(self) -> CallQueueSpec:
        if len(self.agents) > MAX_DIRECT_AGENTS:
            raise ValueError(
                f"agents: {len(self.agents)} given; a queue takes at most {MAX_DIRECT_AGENTS} agents added "
                "one by one (add more through groups)"
            )
        for field in ("agents", "authorized_users", "resource_accounts"):
            object.__setattr__(self, field, _upns(getattr(self, field), field))
        if len(set(self.groups)) != len(self.groups):
            raise ValueError("groups: a group is listed twice")
        if self.routing == "LongestIdle" and not self.presence_based:
            raise ValueError("presence_based: LongestIdle routing always uses presence (set it true)")
        for name in ("overflow", "timeout", "no_agent"):
            spec = getattr(self, name)
            if spec.to is not None and spec.to.shared_voicemail is not None and self.language is None:
                raise ValueError(f"{name}: shared voicemail needs the queue's language")
            if spec.to is not None and spec.to.call_queue == self.name and spec.to.via is None:
                raise ValueError(f"{name}: a queue cannot forward to itself")
        return self

    def to_domain(self) -> CallQueue:
        return CallQueue(
            name=self.name,
            language=self.language,
            routing=self.routing,
            agents=tuple(Agent(upn) for upn in self.agents),
            users=tuple(self.agents),
            groups=tuple(self.groups),
            overflow=self.overflow.to_domain(self.overflow.threshold, "disconnect"),
            timeout=self.timeout.to_domain(self.timeout.threshold, "disconnect"),
            no_agent=self.no_agent.to_domain(None, "queue"),
            no_agent_applies_to=self.no_agent.applies_to,
            alert_time=self.alert_time,
            presence_based=self.presence_based,
            conference_mode=self.conference_mode,
            allow_opt_out=self.allow_opt_out,
            resource_accounts=tuple(sorted(self.resource_accounts)),
            greeting=Prompt("tts", self.greeting) if self.greeting else Prompt(),
            authorized_users=tuple(self.authorized_users),
        )

    @classmethod
    def from_domain(cls, queue: CallQueue) -> CallQueueSpec:
        """The YAML form of a queue as read (export). Settings the section cannot express (an audio
        greeting or hold music, a channel) raise ValueError naming the queue, so export says what it
        left out instead of writing a file that would change the queue."""
        if queue.greeting.kind == "audio" or queue.music.kind != "none" or queue.channel:
            raise ValueError(f"call queue {queue.name}: audio prompts and channels have no YAML form yet")
        return cls(
            name=queue.name,
            language=queue.language,
            greeting=queue.greeting.text if queue.greeting.kind == "tts" else None,
            routing=queue.routing,  # type: ignore[arg-type]
            presence_based=queue.presence_based,
            conference_mode=queue.conference_mode,
            allow_opt_out=queue.allow_opt_out,
            alert_time=queue.alert_time,
            agents=list(queue.users),
            groups=list(queue.groups),
            overflow=OverflowSpec(
                threshold=queue.overflow.threshold or 0,
                **ExceptionSpec.fields_from_domain(queue.overflow, "disconnect"),  # type: ignore[arg-type]
            ),
            timeout=TimeoutSpec(
                threshold=queue.timeout.threshold or 0,
                **ExceptionSpec.fields_from_domain(queue.timeout, "disconnect"),  # type: ignore[arg-type]
            ),
            no_agent=NoAgentSpec(
                applies_to=queue.no_agent_applies_to,
                **ExceptionSpec.fields_from_domain(queue.no_agent, "queue"),  # type: ignore[arg-type]
            ),
            authorized_users=list(queue.authorized_users),
            resource_accounts=list(queue.resource_accounts),
        )
