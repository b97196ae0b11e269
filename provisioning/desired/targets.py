"""Where a call goes, as an admin writes it in YAML: a one-key mapping with a friendly key, never a GUID.

    {user: ana@county.gov}            a person
    {call_queue: Permits}             a queue, nested (no resource account needed)
    {auto_attendant: Main Line}       an auto attendant, nested
    {call_queue: Permits, via: permits-cq@county.gov}   through the app's resource account
    {external: "+15615550100"}        a PSTN number
    {shared_voicemail: Permits Team}  a Microsoft 365 group's voicemail
    {voicemail: ana@county.gov}       a person's voicemail (queue exceptions)
    {disconnect: true}

Shared by call queues (overflow, timeout, no-agent) and auto attendants (menus, operator), so both sections
read and export targets the same way; `provisioning.voiceapps.model.Target` is the domain value.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from provisioning.phone_numbers import e164
from provisioning.voiceapps.model import Target

TARGET_KINDS = ("user", "call_queue", "auto_attendant", "external", "shared_voicemail", "voicemail")


class TargetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user: str | None = None
    call_queue: str | None = None
    auto_attendant: str | None = None
    external: str | None = None
    shared_voicemail: str | None = None
    voicemail: str | None = None
    disconnect: Literal[True] | None = None
    via: str | None = Field(default=None, description="UPN of the app's resource account (direct transfer).")
    priority: int | None = Field(default=None, ge=1, le=5, description="Call priority 1 (high) to 5.")

    @model_validator(mode="after")
    def _exactly_one(self) -> TargetSpec:
        given = [kind for kind in (*TARGET_KINDS, "disconnect") if getattr(self, kind) is not None]
        if len(given) != 1:
            names = ", ".join((*TARGET_KINDS, "disconnect"))
            raise ValueError(f"a target names exactly one of {names} (got {', '.join(given) or 'none'})")
        if self.via is not None and given[0] not in ("call_queue", "auto_attendant"):
            raise ValueError("via (a resource account) only goes with call_queue or auto_attendant")
        if self.external is not None:
            object.__setattr__(self, "external", e164(self.external))
        return self

    def to_domain(self) -> Target:
        if self.disconnect:
            return Target("disconnect")
        kind = next(k for k in TARGET_KINDS if getattr(self, k) is not None)
        ref = str(getattr(self, kind))
        if kind in ("user", "voicemail"):
            ref = ref.lower()
        return Target(kind, ref, via=self.via.lower() if self.via else None, priority=self.priority)  # type: ignore[arg-type]

    @classmethod
    def from_domain(cls, target: Target) -> TargetSpec:
        """The YAML form of a domain target; `unknown` and `operator` targets have none (the caller reports
        an unresolved target, or writes the menu action instead)."""
        if target.kind == "disconnect":
            return cls(disconnect=True)
        if target.kind not in TARGET_KINDS:
            raise ValueError(f"{target.label()} has no YAML form")
        return cls(**{target.kind: target.ref}, via=target.via, priority=target.priority)

    def reference(self) -> tuple[str, str] | None:
        """(kind, friendly key) this target needs to exist: checked against the file and the tenant."""
        target = self.to_domain()
        return None if target.kind in ("disconnect", "external") else (target.kind, target.ref)
