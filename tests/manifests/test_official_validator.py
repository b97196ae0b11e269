"""Microsoft's own validator (npm @microsoft/app-manifest, offline) and our Python schema check agree.

`make tools` installs the validator into tools/manifest-validator/node_modules. Under CI its absence
fails the test; elsewhere the test is skipped with the command to run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from manifests import PackageSpec, build_package, manifest_errors

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "tools" / "manifest-validator"
BOT = "0b6a1c9e-3f4d-4a8b-9c2e-5d7f1a2b3c4d"


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    installed = (VALIDATOR / "node_modules" / "@microsoft" / "app-manifest" / "package.json").is_file()
    if node and installed:
        return node
    missing = "node" if not node else "tools/manifest-validator/node_modules (run `make tools`)"
    if os.environ.get("CI"):
        pytest.fail(f"Microsoft's manifest validator is required in CI: {missing} is missing")
    pytest.skip(f"Microsoft's manifest validator not installed: {missing}")


def official(node: str, manifest_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node, str(VALIDATOR / "validate.js"), str(manifest_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=VALIDATOR,
    )


@pytest.fixture
def built_manifest(tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "switchboard.zip"
    build_package(PackageSpec(bot_id=BOT, domains=("bot.county.example.org",)), out)
    with zipfile.ZipFile(out) as archive:
        data: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return data


def test_built_package_passes_microsofts_validator(
    node: str, built_manifest: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(built_manifest))
    result = official(node, path)
    assert result.returncode == 0, result.stderr
    assert "valid (schema 1.30)" in result.stdout
    assert manifest_errors(built_manifest) == []


@pytest.mark.parametrize(
    ("breakage", "official_says", "python_says"),
    [
        (lambda m: m.pop("accentColor"), "must have required property 'accentColor'", "'accentColor' is a required property"),
        (lambda m: m["bots"][0]["scopes"].append("meeting"), "/bots/0/scopes/2 must be equal to one of the allowed values", "/bots/0/scopes/2:"),
        (lambda m: m.update(id="county-app"), "/id must match pattern", "/id:"),
    ],
)  # fmt: skip
def test_broken_manifest_fails_both_validators(
    node: str,
    built_manifest: dict[str, Any],
    tmp_path: Path,
    breakage: Any,
    official_says: str,
    python_says: str,
) -> None:
    breakage(built_manifest)
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(built_manifest))
    result = official(node, path)
    assert result.returncode == 1
    assert official_says in result.stderr
    assert any(python_says in error for error in manifest_errors(built_manifest))
