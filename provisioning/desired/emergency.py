"""The `emergency_modes` section: named modes that send a set of public lines somewhere else at once.

    emergency_modes:
      eoc:
        announcement: {en-US: "The county is under a hurricane warning…", es-US: "El condado…"}
        lines: [Palmetto County Main Line, 211 Crisis Line, "+15615550142"]
        route_to: {call_queue: EOC Public Information}
        languages: [en-US, es-US]

A line is an auto attendant's name, a call queue's name or a number written with its `+` (the app whose
resource account holds it; "211 Crisis Line" is a name, "+1 321 555 0101" a number). The domain value (`EmergencyMode`) lives here too: it is plain data the pure planner guard and the
emergency use cases both read, and provisioning/desired is the pure layer both may import.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from provisioning.desired.targets import TargetSpec
from provisioning.phone_numbers import e164
from provisioning.voiceapps.model import Target

MODE_NAME = r"^[a-z0-9][a-z0-9-]{0,39}$"


@dataclass(frozen=True)
class EmergencyMode:
    """A mode as the use cases need it: which lines, where calls go, what callers hear in which language."""

    name: str
    lines: tuple[str, ...]
    route_to: Target
    announcements: tuple[tuple[str, str], ...]  # (language, text), first = the default language

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _ in self.announcements)

    def announcement(self, language: str | None) -> str:
        """The text for an app's language; an app in a language the mode lacks hears the first one."""
        wanted = (language or "").casefold()
        for code, text in self.announcements:
            if code.casefold() == wanted:
                return text
        return self.announcements[0][1]

    def with_message(self, message: str | None) -> EmergencyMode:
        """`--message TEXT` replaces the announcement in every language (an operator types one message in
        an emergency; nobody is there to translate it)."""
        if not message:
            return self
        return EmergencyMode(
            self.name, self.lines, self.route_to, tuple((code, message) for code in self.languages)
        )


class EmergencyModeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    announcement: str | dict[str, str] = Field(
        description="Text to speech played before calls are sent on; one text, or language → text."
    )
    lines: list[str] = Field(min_length=1, description="Auto attendant or queue names, or numbers.")
    route_to: TargetSpec
    languages: list[str] = Field(
        default_factory=list, description="Languages of the announcement (default: the mapping's keys)."
    )

    @field_validator("lines")
    @classmethod
    def _lines(cls, values: list[str]) -> list[str]:
        out: list[str] = []
        for index, value in enumerate(values):
            line = value.strip()
            if not line:
                raise ValueError(f"lines[{index}] is empty")
            line = e164(line) if line.startswith("+") else line
            if line.casefold() in (seen.casefold() for seen in out):
                raise ValueError(f"lines[{index}]: {line} is listed twice")
            out.append(line)
        return out

    @model_validator(mode="after")
    def _languages(self) -> EmergencyModeSpec:
        if isinstance(self.announcement, dict):
            if not self.announcement:
                raise ValueError("announcement: give the text for at least one language")
            missing = [code for code in self.languages if code not in self.announcement]
            if missing:
                raise ValueError(f"languages: no announcement text for {', '.join(missing)}")
        elif not self.announcement.strip():
            raise ValueError("announcement is empty")
        if self.route_to.disconnect:
            raise ValueError("route_to: an emergency mode sends calls somewhere (disconnect is not a route)")
        return self

    def to_domain(self, name: str) -> EmergencyMode:
        if isinstance(self.announcement, dict):
            order = self.languages or list(self.announcement)
            texts = tuple((code, self.announcement[code]) for code in order)
        else:
            texts = tuple((code, self.announcement) for code in (self.languages or ["en-US"]))
        return EmergencyMode(name, tuple(self.lines), self.route_to.to_domain(), texts)

    @classmethod
    def from_domain(cls, mode: EmergencyMode) -> EmergencyModeSpec:
        texts = {text for _, text in mode.announcements}
        announcement: str | dict[str, str] = (
            next(iter(texts)) if len(texts) == 1 else dict(mode.announcements)
        )
        return cls(
            announcement=announcement,
            lines=list(mode.lines),
            route_to=TargetSpec.from_domain(mode.route_to),
            languages=list(mode.languages),
        )
