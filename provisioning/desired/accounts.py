"""The `resource_accounts` section: the identities voice apps answer calls on.

    resource_accounts:
      - upn: permits-cq@county.gov
        display_name: Permits Queue
        kind: cq                     # aa | cq (the application id it is created with)
        number: auto                 # auto (from `pool`), an E.164 number, or left out (not managed)
        pool: voice-apps             # a pool with capability voiceApplicationAssignment
        priority: 2                  # call priority 1 (high) to 5 for calls arriving on it (default 3)

Which app an account answers for is said on the app (a queue's or attendant's `resource_accounts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from provisioning.phone_numbers import e164
from provisioning.voiceapps.model import ResourceAccount

KINDS = {"aa": "auto_attendant", "cq": "call_queue"}
SHORT = {long: short for short, long in KINDS.items()}


class ResourceAccountSpec(BaseModel):
    # Not provisioning.model.Strict: PhoneSystem (in model.py) holds these sections, so they cannot
    # import model.py back; the configuration is the same.
    model_config = ConfigDict(extra="forbid", frozen=True)

    upn: str = Field(pattern=r"^[^@\s:]+@[^@\s:]+\.[^@\s:]+$")
    display_name: str = Field(min_length=1)
    kind: Literal["aa", "cq"]
    number: str | None = Field(default=None, description="auto (from pool), E.164, or absent: not managed.")
    pool: str | None = None
    priority: int | None = Field(default=None, ge=1, le=5)

    @field_validator("upn")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()

    @field_validator("number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        return value if value in (None, "auto") else e164(value)

    @model_validator(mode="after")
    def _pool(self) -> ResourceAccountSpec:
        if self.number == "auto" and not self.pool:
            raise ValueError("number: auto needs a pool")
        if self.pool and self.number != "auto":
            raise ValueError("pool goes with number: auto")
        return self

    def to_domain(self) -> ResourceAccount:
        auto = self.number == "auto"
        return ResourceAccount(
            upn=self.upn,
            display_name=self.display_name,
            kind=KINDS[self.kind],  # type: ignore[arg-type]
            number=None if auto else self.number,
            pool=self.pool if auto else None,
            priority=self.priority,
        )

    @classmethod
    def from_domain(cls, ra: ResourceAccount) -> ResourceAccountSpec:
        number = ra.number or ("auto" if ra.pool else None)
        return cls(
            upn=ra.upn,
            display_name=ra.display_name or ra.upn.partition("@")[0],
            kind=SHORT[ra.kind],  # type: ignore[arg-type]
            number=number,
            pool=ra.pool,
            priority=ra.priority,
        )


def check_accounts(
    accounts: Sequence[ResourceAccountSpec], pools: Mapping[str, str], taken: Mapping[str, str]
) -> None:
    """Unique UPNs and numbers, pools that exist and hand out voice-app numbers. `pools`: name →
    capability; `taken`: explicit numbers already given to people (number → UPN)."""
    seen: dict[str, int] = {}
    numbers = dict(taken)
    for index, account in enumerate(accounts):
        if account.upn in seen:
            raise ValueError(
                f"resource_accounts[{index}]: {account.upn} is listed twice (also [{seen[account.upn]}])"
            )
        seen[account.upn] = index
        if account.pool is not None:
            if account.pool not in pools:
                raise ValueError(f"resource_accounts[{index}]: unknown pool {account.pool!r}")
            if pools[account.pool] != "voiceApplicationAssignment":
                raise ValueError(
                    f"resource_accounts[{index}]: pool {account.pool!r} is not a voice-app pool "
                    "(capability: voiceApplicationAssignment)"
                )
        if account.number not in (None, "auto"):
            if account.number in numbers:
                raise ValueError(
                    f"resource_accounts[{index}]: {account.number} is also given to {numbers[account.number]}"
                )
            numbers[account.number] = account.upn
