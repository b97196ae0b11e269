"""Bounded YAML: libyaml's events (the C parser when installed) composed once into nodes, refusing
alias bombs, deep nesting, repeated keys and extra documents with the line an admin must fix.

PyYAML's own composer recurses (a deeply nested file ends in RecursionError) and lets an alias expand
without limit ("billion laughs"); composing from the event stream here is iterative and counts both.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 32  # a desired-state file nests 4 deep; 32 leaves room for any sane layout
ALIAS_BUDGET = 10_000  # nodes that aliases may add once expanded (a `<<: *defaults` costs a handful)
_MERGE = "tag:yaml.org,2002:merge"


class YamlRefused(Exception):
    """Valid YAML that Switchboard will not expand; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class _Open:
    """A sequence or mapping whose end event has not come yet."""

    node: yaml.SequenceNode | yaml.MappingNode
    anchor: str | None
    children: list[yaml.Node] = field(default_factory=list)
    size: int = 1


def _line(event: Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 1


def _close_mapping(node: yaml.MappingNode, children: list[yaml.Node]) -> None:
    """Pair the children as key/value; a key written twice is refused (PyYAML keeps the last silently)."""
    pairs = list(zip(children[0::2], children[1::2], strict=True))
    seen: dict[tuple[str, str], int] = {}
    for key, _value in pairs:
        if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE:
            continue
        identity = (key.tag, key.value)
        line = key.start_mark.line + 1
        if identity in seen:
            raise YamlRefused(
                line, f"key {key.value!r} is repeated in one mapping (first on line {seen[identity]})"
            )
        seen[identity] = line
    node.value = pairs


class _Composer:
    """Builds the node graph event by event, keeping depth and alias expansion within bounds."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.resolve: Any = loader.resolve  # typeshed leaves the resolver untyped
        self.anchors: dict[str, tuple[yaml.Node, int, int]] = {}  # name → node, expanded size, line
        self.stack: list[_Open] = []
        self.expanded = 0
        self.root: yaml.Node | None = None

    def _add(self, node: yaml.Node, size: int) -> None:
        if self.stack:
            self.stack[-1].children.append(node)
            self.stack[-1].size += size
        else:
            self.root = node

    def _anchor(self, name: str | None, event: Event) -> None:
        if name is not None and name in self.anchors:
            first = self.anchors[name][2]
            raise YamlRefused(_line(event), f"anchor &{name} is defined twice (first on line {first})")

    def alias(self, event: AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise YamlRefused(_line(event), f"alias *{event.anchor} has no anchor &{event.anchor} before it")
        node, size, _ = self.anchors[event.anchor]
        self.expanded += size
        if self.expanded > ALIAS_BUDGET:
            raise YamlRefused(
                _line(event),
                f"aliases expand to more than {ALIAS_BUDGET} values (at *{event.anchor}); "
                "write the values out instead of nesting aliases",
            )
        self._add(node, size)

    def scalar(self, event: Any) -> None:  # Any: libyaml's marks are not typeshed's Mark
        self._anchor(event.anchor, event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        if event.anchor is not None:
            self.anchors[event.anchor] = (node, 1, _line(event))
        self._add(node, 1)

    def start(self, event: Any) -> None:
        self._anchor(event.anchor, event)
        if len(self.stack) >= MAX_DEPTH:
            raise YamlRefused(_line(event), f"nested more than {MAX_DEPTH} levels deep")
        kind = yaml.MappingNode if isinstance(event, MappingStartEvent) else yaml.SequenceNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        self.stack.append(_Open(node, event.anchor))

    def end(self, event: Event) -> None:
        done = self.stack.pop()
        done.node.end_mark = event.end_mark
        if isinstance(done.node, yaml.MappingNode):
            _close_mapping(done.node, done.children)
        else:
            done.node.value = done.children
        if done.anchor is not None:
            self.anchors[done.anchor] = (done.node, done.size, done.node.start_mark.line + 1)
        self._add(done.node, done.size)


def _compose(loader: yaml.SafeLoader) -> yaml.Node | None:
    composer = _Composer(loader)
    documents = 0
    next_event: Any = loader.get_event
    while loader.check_event():
        event = next_event()
        if isinstance(event, AliasEvent):
            composer.alias(event)
        elif isinstance(event, ScalarEvent):
            composer.scalar(event)
        elif isinstance(event, SequenceStartEvent | MappingStartEvent):
            composer.start(event)
        elif isinstance(event, SequenceEndEvent | MappingEndEvent):
            composer.end(event)
        elif isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlRefused(_line(event), "a second document (`---`): put everything in one")
        elif not isinstance(event, StreamStartEvent | DocumentEndEvent | StreamEndEvent):
            raise YamlRefused(_line(event), f"unexpected {type(event).__name__}")
    return composer.root


def safe_load(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and its root node (for file:line of later errors), parsed once.

    Raises YamlRefused for what is bounded here and yaml.YAMLError for what is not YAML at all.
    """
    loader = LOADER(text)
    collecting = gc.isenabled()
    gc.disable()  # the node graph has no garbage to find; collecting while it grows doubles the time
    try:
        node = _compose(loader)
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()
        if collecting:
            gc.enable()


def error_line(exc: yaml.YAMLError, text: str) -> int | None:
    """The 1-based line of a PyYAML or libyaml error (reader errors give an offset, not a mark)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        if LOADER is yaml.SafeLoader:
            return text[:position].count("\n") + 1
        return text.encode("utf-8", "surrogatepass")[:position].count(b"\n") + 1  # libyaml counts bytes
    return None
