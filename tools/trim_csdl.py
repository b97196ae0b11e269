"""Trim Microsoft's Graph v1.0 CSDL to the types the sandbox serves (run by hand, never by tests).

    python tools/trim_csdl.py path/to/graph-v1.0-metadata.xml > contracts/graph-v1.0-metadata.trimmed.xml

Keeps every EntityType / ComplexType / EnumType reachable through structural properties and base types
from the roots below, in their original schemas (namespace and alias kept so type names resolve).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
EDMX = "{http://docs.oasis-open.org/odata/ns/edmx}"
ROOTS = (
    "microsoft.graph.user",
    "microsoft.graph.group",
    "microsoft.graph.subscribedSku",
    "microsoft.graph.directoryObject",
    "microsoft.graph.mainError",
    "microsoft.graph.teamsAdministration.numberAssignment",
    "microsoft.graph.teamsAdministration.telephoneNumberLongRunningOperation",
    "microsoft.graph.teamsAdministration.teamsUserConfiguration",
    "microsoft.graph.callRecords.pstnCallLogRow",
    "microsoft.graph.callRecords.directRoutingLogRow",
)
KINDS = ("EntityType", "ComplexType", "EnumType")


def qualify(name: str, aliases: dict[str, str], namespace: str) -> str:
    inner = name[len("Collection(") : -1] if name.startswith("Collection(") else name
    if "." not in inner:
        return f"{namespace}.{inner}"
    prefix, _, local = inner.rpartition(".")
    return f"{aliases.get(prefix, prefix)}.{local}"


def main(source: str) -> None:
    ET.register_namespace("edmx", EDMX[1:-1])
    ET.register_namespace("", EDM[1:-1])
    tree = ET.parse(source)
    schemas = tree.getroot().find(f"{EDMX}DataServices")
    assert schemas is not None
    aliases: dict[str, str] = {}
    types: dict[str, tuple[ET.Element, ET.Element]] = {}
    for schema in schemas.findall(f"{EDM}Schema"):
        namespace = schema.get("Namespace", "")
        for kind in KINDS:
            for element in schema.findall(f"{EDM}{kind}"):
                types[f"{namespace}.{element.get('Name')}"] = (schema, element)
    for schema in schemas.findall(f"{EDM}Schema"):
        if schema.get("Alias"):
            aliases[schema.get("Alias", "")] = schema.get("Namespace", "")
    keep: set[str] = set()
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        if name in keep or name not in types:
            continue
        keep.add(name)
        schema, element = types[name]
        local_aliases = (
            {**aliases, "self": schema.get("Namespace", "")} if schema.get("Alias") == "self" else aliases
        )
        for ref in [element.get("BaseType")] + [p.get("Type") for p in element.findall(f"{EDM}Property")]:
            if ref and not ref.startswith("Edm."):
                todo.append(qualify(ref, local_aliases, schema.get("Namespace", "")))
    for schema in list(schemas.findall(f"{EDM}Schema")):
        namespace = schema.get("Namespace", "")
        for child in list(schema):
            if (
                child.tag not in {f"{EDM}{k}" for k in KINDS}
                or f"{namespace}.{child.get('Name')}" not in keep
            ):
                schema.remove(child)
            else:
                for nav in child.findall(f"{EDM}NavigationProperty"):
                    child.remove(nav)
        if not len(schema):
            schemas.remove(schema)
    ET.indent(tree, space="  ")
    sys.stdout.write(ET.tostring(tree.getroot(), encoding="unicode") + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
