"""YAML → PhoneSystem with errors that name the file, line and field an admin must fix."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from provisioning.model import PhoneSystem
from provisioning.textfiles import UnreadableFile, read_text
from provisioning.yaml_safety import YamlRefused, error_line, safe_load

# "users[3]: …", "auto_attendants[2].holidays: …": a model-level error that names its item and field.
_ITEM = re.compile(
    r"^(users|select|resource_accounts|call_queues|schedules|auto_attendants)\[(\d+)\]((?:\.[a-z_]+|\[\d+\])*):"
)


class DesiredStateError(Exception):
    """The desired-state file is wrong; `problems` are `file:line: field: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _marks(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[(*path, key.value)] = key.start_mark.line + 1
            _marks(value, (*path, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _marks(item, (*path, index), out)


def _line_for(loc: tuple[Any, ...], marks: dict[tuple[Any, ...], int]) -> int:
    path = tuple(loc)
    while path and path not in marks:
        path = path[:-1]
    return marks.get(path, 1)


def _field(loc: tuple[Any, ...]) -> str:
    """`users[3].number`: indexes in brackets, keys after dots (a key that starts with "[" stays a key)."""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).removeprefix(".")
    return text or "(file)"


def _unquoted_hint(error: Any) -> str:
    """YAML reads `NO` (Norway), `on` or an unquoted 15615552001 as a boolean or number, not text."""
    if error["type"] != "string_type":
        return ""
    if isinstance(error["input"], bool):
        return f" (YAML read it as {str(error['input']).lower()}: put yes/no/on/off values in quotes)"
    if isinstance(error["input"], int | float):
        return " (YAML read it as a number: put it in quotes)"
    return ""


def _yaml_problem(exc: yaml.YAMLError, text: str, line: int | None) -> str:
    """libyaml's words for what is wrong, on one line, with a hint for the usual culprit (a tab)."""
    if isinstance(exc, yaml.reader.ReaderError):
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return f"character #x{character:04x}: {exc.reason}"
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    lines = text.splitlines()
    if line and line <= len(lines) and "\t" in lines[line - 1] and "cannot start any token" in problem:
        problem += "; indent with spaces, not tabs"
    return problem


def _parse(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    try:
        return safe_load(text)
    except YamlRefused as exc:
        raise DesiredStateError([f"{source}:{exc.line}: {exc.message}"]) from None
    except yaml.YAMLError as exc:
        line = error_line(exc, text)
        where = f":{line}" if line else ""
        raise DesiredStateError(
            [f"{source}{where}: not valid YAML ({_yaml_problem(exc, text, line)})"]
        ) from None


def parse_phone_system(text: str, source: str = "<string>") -> PhoneSystem:
    data, node = _parse(text, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DesiredStateError([f"{source}:1: the file must be a mapping with tenant, pools, users…"])
    try:
        system = PhoneSystem.model_validate(data)
    except ValidationError as exc:
        marks: dict[tuple[Any, ...], int] = {}  # only walked when there is something to point at
        if node is not None:
            _marks(node, (), marks)
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            field = _field(loc)
            message = error["msg"].removeprefix("Value error, ") + _unquoted_hint(error)
            line = _line_for(loc, marks)
            item = _ITEM.match(message) if not loc else None
            if item:  # model-level errors name their item: "auto_attendants[2].business_hours: …"
                head = message.split(": ", 1)[0]
                rest = [int(i) if i else k for k, i in re.findall(r"\.([a-z_]+)|\[(\d+)\]", item[3])]
                path = (item[1], int(item[2]), *rest)
                line = _line_for(path, marks)
                field = head
                message = message.split(": ", 1)[1].strip()
            problems.append(f"{source}:{line}: {field}: {message}")
        raise DesiredStateError(problems) from None
    system.set_source(source, _section_lines(node))
    return system


# Sections whose items name other objects (queues, people, groups): plans report a missing one by line.
LINED_SECTIONS = frozenset(
    {"schedules", "resource_accounts", "call_queues", "auto_attendants", "emergency_modes"}
)


def _section_lines(node: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """Line numbers inside the voice-app sections only: a 10 MB staff list is not walked twice."""
    marks: dict[tuple[Any, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value in LINED_SECTIONS:
                marks[(key.value,)] = key.start_mark.line + 1
                _marks(value, (key.value,), marks)
    return marks


def load_phone_system(path: Path) -> PhoneSystem:
    try:
        text = read_text(path)
    except UnreadableFile as exc:
        raise DesiredStateError([exc.render()]) from None
    return parse_phone_system(text, str(path))
