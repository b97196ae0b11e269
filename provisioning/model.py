"""The desired state of a Teams Phone tenant, as an admin writes it in YAML (friendly keys, never GUIDs
except the emergency location ids that only the Teams admin center hands out)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from provisioning.desired.accounts import ResourceAccountSpec, check_accounts
from provisioning.desired.attendants import AutoAttendantSpec, check_attendants
from provisioning.desired.emergency import MODE_NAME, EmergencyModeSpec
from provisioning.desired.names import unique_names
from provisioning.desired.queues import CallQueueSpec
from provisioning.desired.schedules import ScheduleSpec, check_schedules
from provisioning.phone_numbers import e164

NumberType = Literal["operatorConnect", "directRouting", "callingPlan"]
Category = Literal["primary", "private", "alternate"]
Capability = Literal["userAssignment", "voiceApplicationAssignment", "conferenceAssignment"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tenant(Strict):
    usage_location: str = Field(
        default="US", pattern=r"^[A-Z]{2}$", description="ISO 3166 country for licences."
    )
    number_type: NumberType = "operatorConnect"
    operator_id: str | None = Field(
        default=None, description="Operator Connect operator whose numbers pools use."
    )
    licence: str = Field(default="MCOEV", description="skuPartNumber of the Teams Phone licence to assign.")
    emergency_locations: dict[str, str] = Field(
        default_factory=dict,
        description="City or office name → emergency location id (from the Teams admin center).",
    )


class Pool(Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    city: str | None = None
    operator_id: str | None = None
    capability: Capability = "userAssignment"
    number_type: NumberType = "operatorConnect"
    reserved: list[str] = Field(
        default_factory=list, description="Numbers or ranges (+1…-+1…) never handed out."
    )

    @field_validator("reserved")
    @classmethod
    def _ranges(cls, values: list[str]) -> list[str]:
        out = []
        for item in values:
            low, _, high = item.partition("-+")
            low = e164(low)
            high = e164("+" + high) if high else low
            if int(high[1:]) < int(low[1:]):
                raise ValueError(f"range {item!r} ends before it starts")
            out.append(f"{low}-{high}" if high != low else low)
        return out

    def is_reserved(self, number: str) -> bool:
        digits = int(number[1:])
        for item in self.reserved:
            low, _, high = item.partition("-")
            if int(low[1:]) <= digits <= int((high or low)[1:]):
                return True
        return False


class PhoneUser(Strict):
    upn: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    number: str = Field(default="auto", description="E.164 number, or `auto` to take one from `pool`.")
    pool: str | None = None
    emergency_location: str | None = Field(default=None, description="A key of tenant.emergency_locations.")
    category: Category = "primary"

    @field_validator("upn")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        return value if value == "auto" else e164(value)

    @model_validator(mode="after")
    def _auto_needs_pool(self) -> PhoneUser:
        if self.number == "auto" and not self.pool:
            raise ValueError("number: auto needs a pool")
        return self


class Selector(Strict):
    """Everyone in a department or group gets a number from a pool."""

    department: str | None = None
    group: str | None = None
    pool: str
    emergency_location: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Selector:
        if (self.department is None) == (self.group is None):
            raise ValueError("give exactly one of department or group")
        return self


class PhoneSystem(Strict):
    """The whole file. `prune: true` also removes numbers from users the file does not list."""

    tenant: Tenant = Field(default_factory=Tenant)
    pools: list[Pool] = Field(default_factory=list)
    users: list[PhoneUser] = Field(default_factory=list)
    select: list[Selector] = Field(default_factory=list)
    resource_accounts: list[ResourceAccountSpec] = Field(default_factory=list)
    prune: bool = False
    call_queues: list[CallQueueSpec] = Field(default_factory=list)
    schedules: list[ScheduleSpec] = Field(default_factory=list)
    auto_attendants: list[AutoAttendantSpec] = Field(default_factory=list)
    emergency_modes: dict[str, EmergencyModeSpec] = Field(
        default_factory=dict, description="Named emergency modes (provisioning/desired/emergency.py)."
    )

    @field_validator("emergency_modes")
    @classmethod
    def _mode_names(cls, modes: dict[str, EmergencyModeSpec]) -> dict[str, EmergencyModeSpec]:
        for name in modes:
            if not re.match(MODE_NAME, name):
                raise ValueError(f"emergency mode name {name!r}: use lower-case letters, digits and -")
        return modes

    @model_validator(mode="after")
    def _references(self) -> PhoneSystem:
        pools = {p.name for p in self.pools}
        if len(pools) != len(self.pools):
            raise ValueError("pool names must be unique")
        seen: dict[str, int] = {}
        numbers: dict[str, str] = {}
        for index, user in enumerate(self.users):
            if user.upn in seen:
                raise ValueError(f"users[{index}]: {user.upn} is listed twice (also users[{seen[user.upn]}])")
            seen[user.upn] = index
            if user.pool and user.pool not in pools:
                raise ValueError(f"users[{index}]: unknown pool {user.pool!r}")
            if user.emergency_location and user.emergency_location not in self.tenant.emergency_locations:
                raise ValueError(f"users[{index}]: unknown emergency_location {user.emergency_location!r}")
            if user.number != "auto":
                if user.number in numbers:
                    raise ValueError(f"users[{index}]: {user.number} is also given to {numbers[user.number]}")
                numbers[user.number] = user.upn
        for index, selector in enumerate(self.select):
            if selector.pool not in pools:
                raise ValueError(f"select[{index}]: unknown pool {selector.pool!r}")
        check_accounts(self.resource_accounts, {p.name: p.capability for p in self.pools}, numbers)
        unique_names("call_queues", [queue.name for queue in self.call_queues])
        check_schedules(self.schedules)
        check_attendants(self.auto_attendants, self.schedules)
        return self

    _source: str = PrivateAttr(default="<string>")
    _lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)

    def set_source(self, source: str, lines: dict[tuple[Any, ...], int]) -> None:
        """Where the file came from and the lines of its voice-app sections (the loader sets them)."""
        self._source, self._lines = source, lines

    def where(self, *path: Any) -> str:
        """`file:line` of a voice-app item, e.g. where("call_queues", 3, "agents", 0): plan problems
        about a missing user, group or queue point the admin at the line to fix."""
        key = tuple(path)
        while key and key not in self._lines:
            key = key[:-1]
        return f"{self._source}:{self._lines.get(key, 1)}"

    def pool(self, name: str) -> Pool:
        return next(p for p in self.pools if p.name == name)
