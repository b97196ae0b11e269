"""Check each cmdlet call against the vendored MicrosoftTeams parameter contract before it is sent.

Refuses an unknown cmdlet or parameter, parameters from two parameter sets, a missing mandatory
parameter, a wrong type, and a value outside the documented values or range (data/teams-cmdlets.json).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from graph.teams_admin.calls import Call, Ref, Script, Value, refs_in_value
from graph.teams_admin.errors import Validation
from graph.teams_admin.objects import EXPECTS, GUID_LISTS, PRODUCES

_INT_BOUNDS = {"Int16": (-32768, 32767), "Int32": (-(2**31), 2**31 - 1), "UInt32": (0, 2**32 - 1)}
_TIMESPAN = re.compile(r"^(\d+\.)?\d{1,2}:\d{2}(:\d{2})?$")
# quirk: Get-CsOnlineSchedule's SYNTAX marks -Id mandatory while its yaml block says optional (doc_issues
# required_mismatch) and its first example lists every schedule without -Id; the module does the latter.
_OPTIONAL_DESPITE_SYNTAX = {("Get-CsOnlineSchedule", "Id")}


class ContractViolation(Validation):
    """Our own check refused the call; nothing was sent. `parameter` names the offending parameter."""

    def __init__(self, cmdlet: str, parameter: str | None, problem: str, *, step: int | None = None) -> None:
        where = f"call {step} " if step is not None else ""
        target = f"{cmdlet} -{parameter}" if parameter else cmdlet
        super().__init__(f"{where}{target}: {problem}", cmdlet=cmdlet, step=step, code="ContractViolation")
        self.parameter = parameter
        self.problem = problem

    def __str__(self) -> str:
        return self.message


def kind_of(type_name: str) -> str:
    """The docs write one .NET type several ways (`String`, `System.String`): one word for each."""
    base = type_name.removeprefix("System.").removeprefix("Management.Automation.")
    if base in ("String", "UserIdParameter"):
        return "string"
    if base == "Guid":
        return "guid"
    if base in ("Int16", "Int32", "UInt32", "Integer", "Unlimited"):
        return "int"
    if base == "Boolean":
        return "bool"
    if base == "SwitchParameter":
        return "switch"
    if base == "TimeSpan":
        return "timespan"
    if base == "Byte[]":
        return "bytes"
    if base in ("List", "Collections.Generic.List", "Array") or base.endswith("[]"):
        return "list"
    return "object"


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    type_name: str
    sets: tuple[str, ...]
    required: bool | Mapping[str, bool]
    accepted: tuple[Any, ...] | None
    delimiter: str | None
    low: int | None
    high: int | None

    def required_in(self, parameter_set: str) -> bool:
        if isinstance(self.required, Mapping):
            return bool(self.required.get(parameter_set, False))
        return self.required and (not self.sets or parameter_set in self.sets)


@dataclass(frozen=True)
class Cmdlet:
    name: str
    parameters: Mapping[str, Parameter]
    sets: Mapping[str, tuple[str, ...]]
    default_set: str | None
    conditions: tuple[tuple[str, str, Any], ...]  # (parameter, when_parameter, equals)


def _parameter(cmdlet: str, name: str, raw: Mapping[str, Any]) -> Parameter:
    low, high = raw.get("range") or (raw.get("minimum"), raw.get("maximum"))
    bounds = _INT_BOUNDS.get(str(raw["type"]).removeprefix("System."))
    if bounds:
        low = bounds[0] if low is None else max(low, bounds[0])
        high = bounds[1] if high is None else min(high, bounds[1])
    accepted = raw.get("accepted_values")
    return Parameter(
        name=name,
        kind=kind_of(str(raw["type"])),
        type_name=str(raw["type"]),
        sets=tuple(raw.get("sets") or ()),
        required=False if (cmdlet, name) in _OPTIONAL_DESPITE_SYNTAX else (raw.get("required") or False),
        accepted=tuple(accepted) if accepted else None,
        delimiter=raw.get("accepted_values_delimiter"),
        low=low,
        high=high,
    )


@cache
def load_contract() -> Mapping[str, Cmdlet]:
    """The vendored contract (MicrosoftDocs/office-docs-powershell, CC BY 4.0; see data/README.md)."""
    text = resources.files("graph.teams_admin").joinpath("data/teams-cmdlets.json").read_text("utf-8")
    cmdlets: dict[str, Cmdlet] = {}
    for name, raw in json.loads(text)["cmdlets"].items():
        conditions = tuple(
            (issue["parameter"], issue["when_parameter"], issue["equals"])
            for issue in raw.get("doc_issues", ())
            if issue.get("kind") == "conditionally_required"
        )
        cmdlets[name] = Cmdlet(
            name=name,
            parameters={p: _parameter(name, p, spec) for p, spec in raw["parameters"].items()},
            sets={s: tuple(ps) for s, ps in raw["parameter_sets"].items()},
            default_set=raw.get("default_parameter_set"),
            conditions=conditions,
        )
    return cmdlets


def check_script(script: Script) -> None:
    """Check every call of a script, typing each reference by the cmdlet that produced it."""
    produced: dict[str, str | None] = {}
    for step, call in enumerate(script, start=1):
        check(call, produced=produced, step=step)
        if call.result is not None:
            produced[call.result] = PRODUCES.get(call.cmdlet)


def check(call: Call, *, produced: Mapping[str, str | None] | None = None, step: int | None = None) -> None:
    """Raise ContractViolation naming the call and the parameter at the first problem found."""
    cmdlet = load_contract().get(call.cmdlet)
    if cmdlet is None:
        raise ContractViolation(call.cmdlet, None, "unknown cmdlet (not in the contract)", step=step)
    for name, value in call.params.items():
        parameter = cmdlet.parameters.get(name)
        if parameter is None:
            raise ContractViolation(call.cmdlet, name, _unknown_parameter(cmdlet, name), step=step)
        problem = _value_problem(call.cmdlet, parameter, value, produced or {})
        if problem:
            raise ContractViolation(call.cmdlet, name, problem, step=step)
    _check_sets(cmdlet, call, step)
    for needed, when, equals in cmdlet.conditions:
        if call.params.get(when) == equals and needed not in call.params:
            raise ContractViolation(call.cmdlet, needed, f"is required when -{when} is {equals}", step=step)


def _unknown_parameter(cmdlet: Cmdlet, name: str) -> str:
    for known in cmdlet.parameters:
        if known.lower() == name.lower():
            return f"unknown parameter (the documented spelling is -{known})"
    return "unknown parameter"


def _check_sets(cmdlet: Cmdlet, call: Call, step: int | None) -> None:
    candidates = list(cmdlet.sets)
    first: dict[str, str] = {}
    for name in call.params:
        sets = cmdlet.parameters[name].sets
        if not sets:  # documented but in no SYNTAX block (doc_issues): usable with any set
            continue
        remaining = [s for s in candidates if s in sets]
        if not remaining:
            other = next(iter(first.values()), "")
            raise ContractViolation(
                call.cmdlet, name, f"cannot be used with -{other} (different parameter sets)", step=step
            )
        candidates = remaining
        for s in sets:
            first.setdefault(s, name)
    missing: dict[str, str] = {}
    for parameter_set in candidates:
        absent = [
            p
            for p in cmdlet.sets[parameter_set]
            if cmdlet.parameters[p].required_in(parameter_set) and p not in call.params
        ]
        if not absent:
            return
        missing[parameter_set] = absent[0]
    preferred = cmdlet.default_set if cmdlet.default_set in missing else next(iter(missing))
    others = sorted({f"-{p}" for s, p in missing.items() if s != preferred and p != missing[preferred]})
    alternatives = f" (or {' / '.join(others)} from another parameter set)" if others else ""
    raise ContractViolation(
        call.cmdlet, missing[preferred], f"mandatory parameter is missing{alternatives}", step=step
    )


def _value_problem(
    cmdlet: str, parameter: Parameter, value: Value, produced: Mapping[str, str | None]
) -> str:
    if value is None:
        return "" if parameter.kind not in ("switch",) and not parameter.required else "must not be $null"
    expected = EXPECTS.get((cmdlet, parameter.name))
    if parameter.kind in ("list", "bytes") or (expected and isinstance(value, list | tuple)):
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            problem = _item_problem(parameter, expected, item, produced)
            if problem:
                return problem
        return ""
    return _item_problem(parameter, expected, value, produced)


def _item_problem(
    parameter: Parameter, expected: str | None, value: Value, produced: Mapping[str, str | None]
) -> str:
    if isinstance(value, Ref):
        return _ref_problem(parameter, expected, value, produced)
    if isinstance(value, Mapping):
        return _object_problem(parameter, expected, value, produced)
    if expected:
        return f"takes a {expected} object (a reference to a call's result), not {value!r}"
    kind = "guid" if parameter.kind == "list" and parameter.name in GUID_LISTS else parameter.kind
    problem = _scalar_problem(kind, value, parameter.name)
    return problem or _range_problem(parameter, value)


def _object_problem(
    parameter: Parameter, expected: str | None, value: Mapping[str, Value], produced: Mapping[str, str | None]
) -> str:
    """A JSON object (a hashtable in the worker) only where the parameter takes an object."""
    if not expected and (parameter.kind != "object" or parameter.accepted is not None):
        return f"takes a {parameter.type_name}, not a JSON object"
    missing = [ref.name for ref in refs_in_value(value) if ref.name not in produced]
    return f"refers to ${missing[0]}, which no earlier call sets" if missing else ""


def _ref_problem(
    parameter: Parameter, expected: str | None, ref: Ref, produced: Mapping[str, str | None]
) -> str:
    if ref.name not in produced:
        return f"refers to ${ref.name}, which no earlier call sets"
    if ref.property is not None:
        return ""  # a property's type is not known before the call runs
    actual = produced[ref.name]
    if expected and actual and actual != expected:
        return f"takes a {expected} object, but ${ref.name} is a {actual}"
    if not expected and actual and parameter.kind != "object":
        return (
            f"takes a {parameter.type_name}, but ${ref.name} is a whole {actual} (use one of its properties)"
        )
    return ""


def _scalar_problem(kind: str, value: Value, name: str) -> str:
    ok = {
        "string": isinstance(value, str),
        "guid": isinstance(value, str) and _is_guid(value),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "switch": value is True or value is False,
        "timespan": isinstance(value, str) and bool(_TIMESPAN.match(value)),
        "bytes": False,
        "list": not isinstance(value, bool),
        "object": isinstance(value, str | int),
    }[kind]
    if kind == "bytes":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 255
    if ok:
        return ""
    want = {"guid": "an object id (GUID)", "timespan": "a time span like '09:00' or '1.00:00'"}.get(
        kind, f"a {kind}"
    )
    return f"takes {want}, not {value!r}"


def _range_problem(parameter: Parameter, value: Value) -> str:
    if parameter.accepted is not None and not isinstance(value, bool):
        wanted = [str(a).lower() for a in parameter.accepted]
        parts = (
            str(value).split(parameter.delimiter)
            if parameter.delimiter and isinstance(value, str)
            else [value]
        )
        for part in parts:
            if str(part).strip().lower() not in wanted:
                return f"{part!r} is not one of {', '.join(map(str, parameter.accepted))}"
    if isinstance(value, int) and not isinstance(value, bool):
        if parameter.low is not None and value < parameter.low:
            return f"{value} is below the documented minimum {parameter.low}"
        if parameter.high is not None and value > parameter.high:
            return f"{value} is above the documented maximum {parameter.high}"
    return ""


def _is_guid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return len(text) == 36


def cmdlet_names() -> Sequence[str]:
    return sorted(load_contract())
