"""A small CSDL validator: does a JSON object conform to a Graph type as Microsoft's metadata declares it?"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
TRIMMED = Path(__file__).resolve().parents[2] / "contracts" / "graph-v1.0-metadata.trimmed.xml"
_DURATION = re.compile(r"^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


@dataclass
class Property:
    name: str
    type: str
    nullable: bool
    collection: bool


@dataclass
class TypeDef:
    name: str
    kind: str
    base: str | None = None
    properties: dict[str, Property] = field(default_factory=dict)
    members: set[str] = field(default_factory=set)


class Metadata:
    def __init__(self, path: Path = TRIMMED) -> None:
        root = ET.parse(path).getroot()
        self.types: dict[str, TypeDef] = {}
        schemas = list(root.iter(f"{EDM}Schema"))
        aliases = {s.get("Alias", ""): s.get("Namespace", "") for s in schemas if s.get("Alias")}
        for schema in schemas:
            namespace = schema.get("Namespace", "")
            local = {**aliases, "self": namespace} if schema.get("Alias") == "self" else aliases
            for element in schema:
                kind = element.tag.removeprefix(EDM)
                name = f"{namespace}.{element.get('Name')}"
                definition = TypeDef(name, kind, self._qualify(element.get("BaseType"), local, namespace))
                for prop in element.findall(f"{EDM}Property"):
                    raw = prop.get("Type", "")
                    collection = raw.startswith("Collection(")
                    definition.properties[prop.get("Name", "")] = Property(
                        prop.get("Name", ""),
                        self._qualify(raw, local, namespace) or raw,
                        prop.get("Nullable", "true") != "false",
                        collection,
                    )
                definition.members = {m.get("Name", "") for m in element.findall(f"{EDM}Member")}
                self.types[name] = definition

    @staticmethod
    def _qualify(name: str | None, aliases: dict[str, str], namespace: str) -> str | None:
        if not name:
            return None
        inner = name[len("Collection(") : -1] if name.startswith("Collection(") else name
        if inner.startswith("Edm."):
            return inner
        prefix, _, local = inner.rpartition(".")
        return f"{aliases.get(prefix, prefix)}.{local}" if prefix else f"{namespace}.{local}"

    def all_properties(self, type_name: str) -> dict[str, Property]:
        definition = self.types[type_name]
        inherited = self.all_properties(definition.base) if definition.base else {}
        return {**inherited, **definition.properties}

    def validate(self, obj: Any, type_name: str, path: str = "$") -> list[str]:
        """Every way `obj` departs from `type_name`; empty means it conforms."""
        if type_name not in self.types:
            return [f"{path}: unknown type {type_name}"]
        if not isinstance(obj, dict):
            return [f"{path}: expected an object of {type_name}, got {type(obj).__name__}"]
        declared = self.all_properties(type_name)
        problems = []
        for key, value in obj.items():
            if key.startswith("@odata.") or "@odata." in key:
                continue
            prop = declared.get(key)
            if prop is None:
                problems.append(f"{path}.{key}: not declared on {type_name}")
                continue
            problems += self._check(value, prop, f"{path}.{key}")
        return problems

    def _check(self, value: Any, prop: Property, path: str) -> list[str]:
        if value is None:
            return [] if prop.nullable or prop.collection else [f"{path}: null but not nullable"]
        if prop.collection:
            if not isinstance(value, list):
                return [f"{path}: expected a collection"]
            return [
                p
                for i, item in enumerate(value)
                for p in self._check(item, Property(prop.name, prop.type, False, False), f"{path}[{i}]")
            ]
        if prop.type.startswith("Edm."):
            return [] if primitive_ok(prop.type, value) else [f"{path}: {value!r} is not {prop.type}"]
        definition = self.types.get(prop.type)
        if definition is None:
            return [f"{path}: type {prop.type} missing from the trimmed metadata"]
        if definition.kind == "EnumType":
            return (
                [] if value in definition.members else [f"{path}: {value!r} is not a member of {prop.type}"]
            )
        return self.validate(value, prop.type, path)


def primitive_ok(edm: str, value: Any) -> bool:
    try:
        if edm == "Edm.String":
            return isinstance(value, str)
        if edm == "Edm.Boolean":
            return isinstance(value, bool)
        if edm in {"Edm.Int32", "Edm.Int64", "Edm.Int16", "Edm.Byte"}:
            limit = 2**31 if edm == "Edm.Int32" else 2**63
            return isinstance(value, int) and not isinstance(value, bool) and -limit <= value < limit
        if edm in {"Edm.Double", "Edm.Single", "Edm.Decimal"}:
            return isinstance(value, int | float) and not isinstance(value, bool)
        if edm == "Edm.DateTimeOffset":
            return isinstance(value, str) and dt.datetime.fromisoformat(value).tzinfo is not None
        if edm == "Edm.Date":
            return isinstance(value, str) and bool(dt.date.fromisoformat(value))
        if edm == "Edm.Guid":
            return isinstance(value, str) and bool(uuid.UUID(value))
        if edm == "Edm.Duration":
            return isinstance(value, str) and bool(_DURATION.match(value))
        if edm == "Edm.Binary":
            return isinstance(value, str)
    except ValueError:
        return False
    return False
