"""A person's own call handling: forwarding, simultaneous ring ("also ring"), unanswered calls, voicemail.

Cmdlets: Get-/Set-CsUserCallingSettings. quirk: Set takes one settings group per call (parameter sets
`Forwarding`, `ForwardingOnOff`, `Unanswered`, …), and within a group every setting must be given: the
cmdlet does not merge a lone `-ForwardingTarget` into the current ones (the cmdlet reference's description).
Simultaneous ring is forwarding with `ForwardingType Simultaneous`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.teams_admin.calls import Call, Value
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.errors import NotFound
from graph.teams_admin.parse import Json, flag, text

SIMULTANEOUS, IMMEDIATE = "Simultaneous", "Immediate"
SINGLE_TARGET, VOICEMAIL = "SingleTarget", "Voicemail"


@dataclass(frozen=True)
class CallingSettings:
    """What Get-CsUserCallingSettings prints for one user (target types kept as the module's raw strings)."""

    is_forwarding_enabled: bool
    forwarding_type: str | None  # Immediate | Simultaneous
    forwarding_target: str | None
    forwarding_target_type: str | None  # Voicemail | SingleTarget | MyDelegates | Group
    is_unanswered_enabled: bool
    unanswered_target: str | None
    unanswered_target_type: str | None
    unanswered_delay: str | None  # hh:mm:ss
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, data: Json) -> CallingSettings:
        return cls(
            is_forwarding_enabled=flag(data, "IsForwardingEnabled"),
            forwarding_type=text(data, "ForwardingType"),
            forwarding_target=text(data, "ForwardingTarget"),
            forwarding_target_type=text(data, "ForwardingTargetType"),
            is_unanswered_enabled=flag(data, "IsUnansweredEnabled"),
            unanswered_target=text(data, "UnansweredTarget"),
            unanswered_target_type=text(data, "UnansweredTargetType"),
            unanswered_delay=text(data, "UnansweredDelay"),
            raw=data,
        )

    @property
    def simultaneous_ring(self) -> str | None:
        """The number or person that rings alongside the user, when simultaneous ring is on."""
        if self.is_forwarding_enabled and self.forwarding_type == SIMULTANEOUS:
            return self.forwarding_target or self.forwarding_target_type
        return None


class CallingSettingsApi:
    def __init__(self, client: TeamsAdminClient) -> None:
        self.client = client

    async def get(self, identity: str) -> CallingSettings:
        """`identity`: the user's object id, UPN or SIP address."""
        output = await self.client.one(Call("Get-CsUserCallingSettings", {"Identity": identity}))
        if not isinstance(output, dict):
            raise NotFound(f"no calling settings for {identity}", cmdlet="Get-CsUserCallingSettings")
        return CallingSettings.parse(output)

    async def ring_also(self, identity: str, target: str) -> None:
        """Simultaneous ring to `target` (E.164 number or UPN); replaces any forwarding the user had."""
        params: dict[str, Value] = {
            "Identity": identity,
            "IsForwardingEnabled": True,
            "ForwardingType": SIMULTANEOUS,
            "ForwardingTargetType": SINGLE_TARGET,
            "ForwardingTarget": target,
        }
        await self.client.write(Call("Set-CsUserCallingSettings", params))

    async def forwarding_off(self, identity: str) -> None:
        """`-IsForwardingEnabled $false` (parameter set ForwardingOnOff): stops forwarding and also-ring."""
        params: dict[str, Value] = {"Identity": identity, "IsForwardingEnabled": False}
        await self.client.write(Call("Set-CsUserCallingSettings", params))
