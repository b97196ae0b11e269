"""Render a Script as readable PowerShell, for plan review and the audit log (never executed).

`$p1 = New-CsAutoAttendantPrompt -TextToSpeechPrompt 'Press 1'`: strings single-quoted, arrays `@(...)`,
`$true`/`$false`/`$null`, switches bare, objects `@{Key = value}`; references as `$name` or `$name.Property`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graph.teams_admin.calls import Call, Ref, Script, Value
from graph.teams_admin.contract import load_contract

# quirk: PowerShell also ends a single-quoted string at the typographic quotes U+2018..U+201B,
# so each of them is doubled too, like the ASCII quote.
_SINGLE_QUOTES = ("'", "\u2018", "\u2019", "\u201a", "\u201b")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote(text: str) -> str:
    for mark in _SINGLE_QUOTES:
        text = text.replace(mark, mark + mark)
    return f"'{text}'"


def render_value(value: Value) -> str:
    if isinstance(value, Ref):
        return f"${value.name}" if value.property is None else f"${value.name}.{value.property}"
    if value is None:
        return "$null"
    if isinstance(value, bool):
        return "$true" if value else "$false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, Mapping):
        pairs = (
            f"{key if _KEY.match(key) else quote(key)} = {render_value(item)}" for key, item in value.items()
        )
        return "@{" + "; ".join(pairs) + "}"
    return "@(" + ", ".join(render_value(item) for item in value) + ")"


def _is_switch(cmdlet: str, parameter: str) -> bool:
    spec = load_contract().get(cmdlet)
    found = spec.parameters.get(parameter) if spec else None
    return found is not None and found.kind == "switch"


def render_call(call: Call) -> str:
    parts = [call.cmdlet]
    for name, value in call.params.items():
        if _is_switch(call.cmdlet, name) and value is True:
            parts.append(f"-{name}")
        elif _is_switch(call.cmdlet, name) and isinstance(value, bool):
            parts.append(f"-{name}:$false")
        else:
            parts.append(f"-{name} {render_value(value)}")
    line = " ".join(parts)
    return f"${call.result} = {line}" if call.result else line


def render_script(script: Script) -> str:
    return "\n".join(render_call(call) for call in script) + "\n"
