"""Plans are data: frozen actions with before/after and a reason, a fingerprint of the state they were
made from, and a JSON round trip so a plan can be reviewed, saved and applied later."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Change(StrEnum):
    CREATE = "+"
    CHANGE = "~"
    REMOVE = "-"
    REPLACE = "±"


class Kind(StrEnum):
    """In apply order for one person: usage location before licence before number before location."""

    SET_USAGE_LOCATION = "set_usage_location"
    ASSIGN_LICENCE = "assign_licence"
    UNASSIGN_NUMBER = "unassign_number"
    ASSIGN_NUMBER = "assign_number"
    UPDATE_LOCATION = "update_location"


CHANGE_OF = {
    Kind.SET_USAGE_LOCATION: Change.CHANGE,
    Kind.ASSIGN_LICENCE: Change.CHANGE,
    Kind.UNASSIGN_NUMBER: Change.REMOVE,
    Kind.ASSIGN_NUMBER: Change.CREATE,
    Kind.UPDATE_LOCATION: Change.CHANGE,
}


@dataclass(frozen=True)
class Action:
    kind: Kind
    upn: str
    user_id: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str
    number: str | None = None
    number_type: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.upn}:{self.number or ''}"

    @property
    def change(self) -> Change:
        return CHANGE_OF[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "kind": self.kind.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Action:
        return cls(**{**data, "kind": Kind(data["kind"])})


@dataclass(frozen=True)
class Problem:
    """Something that blocks a plan (unknown person, no free number, a conflict); never applied."""

    upn: str
    message: str


@dataclass(frozen=True)
class NoOp:
    upn: str
    reason: str


@dataclass(frozen=True)
class Plan:
    desired_hash: str
    fingerprint: str
    actions: tuple[Action, ...]
    problems: tuple[Problem, ...] = ()
    unchanged: tuple[NoOp, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "change": 0, "remove": 0}
        for action in self.actions:
            out[
                {
                    Change.CREATE: "create",
                    Change.CHANGE: "change",
                    Change.REMOVE: "remove",
                    Change.REPLACE: "change",
                }[action.change]
            ] += 1
        return out

    @property
    def empty(self) -> bool:
        return not self.actions and not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "switchboard-plan/1",
            "desired_hash": self.desired_hash,
            "fingerprint": self.fingerprint,
            "counts": self.counts(),
            "actions": [a.to_json() for a in self.actions],
            "problems": [asdict(p) for p in self.problems],
            "unchanged": [asdict(n) for n in self.unchanged],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        if data.get("format") != "switchboard-plan/1":
            raise ValueError("not a Switchboard plan (format switchboard-plan/1 expected)")
        return cls(
            desired_hash=data["desired_hash"],
            fingerprint=data["fingerprint"],
            actions=tuple(Action.from_json(a) for a in data["actions"]),
            problems=tuple(Problem(**p) for p in data.get("problems", [])),
            unchanged=tuple(NoOp(**n) for n in data.get("unchanged", [])),
        )


def stable_hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]
