"""The tenant as plans compare it: domain records of people, numbers and licences keyed by the friendly
names admins use (lower-case UPN, E.164, skuPartNumber). `boundary` builds them from graph/'s wire records."""

from __future__ import annotations

from dataclasses import dataclass, field

from provisioning.plan import stable_hash
from provisioning.states import to_jsonable
from provisioning.voiceapps.model import VoiceApps


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    upn: str  # lower case
    department: str | None = None
    usage_location: str | None = None
    licences: frozenset[str] = frozenset()  # sku ids
    account_type: str = "user"  # user | resourceAccount | … (from the Teams user configuration)


@dataclass(frozen=True, slots=True)
class Number:
    telephone_number: str
    number_type: str
    capabilities: frozenset[str]
    status: str = "unassigned"  # Graph's assignmentStatus: userAssigned, voiceApplicationAssigned, …
    holder_id: str | None = None
    category: str | None = None
    location_id: str | None = None
    city: str | None = None
    operator_id: str | None = None
    activation_state: str | None = None

    @property
    def is_free(self) -> bool:
        return self.status == "unassigned"


@dataclass(frozen=True, slots=True)
class Licence:
    sku_id: str
    part_number: str
    seats: int
    used: int

    @property
    def free_seats(self) -> int:
        return max(0, self.seats - self.used)


@dataclass(frozen=True)
class CurrentState:
    users: dict[str, Person]  # by lower-case UPN
    numbers: dict[str, Number]  # by E.164
    licences: dict[str, Licence]  # by skuPartNumber
    groups: dict[str, list[str]] = field(default_factory=dict)  # group name → member UPNs (groups that exist)
    voice: VoiceApps | None = None  # the voice apps, read only when the plan covers them

    @property
    def users_by_id(self) -> dict[str, Person]:
        return {u.id: u for u in self.users.values()}

    def numbers_of(self, holder_id: str) -> list[Number]:
        return sorted(
            (n for n in self.numbers.values() if n.holder_id == holder_id), key=lambda n: n.telephone_number
        )

    def fingerprint(self) -> str:
        """What a plan depends on: assignments, locations, usage locations, licences and, when read, the
        voice apps (without the directory facts, which plans do not change)."""
        voice = None
        if self.voice is not None:
            v = self.voice
            voice = to_jsonable((v.auto_attendants, v.call_queues, v.schedules, v.resource_accounts))
        return stable_hash(
            {
                "voice": voice,
                "numbers": sorted(
                    (n.telephone_number, n.status, n.holder_id or "", n.category or "", n.location_id or "")
                    for n in self.numbers.values()
                ),
                "users": sorted(
                    (u.id, u.usage_location or "", sorted(u.licences)) for u in self.users.values()
                ),
            }
        )
