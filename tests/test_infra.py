"""The container image and the Azure templates stay in step with the project (no Docker or Azure needed)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_image_copies_every_package_the_wheel_includes() -> None:
    includes = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"][
        "include"
    ]
    packages = {pattern.rstrip("*") for pattern in includes}
    copied = set(re.findall(r"^COPY (\w+) \./\1$", (ROOT / "infra" / "Dockerfile").read_text(), re.MULTILINE))
    assert copied == packages


def test_bot_listens_where_the_ingress_and_probes_look() -> None:
    dockerfile = (ROOT / "infra" / "Dockerfile").read_text()
    apps = (ROOT / "infra" / "modules" / "containerapps.bicep").read_text()
    assert '"--port", "3978"' in dockerfile and "EXPOSE 3978" in dockerfile
    assert "targetPort: 3978" in apps
    assert {"/healthz", "/readyz"} <= set(re.findall(r"path: '(/\w+)'", apps))
    replicas = re.search(r"minReplicas int = (\d+)", apps)
    assert replicas is not None
    assert int(replicas.group(1)) >= 2
