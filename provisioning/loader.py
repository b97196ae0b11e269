"""YAML → PhoneSystem with errors that name the file, line and field an admin must fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from provisioning.model import PhoneSystem


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


def parse_phone_system(text: str, source: str = "<string>") -> PhoneSystem:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise DesiredStateError(
            [f"{source}{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DesiredStateError([f"{source}:1: the file must be a mapping with tenant, pools, users…"])
    marks: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _marks(node, (), marks)
    try:
        return PhoneSystem.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            field = (
                ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
                or "(file)"
            )
            message = error["msg"].removeprefix("Value error, ")
            line = _line_for(loc, marks)
            if not loc and message.startswith(("users[", "select[")):  # model-level errors name their item
                head = message.split(":", 1)[0]
                kind, position = head.split("[")
                line = _line_for((kind, int(position.rstrip("]"))), marks)
                field = head
                message = message.split(":", 1)[1].strip()
            problems.append(f"{source}:{line}: {field}: {message}")
        raise DesiredStateError(problems) from None


def load_phone_system(path: Path) -> PhoneSystem:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DesiredStateError([f"{path}: cannot read ({exc.strerror})"]) from None
    return parse_phone_system(text, str(path))
