"""The dependency rules of ARCHITECTURE.md, enforced by reading every module's imports.

Module-level imports must follow the arrows; a composition root may import sandbox/ only inside a
function (lazily), and only cli/ may do even that. Microsoft SDKs stay inside graph/, botbuilder inside bot/.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"bot", "cli", "graph", "manifests", "provisioning", "reports", "sandbox", "store"}
ALLOWED: dict[str, set[str]] = {
    "graph": set(),
    "store": set(),
    "sandbox": set(),
    "manifests": set(),
    "provisioning": {"graph", "store"},
    "reports": {"graph", "store"},
    "bot": {"provisioning", "reports", "graph", "store"},
    "cli": {"provisioning", "reports", "graph", "store", "bot", "manifests"},
}
MICROSOFT_SDKS = (
    "msgraph",
    "msgraph_core",
    "kiota_abstractions",
    "kiota_http",
    "kiota_serialization_json",
    "kiota_authentication_azure",
    "azure.identity",
    "azure.core",
)


def imports(path: Path) -> Iterator[tuple[str, bool]]:
    """(module imported, is it at module level) for every import in a file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    top_level = {id(node) for node in tree.body}
    top_level |= {id(n) for node in tree.body if isinstance(node, ast.If) for n in node.body}
    top_level |= {id(n) for node in tree.body if isinstance(node, ast.Try) for n in node.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in top_level
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, id(node) in top_level


def package_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if ".venv" not in p.parts)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_arrows_point_down(package: str) -> None:
    wrong = []
    for path in package_files(package):
        for module, at_top in imports(path):
            head = module.split(".")[0]
            if head not in OURS or head == package:
                continue
            lazy_sandbox = package == "cli" and head == "sandbox" and not at_top
            if head not in ALLOWED[package] and not lazy_sandbox:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", sorted(OURS - {"graph"}))
def test_microsoft_sdks_only_in_graph(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in package_files(package)
        for module, _ in imports(path)
        if module.startswith(MICROSOFT_SDKS)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", sorted(OURS - {"bot"}))
def test_botbuilder_only_in_bot(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in package_files(package)
        for module, _ in imports(path)
        if module.startswith("botbuilder")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The rule can fail: a file importing a peer at module level is reported."""
    bad = tmp_path / "m.py"
    bad.write_text("import reports.aggregate\n\ndef f():\n    import sandbox.server\n")
    found = list(imports(bad))
    assert ("reports.aggregate", True) in found
    assert ("sandbox.server", False) in found
