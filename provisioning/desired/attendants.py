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

from pydantic import Field, field_validator, model_validator
from tzlocal.windows_tz import tz_win, win_tz

from provisioning.desired.menus import (
    AfterHoursSpec,
    FlowSpec,
    HolidaySpec,
    MenuSpec,
    PromptSpec,
    Spec,
    target_spec,
)
from provisioning.desired.names import unique_names
from provisioning.desired.schedules import SEPARATOR, ScheduleSpec, holiday_sets, set_name
from provisioning.desired.targets import TargetSpec
from provisioning.voiceapps.model import (
    AutoAttendant,
    CallFlow,
    DialScope,
    Handling,
)

BUSINESS_HOURS, AFTER_HOURS = "Business hours", "After hours"  # the admin center's flow names
MAX_HOLIDAYS = 20  # holiday associations ("holiday sets") per auto attendant, limits page July 2026
_LANGUAGE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")


def time_zone_id(value: str) -> str:
    """The Windows time zone id the module takes, from a Windows id or an IANA name (CLDR's mapping)."""
    if value in win_tz:
        return value
    if value in tz_win:
        return tz_win[value]
    raise ValueError(f"unknown time zone {value!r} (a Windows id such as 'Eastern Standard Time' or IANA)")


class DialScopeSpec(Spec):
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class AutoAttendantSpec(Spec):
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
    resource_accounts: list[str] = Field(
        default_factory=list, description="UPNs of the resource accounts callers dial it on."
    )

    @field_validator("resource_accounts")
    @classmethod
    def _accounts(cls, values: list[str]) -> list[str]:
        lowered = [value.lower() for value in values]
        if len(set(lowered)) != len(lowered):
            raise ValueError("resource_accounts: an account is listed twice")
        return lowered

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
            resource_accounts=tuple(self.resource_accounts),
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
            resource_accounts=list(aa.resource_accounts),
        )


def check_attendants(attendants: Sequence[AutoAttendantSpec], schedules: Sequence[ScheduleSpec]) -> None:
    """Names unique in the section; a schedule the file itself defines is used as what it is (business
    hours a weekly schedule, holidays a holiday set). Schedules only the tenant has are the plan's check."""
    kinds = {spec.name: spec.is_weekly for spec in schedules}
    sets = holiday_sets(schedules)
    unique_names("auto_attendants", [aa.name for aa in attendants])
    for index, aa in enumerate(attendants):
        if aa.business_hours in kinds and not kinds[aa.business_hours]:
            raise ValueError(
                f"auto_attendants[{index}].business_hours: {aa.business_hours!r} is a holiday set, "
                "not weekly hours"
            )
        count = sum(len(sets.get(entry, (entry,))) for holiday in aa.holidays for entry in holiday.sets())
        if count > MAX_HOLIDAYS:
            raise ValueError(
                f"auto_attendants[{index}].holidays: {count} holiday schedules; an auto attendant takes at "
                f"most {MAX_HOLIDAYS} holiday associations (voice-apps.md §2.5): merge holidays into fewer names"
            )
        for h, holiday in enumerate(aa.holidays):
            for entry in holiday.sets():
                if kinds.get(entry) is True:
                    raise ValueError(
                        f"auto_attendants[{index}].holidays[{h}].set: {entry!r} is weekly hours, not a "
                        "holiday set"
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
