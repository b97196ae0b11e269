"""PowerShell parameter binding for the emulated cmdlets, checked against the vendored cmdlet contract.

Every call is bound here before any service rule runs, as `pwsh` would: unknown cmdlet, unknown parameter
(aliases and case-insensitive names accepted), parameter sets, mandatory parameters, type conversion,
documented values and ranges. The result is the parameters under their canonical names, converted.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sandbox.teams.errors import CmdletError, binding_error

ANY_SET = "__AllParameterSets"
INT_BOUNDS = {
    "int16": (-32768, 32767),
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "unlimited": (0, 2**31 - 1),
    "integer": (-(2**31), 2**31 - 1),
}
LIST_TYPES = {"list", "string[]", "system.collections.generic.list", "system.array", "byte[]", "object[]"}
# quirk: the page marks -Id mandatory in SYNTAX but not in its yaml block, and the module lists every
# schedule when it is left out; we follow the module (contract doc_issues: required_mismatch).
NOT_MANDATORY = frozenset({("Get-CsOnlineSchedule", "Id")})


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool | dict[str, bool]
    sets: tuple[str, ...]
    aliases: tuple[str, ...]
    accepted: tuple[Any, ...] | None
    delimiter: str | None
    low: int | None
    high: int | None
    default: Any = None


@dataclass(frozen=True)
class Cmdlet:
    name: str
    sets: dict[str, tuple[str, ...]]
    default_set: str | None
    parameters: dict[str, Parameter]

    def lookup(self, given: str) -> Parameter | None:
        lowered = given.lower()
        for param in self.parameters.values():
            if param.name.lower() == lowered:
                return param
        # quirk: an alias may collide with another parameter's name (Connect-MicrosoftTeams
        # -CertificateThumbprint); the parameter wins, as in PowerShell.
        for param in self.parameters.values():
            if lowered in (a.lower() for a in param.aliases):
                return param
        return None

    def mandatory_in(self, param: Parameter, set_name: str) -> bool:
        if (self.name, param.name) in NOT_MANDATORY:
            return False
        if isinstance(param.required, dict):
            return bool(param.required.get(set_name, False))
        return param.required and (not param.sets or set_name in param.sets)


def _parameter(name: str, raw: dict[str, Any]) -> Parameter:
    low, high = None, None
    if raw.get("range"):
        low, high = raw["range"]
    low = raw.get("minimum", low)
    high = raw.get("maximum", high)
    accepted = raw.get("accepted_values")
    return Parameter(
        name=name,
        type=str(raw.get("type") or "Object"),
        required=raw.get("required", False),
        sets=tuple(raw.get("sets") or ()),
        aliases=tuple(raw.get("aliases") or ()),
        accepted=tuple(accepted) if accepted else None,
        delimiter=raw.get("accepted_values_delimiter"),
        low=low,
        high=high,
        default=raw.get("default"),
    )


@cache
def contract() -> dict[str, Cmdlet]:
    """The vendored contract (sandbox/data/teams-cmdlets.json), parsed once."""
    text = resources.files("sandbox").joinpath("data/teams-cmdlets.json").read_text(encoding="utf-8")
    data = json.loads(text)
    out = {}
    for name, raw in data["cmdlets"].items():
        params = {p: _parameter(p, spec) for p, spec in raw["parameters"].items()}
        sets = {s: tuple(members) for s, members in raw["parameter_sets"].items()}
        out[name] = Cmdlet(name, sets, raw.get("default_parameter_set"), params)
    return out


def contract_defaults(cmdlet_name: str) -> dict[str, Any]:
    """The documented (yaml) default of each parameter that has one."""
    params = contract()[cmdlet_name].parameters
    return {name: p.default for name, p in params.items() if p.default is not None}


def bind(cmdlet_name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Bind named parameters as PowerShell would; raises CmdletError (no status) when it refuses."""
    cmdlet = _find(cmdlet_name)
    bound: dict[str, Any] = {}
    for given, value in params.items():
        param = cmdlet.lookup(given)
        if param is None:
            raise binding_error(
                cmdlet.name,
                "NamedParameterNotFound",
                "InvalidArgument",
                f"A parameter cannot be found that matches parameter name '{given}'.",
            )
        if param.name in bound:
            raise binding_error(
                cmdlet.name,
                "ParameterAlreadyBound",
                "InvalidArgument",
                f"Cannot bind parameter because parameter '{param.name}' is specified more than once.",
            )
        bound[param.name] = value
    _resolve_set(cmdlet, bound)
    return {name: _convert(cmdlet, cmdlet.parameters[name], value) for name, value in bound.items()}


def _find(name: str) -> Cmdlet:
    for known, cmdlet in contract().items():
        if known.lower() == name.lower():
            return cmdlet
    raise CmdletError(
        fqid="CommandNotFoundException",
        category="ObjectNotFound",
        message=(
            f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, "
            "or executable program."
        ),
        exception="System.Management.Automation.CommandNotFoundException",
    )


def _resolve_set(cmdlet: Cmdlet, bound: dict[str, Any]) -> str:
    """The parameter set PowerShell would pick; refuses mixed sets, ambiguity and missing mandatories."""

    def fits(set_name: str) -> bool:
        members = cmdlet.sets[set_name]
        return all(name in members or not cmdlet.parameters[name].sets for name in bound)

    candidates = [s for s in cmdlet.sets if fits(s)]
    if not candidates:
        raise _ambiguous(cmdlet)
    complete = [s for s in candidates if not _missing(cmdlet, s, bound)]
    if len(complete) == 1:
        return complete[0]
    if cmdlet.default_set in candidates and (cmdlet.default_set in complete or not complete):
        chosen = cmdlet.default_set
    elif len(candidates) == 1:
        chosen = candidates[0]
    else:
        raise _ambiguous(cmdlet)
    assert chosen is not None
    missing = _missing(cmdlet, chosen, bound)
    if missing:
        raise binding_error(
            cmdlet.name,
            "MissingMandatoryParameter",
            "InvalidArgument",
            "Cannot process command because of one or more missing mandatory parameters: "
            + " ".join(missing)
            + ".",
        )
    return chosen


def _required(cmdlet: Cmdlet, set_name: str) -> list[str]:
    return [p.name for p in cmdlet.parameters.values() if cmdlet.mandatory_in(p, set_name)]


def _missing(cmdlet: Cmdlet, set_name: str, bound: dict[str, Any]) -> list[str]:
    return [name for name in _required(cmdlet, set_name) if name not in bound]


def _ambiguous(cmdlet: Cmdlet) -> CmdletError:
    return binding_error(
        cmdlet.name,
        "AmbiguousParameterSet",
        "InvalidArgument",
        "Parameter set cannot be resolved using the specified named parameters. One or more parameters "
        "issued cannot be used together or an insufficient number of parameters were provided.",
    )


def type_kind(type_name: str) -> str:
    """The conversion a contract type needs: list, bool, switch, string, guid, timespan, an int kind, object."""
    lowered = type_name.lower()
    short = lowered.rsplit(".", 1)[-1]
    if lowered in LIST_TYPES or short in {"list", "array"} or lowered.endswith("[]"):
        return "list"
    if short in INT_BOUNDS:
        return short
    if short in {"string", "useridparameter"}:
        return "string"
    if short == "boolean":
        return "bool"
    if short == "switchparameter":
        return "switch"
    if short == "guid":
        return "guid"
    if short == "timespan":
        return "timespan"
    return "object"


def _transform_error(cmdlet: Cmdlet, param: Parameter, value: Any, target: str, detail: str) -> CmdletError:
    return binding_error(
        cmdlet.name,
        "ParameterArgumentTransformationError",
        "InvalidData",
        f"Cannot process argument transformation on parameter '{param.name}'. Cannot convert value "
        f'"{value}" to type "{target}". Error: "{detail}"',
    )


def _convert(cmdlet: Cmdlet, param: Parameter, value: Any) -> Any:
    kind = type_kind(param.type)
    if value is None:
        if kind in {"switch", "bool"} or kind in INT_BOUNDS:
            raise _transform_error(cmdlet, param, "", param.type, "Null is not a valid value.")
        return None
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        if param.type.lower() == "byte[]":
            return [_byte(cmdlet, param, item) for item in items]
        return [_check_values(cmdlet, param, item) for item in items]
    converted = _scalar(cmdlet, param, kind, value)
    return _check_values(cmdlet, param, converted)


def _byte(cmdlet: Cmdlet, param: Parameter, item: Any) -> int:
    if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 255:
        raise _transform_error(cmdlet, param, item, "System.Byte", "Value was either too large or too small.")
    return item


def _scalar(cmdlet: Cmdlet, param: Parameter, kind: str, value: Any) -> Any:
    if kind in {"switch", "bool"}:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise _transform_error(
            cmdlet,
            param,
            value,
            "System.Boolean",
            "Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
        )
    if kind in INT_BOUNDS:
        return _integer(cmdlet, param, kind, value)
    if kind == "string":
        if isinstance(value, (dict, list)):
            raise _transform_error(cmdlet, param, "System.Object", "System.String", "Not a string.")
        return "True" if value is True else "False" if value is False else str(value)
    if kind == "guid":
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            raise _transform_error(
                cmdlet, param, value, "System.Guid", "Guid should contain 32 digits with 4 dashes."
            ) from None
    if kind == "timespan":
        if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?|1\.00:00(:00)?", value):
            raise _transform_error(cmdlet, param, value, "System.TimeSpan", "String was not recognized.")
        return value
    return value


def _integer(cmdlet: Cmdlet, param: Parameter, kind: str, value: Any) -> int:
    target = f"System.{'UInt32' if kind == 'uint32' else kind.capitalize()}"
    number: int | None = None
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value)
    ):
        number = int(value)
    if number is None:
        raise _transform_error(cmdlet, param, value, target, "Input string was not in a correct format.")
    low, high = INT_BOUNDS[kind]
    if not low <= number <= high:
        raise _transform_error(
            cmdlet, param, value, target, f"Value was either too large or too small for {target}."
        )
    return number


def _check_values(cmdlet: Cmdlet, param: Parameter, value: Any) -> Any:
    if param.accepted is not None and isinstance(value, (str, int)) and not isinstance(value, bool):
        value = _in_set(cmdlet, param, value)
    if isinstance(value, int) and not isinstance(value, bool):
        if param.low is not None and value < param.low:
            raise _validation(
                cmdlet,
                param,
                f"The {value} argument is less than the minimum allowed range of {param.low}. Supply an "
                f"argument that is greater than or equal to {param.low} and then try the command again.",
            )
        if param.high is not None and value > param.high:
            raise _validation(
                cmdlet,
                param,
                f"The {value} argument is greater than the maximum allowed range of {param.high}. Supply an "
                f"argument that is less than or equal to {param.high} and then try the command again.",
            )
    return value


def _in_set(cmdlet: Cmdlet, param: Parameter, value: str | int) -> str | int:
    assert param.accepted is not None
    pieces = str(value).split(param.delimiter) if param.delimiter and isinstance(value, str) else [value]
    canonical = []
    for piece in pieces:
        match = next((a for a in param.accepted if str(a).lower() == str(piece).strip().lower()), None)
        if match is None:
            allowed = ",".join(str(a) for a in param.accepted)
            raise _validation(
                cmdlet,
                param,
                f'The argument "{piece}" does not belong to the set "{allowed}" specified by the ValidateSet '
                "attribute. Supply an argument that is in the set and then try the command again.",
            )
        canonical.append(match)
    if len(canonical) == 1 and not (param.delimiter and isinstance(value, str)):
        return canonical[0]  # type: ignore[no-any-return]
    return (param.delimiter or ",").join(str(c) for c in canonical)


def _validation(cmdlet: Cmdlet, param: Parameter, detail: str) -> CmdletError:
    return binding_error(
        cmdlet.name,
        "ParameterArgumentValidationError",
        "InvalidData",
        f"Cannot validate argument on parameter '{param.name}'. {detail}",
    )
