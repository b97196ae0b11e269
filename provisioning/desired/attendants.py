"""The `auto_attendants` section: what callers hear and where each key sends them, per period.

    auto_attendants:
      - name: Palmetto County Main Line
        language: en-US
        time_zone: Eastern Standard Time      # a Windows id, or IANA (America/New_York), stored as Windows
        voice: null                           # default: the language's first voice
        operator: {user: operator@county.gov}
        business_hours: County Business Hours # a weekly schedule; after_hours runs outside it
        greeting: "Thank you for calling Palmetto County."
        menu:                                 # the business-hours (default) call flow's menu
          prompt: "For English, press 1. Para español, oprima el dos."
          options:
            - {key: 1, voice: English, to: {auto_attendant: County Services (English)}}
            - {key: 2, to: {auto_attendant: Servicios del Condado (Español)}}
            - {key: 0, operator: true}
        after_hours: {greeting: "We are closed.", menu: {options: [{key: automatic, disconnect: true}]}}
        holidays:                             # holiday sets (or one fixed schedule by its full name)
          - {set: County Holiday, name: County holiday, menu: {options: [{key: automatic, disconnect: true}]}}
        dial_scope: {include: [All Staff], exclude: [Executives]}

An option does exactly one thing: `to` (a target, provisioning/desired/targets.py), `operator`,
`disconnect` or `announcement` (text read out). A holiday set expands to its schedules (see
provisioning/desired/schedules.py), each a holiday association to the set's call flow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from tzlocal.windows_tz import tz_win, win_tz

from provisioning.desired.schedules import SEPARATOR, set_name
from provisioning.desired.targets import TargetSpec
from provisioning.voiceapps.model import (
    DEFAULT_CALL_PRIORITY,
    AutoAttendant,
    CallFlow,
    DialScope,
    Handling,
    Menu,
    MenuOption,
    Prompt,
    Target,
)

KEYS = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "automatic")
BUSINESS_HOURS, AFTER_HOURS = "Business hours", "After hours"  # the admin center's flow names
_LANGUAGE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")
MAX_TTS = 1000  # characters in a text-to-speech prompt (voice-apps.md §2.3)
MAX_VOICE = 64  # characters in a voice command


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def time_zone_id(value: str) -> str:
    """The Windows time zone id the module takes, from a Windows id or an IANA name (CLDR's mapping)."""
    if value in win_tz:
        return value
    if value in tz_win:
        return tz_win[value]
    raise ValueError(f"unknown time zone {value!r} (a Windows id such as 'Eastern Standard Time' or IANA)")


class PromptSpec(_Spec):
    audio: str = Field(min_length=1, description="Name of an uploaded audio file (read side only).")


def _prompt(value: str | PromptSpec | None) -> Prompt:
    if value is None:
        return Prompt()
    if isinstance(value, PromptSpec):
        return Prompt("audio", value.audio)
    return Prompt("tts", value)


def _prompt_spec(prompt: Prompt) -> str | PromptSpec | None:
    if prompt.kind == "none":
        return None
    return PromptSpec(audio=prompt.text) if prompt.kind == "audio" else prompt.text


def target_spec(target: Target) -> TargetSpec:
    """The YAML form of a target, leaving out the default call priority; a target that names nothing
    (a deleted user's id) has none, and the export says which attendant and why."""
    if target.kind == "unknown":
        raise ValueError(f"it sends calls to an {target.label()} (fix it in the Teams admin center)")
    if target.priority == DEFAULT_CALL_PRIORITY:
        target = replace(target, priority=None)
    return TargetSpec.from_domain(target)


class OptionSpec(_Spec):
    key: str
    voice: str | None = Field(default=None, min_length=1, max_length=MAX_VOICE)
    to: TargetSpec | None = None
    operator: Literal[True] | None = None
    disconnect: Literal[True] | None = None
    announcement: str | None = Field(default=None, min_length=1, max_length=MAX_TTS)

    @field_validator("key", mode="before")
    @classmethod
    def _key(cls, value: object) -> str:
        text = str(value).strip().lower()
        if text not in KEYS:
            raise ValueError(f"key {value!r}: one of 0-9, *, # or automatic")
        return text

    @model_validator(mode="after")
    def _one_action(self) -> OptionSpec:
        given = [n for n in ("to", "operator", "disconnect", "announcement") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(
                f"option {self.key}: give exactly one of to, operator, disconnect, announcement "
                f"(got {', '.join(given) or 'none'})"
            )
        return self

    def to_domain(self) -> MenuOption:
        key = self.key  # validated against KEYS
        if self.to is not None and not self.to.disconnect:
            return MenuOption(key, "transfer", self.to.to_domain(), self.voice)  # type: ignore[arg-type]
        if self.operator:
            return MenuOption(key, "operator", voice=self.voice)  # type: ignore[arg-type]
        if self.announcement is not None:
            return MenuOption(key, "announcement", voice=self.voice, prompt=Prompt("tts", self.announcement))  # type: ignore[arg-type]
        return MenuOption(key, "disconnect", voice=self.voice)  # type: ignore[arg-type]

    @classmethod
    def from_domain(cls, option: MenuOption) -> OptionSpec:
        fields: dict[str, object] = {"key": option.key, "voice": option.voice}
        if option.action == "transfer":
            assert option.target is not None
            fields["to"] = target_spec(option.target)
        elif option.action == "announcement":
            fields["announcement"] = option.prompt.text
        else:
            fields[option.action] = True
        return cls.model_validate(fields)


class MenuSpec(_Spec):
    name: str | None = Field(default=None, description="Default: '<call flow name> menu'.")
    prompt: str | PromptSpec | None = None
    options: list[OptionSpec] = Field(default_factory=list)
    dial_by_name: bool = False
    directory_search: Literal["none", "by_name", "by_extension"] | None = None

    @model_validator(mode="after")
    def _unique_keys(self) -> MenuSpec:
        seen: dict[str, int] = {}
        for index, option in enumerate(self.options):
            if option.key in seen:
                raise ValueError(f"options[{index}]: key {option.key} is also options[{seen[option.key]}]'s")
            seen[option.key] = index
        voices = [o.voice.casefold() for o in self.options if o.voice]
        if len(voices) != len(set(voices)):
            raise ValueError("two options answer to the same voice command")
        return self

    def to_domain(self, flow: str) -> Menu:
        search = self.directory_search or ("by_name" if self.dial_by_name else "none")
        return Menu(
            name=self.name or f"{flow} menu",
            prompt=_prompt(self.prompt),
            options=tuple(option.to_domain() for option in self.options),
            dial_by_name=self.dial_by_name,
            directory_search=search,
        )

    @classmethod
    def from_domain(cls, menu: Menu, flow: str) -> MenuSpec:
        default_search = "by_name" if menu.dial_by_name else "none"
        return cls(
            name=None if menu.name == f"{flow} menu" else menu.name,
            prompt=_prompt_spec(menu.prompt),
            options=[OptionSpec.from_domain(o) for o in menu.options],
            dial_by_name=menu.dial_by_name,
            directory_search=None if menu.directory_search == default_search else menu.directory_search,
        )


class FlowSpec(_Spec):
    """A period's call flow: what callers hear and the menu they get."""

    name: str | None = None
    greeting: str | PromptSpec | None = None
    menu: MenuSpec = MenuSpec()
    force_listen: bool = False

    @field_validator("greeting")
    @classmethod
    def _greeting(cls, value: str | PromptSpec | None) -> str | PromptSpec | None:
        if isinstance(value, str) and len(value) > MAX_TTS:
            raise ValueError(f"a text-to-speech greeting is at most {MAX_TTS} characters")
        return value

    def to_domain(self, default_name: str) -> CallFlow:
        name = self.name or default_name
        return CallFlow(name, _prompt(self.greeting), self.menu.to_domain(name), self.force_listen)

    @classmethod
    def fields_from_domain(cls, flow: CallFlow, default_name: str) -> dict[str, object]:
        return {
            "name": None if flow.name == default_name else flow.name,
            "greeting": _prompt_spec(flow.greeting),
            "menu": MenuSpec.from_domain(flow.menu, flow.name),
            "force_listen": flow.force_listen,
        }


class AfterHoursSpec(FlowSpec):
    enabled: bool = True


class HolidaySpec(FlowSpec):
    set: str | list[str] = Field(
        description="A holiday set, or a fixed schedule by its full name; a list when one call flow "
        "serves several (its name defaults to the first)."
    )

    def sets(self) -> list[str]:
        return [self.set] if isinstance(self.set, str) else list(self.set)

    @field_validator("set")
    @classmethod
    def _non_empty(cls, value: str | list[str]) -> str | list[str]:
        if not value or any(not entry.strip() for entry in ([value] if isinstance(value, str) else value)):
            raise ValueError("name a holiday set")
        return value


class DialScopeSpec(_Spec):
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class AutoAttendantSpec(_Spec):
    name: str = Field(min_length=1)
    language: str
    time_zone: str
    voice: str | None = None
    operator: TargetSpec | None = None
    voice_response: bool = False
    business_hours: str | None = Field(default=None, description="Weekly schedule of business hours.")
    flow_name: str | None = Field(default=None, description="Business-hours call flow's name.")
    greeting: str | PromptSpec | None = None
    menu: MenuSpec = MenuSpec()
    force_listen: bool = False
    after_hours: AfterHoursSpec | None = None
    holidays: list[HolidaySpec] = Field(default_factory=list)
    dial_scope: DialScopeSpec = DialScopeSpec()

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not _LANGUAGE.match(value):
            raise ValueError(f"language {value!r}: a language-region code such as en-US or es-US")
        return value

    @field_validator("time_zone")
    @classmethod
    def _time_zone(cls, value: str) -> str:
        return time_zone_id(value)

    @model_validator(mode="after")
    def _periods(self) -> AutoAttendantSpec:
        if (self.business_hours is None) != (self.after_hours is None):
            raise ValueError(
                f"auto attendant {self.name!r}: business_hours (a schedule) and after_hours (its call "
                "flow) go together"
            )
        if self.operator is not None and self.operator.disconnect:
            raise ValueError(f"auto attendant {self.name!r}: the operator cannot be disconnect")
        flows = [self._flow(), *(f for _, f in self._closed_flows())]
        names = [f.name for f in flows]
        if len(names) != len(set(names)):
            raise ValueError(f"auto attendant {self.name!r}: two periods share the call flow name")
        sets = [entry for h in self.holidays for entry in h.sets()]
        if len(sets) != len(set(sets)):
            raise ValueError(f"auto attendant {self.name!r}: a holiday set is listed twice")
        if self.operator is None:
            for flow in flows:
                if any(o.action == "operator" for o in flow.menu.options):
                    raise ValueError(f"{flow.name}: an option transfers to the operator, but none is set")
        return self

    def _flow(self) -> CallFlow:
        name = self.flow_name or BUSINESS_HOURS
        return FlowSpec(
            name=name, greeting=self.greeting, menu=self.menu, force_listen=self.force_listen
        ).to_domain(name)

    def _closed_flows(self) -> list[tuple[HolidaySpec | AfterHoursSpec, CallFlow]]:
        out: list[tuple[HolidaySpec | AfterHoursSpec, CallFlow]] = [
            (h, h.to_domain(h.sets()[0])) for h in self.holidays
        ]
        if self.after_hours is not None:
            out.append((self.after_hours, self.after_hours.to_domain(AFTER_HOURS)))
        return out

    def to_domain(self, holiday_sets: Mapping[str, Sequence[str]] | None = None) -> AutoAttendant:
        """The domain attendant; `holiday_sets` (set → schedule names, from the schedules section) expands
        each holiday entry, and a name that is not a set stands for the one schedule of that name."""
        sets = holiday_sets or {}
        handling: list[Handling] = []
        flows = []
        for spec, flow in self._closed_flows():
            flows.append(flow)
            if isinstance(spec, HolidaySpec):
                for entry in spec.sets():
                    for schedule in sets.get(entry, (entry,)):
                        handling.append(Handling("holiday", schedule, flow.name))
            else:
                assert self.business_hours is not None
                handling.append(Handling("after_hours", self.business_hours, flow.name, spec.enabled))
        return AutoAttendant(
            name=self.name,
            language=self.language,
            time_zone=self.time_zone,
            default_flow=self._flow(),
            voice=self.voice,
            flows=tuple(flows),
            handling=tuple(handling),
            operator=self.operator.to_domain() if self.operator else None,
            voice_response=self.voice_response,
            dial_scope=DialScope(tuple(self.dial_scope.include), tuple(self.dial_scope.exclude)),
        ).canonical()

    def references(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """(path inside this item, kind, friendly key) of everything this attendant names: schedules,
        holiday sets, people, groups, queues and attendants (the plan checks they exist)."""
        found: list[tuple[tuple[str | int, ...], str, str]] = []
        if self.business_hours:
            found.append((("business_hours",), "schedule", self.business_hours))
        if self.operator and (ref := self.operator.reference()):
            found.append((("operator",), *ref))
        periods: list[tuple[tuple[str | int, ...], MenuSpec]] = [((), self.menu)]
        if self.after_hours:
            periods.append((("after_hours",), self.after_hours.menu))
        for index, holiday in enumerate(self.holidays):
            found += [(("holidays", index, "set"), "holiday_set", entry) for entry in holiday.sets()]
            periods.append((("holidays", index), holiday.menu))
        for path, menu in periods:
            for index, option in enumerate(menu.options):
                if option.to is not None and (ref := option.to.reference()):
                    found.append(((*path, "menu", "options", index, "to"), *ref))
        for side in ("include", "exclude"):
            for index, group in enumerate(getattr(self.dial_scope, side)):
                found.append((("dial_scope", side, index), "group", group))
        return found

    @classmethod
    def from_domain(
        cls, aa: AutoAttendant, holiday_sets: Mapping[str, Sequence[str]] | None = None
    ) -> AutoAttendantSpec:
        """Export: holiday associations that cover a whole set name the set, others their schedule."""
        aa = aa.canonical()
        after = next((h for h in aa.handling if h.kind == "after_hours"), None)
        holidays = []
        for flow_name in dict.fromkeys(h.flow for h in aa.handling if h.kind == "holiday"):
            flow = aa.flow(flow_name)
            assert flow is not None
            schedules = [h.schedule for h in aa.handling if h.kind == "holiday" and h.flow == flow_name]
            entries = _set_entries(schedules, holiday_sets or {})
            fields = FlowSpec.fields_from_domain(flow, entries[0])
            holidays.append(HolidaySpec(set=entries[0] if len(entries) == 1 else entries, **fields))  # type: ignore[arg-type]
        after_flow = aa.flow(after.flow) if after else None
        default = FlowSpec.fields_from_domain(aa.default_flow, BUSINESS_HOURS)
        return cls(
            name=aa.name,
            language=aa.language,
            time_zone=aa.time_zone,
            voice=aa.voice,
            operator=target_spec(aa.operator) if aa.operator else None,
            voice_response=aa.voice_response,
            business_hours=after.schedule if after else None,
            flow_name=default["name"],  # type: ignore[arg-type]
            greeting=default["greeting"],  # type: ignore[arg-type]
            menu=default["menu"],  # type: ignore[arg-type]
            force_listen=aa.default_flow.force_listen,
            after_hours=AfterHoursSpec(
                enabled=after.enabled,
                **FlowSpec.fields_from_domain(after_flow, AFTER_HOURS),  # type: ignore[arg-type]
            )
            if after and after_flow
            else None,
            holidays=holidays,
            dial_scope=DialScopeSpec(
                include=list(aa.dial_scope.include_groups), exclude=list(aa.dial_scope.exclude_groups)
            ),
        )


def _set_entries(schedules: Sequence[str], sets: Mapping[str, Sequence[str]]) -> list[str]:
    """Holiday entries for one flow's schedules: a set when all its schedules are there, else each one."""
    out: list[str] = []
    left = list(schedules)
    for name in dict.fromkeys(set_name(s) for s in schedules):
        members = sets.get(name, ())
        if members and set(members) <= set(left):
            out.append(name)
            left = [s for s in left if s not in members]
    out += [s for s in left if s not in out]
    return out


def attendants_from_domain(
    attendants: Iterable[AutoAttendant], holiday_sets: Mapping[str, Sequence[str]]
) -> tuple[list[AutoAttendantSpec], list[str]]:
    """Export of the section: the attendants that have a YAML form, and why each other one has none
    (left out of the file, so plan leaves it alone rather than rewriting it)."""
    specs, skipped = [], []
    for aa in sorted(attendants, key=lambda a: a.name.casefold()):
        try:
            specs.append(AutoAttendantSpec.from_domain(aa, holiday_sets))
        except ValueError as exc:
            skipped.append(f"auto attendant {aa.name!r} not exported: {exc}")
    return specs, skipped


__all__ = ["SEPARATOR", "AutoAttendantSpec", "attendants_from_domain", "target_spec", "time_zone_id"]
