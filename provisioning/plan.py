"""Plans are data: frozen actions with typed before/after, a reason and the keys they wait for; a
fingerprint of the state they were made from; and a JSON round trip so a plan can be saved and applied."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from enum import StrEnum
from typing import Any

from provisioning.states import from_jsonable, to_jsonable

FORMAT = "switchboard-plan/2"


class Change(StrEnum):
    CREATE = "+"
    CHANGE = "~"
    REMOVE = "-"
    REPLACE = "±"


@dataclass(frozen=True)
class Step:
    """What a journal key names: the operation, whose chain it is, the resource, and the value it sets.

    The key is the only record a crashed run leaves, so it carries what settling needs to read the
    effect back (`assign_number:a@x.example:+15615552000`, `set_usage_location:a@x.example::US`)."""

    op: str
    subject: str
    ref: str = ""
    value: str = ""

    @property
    def key(self) -> str:
        return f"{self.op}:{self.subject}:{self.ref}" + (f":{self.value}" if self.value else "")

    @classmethod
    def parse(cls, key: str) -> Step:
        op, subject, ref, *value = key.split(":", 3)
        return cls(op, subject, ref, value[0] if value else "")


@dataclass(frozen=True)
class Action:
    kind: str  # resource kind (a key of resources.KINDS)
    step: Step
    target_id: str  # the object id the write addresses (a user id for people)
    before: Any  # the kind's state dataclass, or None when nothing exists yet
    after: Any  # the kind's state dataclass, or None when the step removes it
    reason: str
    change: Change
    needs: tuple[str, ...] = ()  # keys of actions that must be done first

    @property
    def key(self) -> str:
        return self.step.key

    @property
    def op(self) -> str:
        return self.step.op

    @property
    def subject(self) -> str:
        return self.step.subject

    @property
    def upn(self) -> str:
        """People kinds' subject; kept as a name because renderers and reports speak of people."""
        return self.step.subject

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "op": self.op,
            "subject": self.subject,
            "ref": self.step.ref,
            "value": self.step.value,
            "target_id": self.target_id,
            "before": state_json(self.before),
            "after": state_json(self.after),
            "reason": self.reason,
            "change": self.change.value,
            "needs": list(self.needs),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], states: Mapping[str, type[Any]]) -> Action:
        state = states[data["kind"]]
        return cls(
            kind=data["kind"],
            step=Step(data["op"], data["subject"], data.get("ref", ""), data.get("value", "")),
            target_id=data["target_id"],
            before=None if data["before"] is None else from_jsonable(state, data["before"]),
            after=None if data["after"] is None else from_jsonable(state, data["after"]),
            reason=data["reason"],
            change=Change(data["change"]),
            needs=tuple(data.get("needs", ())),
        )


def state_json(state: Any) -> dict[str, Any] | None:
    if state is None:
        return None
    if not is_dataclass(state) or isinstance(state, type):
        raise TypeError(f"a kind's state must be a dataclass, not {type(state).__name__}")
    jsonable: dict[str, Any] = to_jsonable(state)
    return jsonable


@dataclass(frozen=True)
class Problem:
    """Something that blocks a plan (unknown person, no free number, a conflict); never applied."""

    upn: str
    message: str


@dataclass(frozen=True)
class NoOp:
    """A resource already as desired, with the reason a reviewer can check."""

    upn: str
    reason: str
    kind: str = ""


@dataclass(frozen=True)
class Plan:
    desired_hash: str
    fingerprint: str
    actions: tuple[Action, ...]
    problems: tuple[Problem, ...] = ()
    unchanged: tuple[NoOp, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "change": 0, "remove": 0}
        names = {Change.CREATE: "create", Change.CHANGE: "change", Change.REMOVE: "remove"}
        for action in self.actions:
            out[names.get(action.change, "change")] += 1
        return out

    @property
    def unchanged_subjects(self) -> list[str]:
        """Subjects (people) with no-ops and no actions or problems: wholly as desired."""
        busy = {a.subject for a in self.actions} | {p.upn for p in self.problems}
        return sorted({n.upn for n in self.unchanged} - busy)

    @property
    def empty(self) -> bool:
        return not self.actions and not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "desired_hash": self.desired_hash,
            "fingerprint": self.fingerprint,
            "counts": self.counts(),
            "actions": [a.to_json() for a in self.actions],
            "problems": [asdict(p) for p in self.problems],
            "unchanged": [asdict(n) for n in self.unchanged],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], states: Mapping[str, type[Any]]) -> Plan:
        """`states` maps each kind to its state dataclass (resources.STATES)."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a Switchboard plan (format {FORMAT} expected)")
        unknown = {a.get("kind") for a in data["actions"]} - set(states)
        if unknown:
            raise ValueError(f"unknown resource kind(s) {', '.join(sorted(map(str, unknown)))}")
        return cls(
            desired_hash=data["desired_hash"],
            fingerprint=data["fingerprint"],
            actions=tuple(Action.from_json(a, states) for a in data["actions"]),
            problems=tuple(Problem(**p) for p in data.get("problems", [])),
            unchanged=tuple(NoOp(**n) for n in data.get("unchanged", [])),
        )


def stable_hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]
