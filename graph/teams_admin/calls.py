"""The cmdlet call model and its JSON wire form (docs/teams-admin-protocol.md).

A Script is an ordered list of Calls; a value may be a Ref to an earlier call's result (or one of its
properties), so a script can build a prompt, then a menu option that uses it, then a menu, then an AA.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CMDLET = re.compile(r"^[A-Z][a-z]+-[A-Za-z0-9]+$")


@dataclass(frozen=True)
class Ref:
    """An earlier call's result (`$name`), or one of its properties (`$name.Property`)."""

    name: str
    property: str | None = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"reference name {self.name!r} is not a PowerShell variable name")
        if self.property is not None and not _NAME.match(self.property):
            raise ValueError(f"reference property {self.property!r} is not a property name")


Value: TypeAlias = "str | int | float | bool | Ref | Sequence[Value] | Mapping[str, Value] | None"


@dataclass(frozen=True)
class Call:
    """One cmdlet call with named parameters; `result` names its output for later Refs."""

    cmdlet: str
    params: Mapping[str, Value] = field(default_factory=dict)
    result: str | None = None

    def __post_init__(self) -> None:
        if not _CMDLET.match(self.cmdlet):
            raise ValueError(f"{self.cmdlet!r} is not a Verb-Noun cmdlet name")
        if self.result is not None and not _NAME.match(self.result):
            raise ValueError(f"{self.cmdlet}: result name {self.result!r} is not a PowerShell variable name")
        for name in self.params:
            if not _NAME.match(name):
                raise ValueError(f"{self.cmdlet}: {name!r} is not a parameter name")
        object.__setattr__(self, "params", dict(self.params))

    @property
    def is_read(self) -> bool:
        """Get-/Find- cmdlets only read: repeating one can change nothing."""
        return self.cmdlet.startswith(("Get-", "Find-"))


@dataclass(frozen=True)
class Script:
    """Calls run in order by one worker; the first failing call stops the script."""

    calls: tuple[Call, ...]

    def __init__(self, calls: Sequence[Call]) -> None:
        object.__setattr__(self, "calls", tuple(calls))
        seen: set[str] = set()
        for index, call in enumerate(self.calls, start=1):
            for ref in refs_in(call):
                if ref.name not in seen:
                    raise ValueError(f"call {index} ({call.cmdlet}) refers to ${ref.name} before it is set")
            if call.result is not None:
                seen.add(call.result)

    def __iter__(self) -> Iterator[Call]:
        return iter(self.calls)

    def __len__(self) -> int:
        return len(self.calls)


def refs_in_value(value: Value) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from refs_in_value(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from refs_in_value(item)


def refs_in(call: Call) -> Iterator[Ref]:
    for value in call.params.values():
        yield from refs_in_value(value)


def encode_value(value: Value) -> Any:
    """Protocol form: plain JSON, with `{"$ref": name[, "property": p]}` for references. A mapping is a
    JSON object the worker passes as a hashtable (how `-Instance` gets a changed copy of what Get printed)."""
    if isinstance(value, Ref):
        return (
            {"$ref": value.name}
            if value.property is None
            else {"$ref": value.name, "property": value.property}
        )
    if isinstance(value, list | tuple):
        return [encode_value(item) for item in value]
    if isinstance(value, Mapping):
        if "$ref" in value:
            raise ValueError("a JSON object value cannot have a '$ref' key (it would read as a reference)")
        return {str(key): encode_value(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} is not a cmdlet parameter value")


def encode_call(call: Call) -> dict[str, Any]:
    step: dict[str, Any] = {
        "cmdlet": call.cmdlet,
        "params": {name: encode_value(value) for name, value in call.params.items()},
    }
    if call.result is not None:
        step["as"] = call.result
    return step


def encode_request(request_id: str, script: Script) -> dict[str, Any]:
    return {"id": request_id, "steps": [encode_call(call) for call in script]}


class ScriptBuilder:
    """Appends calls and hands back a Ref to each result, naming variables `$p1`, `$e1`, ... by prefix."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._counts: dict[str, int] = {}

    def add(self, cmdlet: str, params: Mapping[str, Value] | None = None, *, prefix: str = "r") -> Ref:
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        name = f"{prefix}{self._counts[prefix]}"
        self.calls.append(Call(cmdlet, dict(params or {}), result=name))
        return Ref(name)

    def build(self) -> Script:
        return Script(self.calls)
