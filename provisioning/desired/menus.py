"""Call flows as an auto attendant's YAML writes them: a greeting, a menu prompt, options by key or
spoken word, dial by name; each to and from the domain model (provisioning.voiceapps.model).

Prompts are text-to-speech text, or `{audio: file.wav}` for a recording uploaded in the admin center (read
and exported; switchboard writes text-to-speech only).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from provisioning.desired.targets import TargetSpec
from provisioning.voiceapps.model import DEFAULT_CALL_PRIORITY, CallFlow, Menu, MenuOption, Prompt, Target

KEYS = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "automatic")
MAX_TTS = 1000  # characters in a text-to-speech prompt (voice-apps.md §2.3)
MAX_VOICE = 64  # characters in a voice command


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PromptSpec(Spec):
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


class OptionSpec(Spec):
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


class MenuSpec(Spec):
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


class FlowSpec(Spec):
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
