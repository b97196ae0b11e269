"""Build the Teams app package: fill the manifest template, check icons, validate, write a flat zip.

Teams accepts only a zip with `manifest.json` and the two icons at its root (no folder); the zip is
written with fixed timestamps so the same inputs give the same bytes.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manifests.icons import IconError, check_icons
from manifests.schema import manifest_errors

DATA = Path(__file__).resolve().parent / "data"
TEMPLATE = DATA / "manifest.template.json"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
HOST = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
PLACEHOLDER = re.compile(r"\$\{\{([A-Z_]+)\}\}")
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
# Shown when no --website is given: reserved for documentation (RFC 2606), so nobody mistakes it.
EXAMPLE_WEBSITE = "https://www.example.com/switchboard"


class PackageError(ValueError):
    """Bad input for the package: the message is one line naming the option, file or field."""


@dataclass(frozen=True)
class PackageSpec:
    bot_id: str
    app_id: str | None = None  # the Teams app id; defaults to the bot id so re-uploads update one app
    version: str = "1.0.0"
    publisher: str = "Switchboard"
    website: str = EXAMPLE_WEBSITE
    domains: tuple[str, ...] = ()
    template: Path | None = None  # None: the bundled template
    icon_dir: Path | None = None  # None: the template's own folder, as in a Teams Toolkit appPackage/

    @property
    def template_path(self) -> Path:
        return self.template or TEMPLATE

    @property
    def icons(self) -> Path:
        return self.icon_dir or self.template_path.parent


def check_guid(value: str, option: str) -> str:
    if not GUID.match(value):
        raise PackageError(f"{option}: {value!r} is not a GUID (8-4-4-4-12 hex digits)")
    return value.lower()


def variables(spec: PackageSpec) -> dict[str, str]:
    bot_id = check_guid(spec.bot_id, "--bot-id")
    app_id = check_guid(spec.app_id, "--app-id") if spec.app_id else bot_id
    if not spec.website.startswith("https://"):
        raise PackageError(f"--website: {spec.website!r} must be an https:// URL")
    for domain in spec.domains:
        if not HOST.match(domain):
            raise PackageError(f"--domain: {domain!r} is not a host name (no scheme, no path)")
    return {
        "BOT_ID": bot_id,
        "APP_ID": app_id,
        "VERSION": spec.version,
        "PUBLISHER": spec.publisher,
        "WEBSITE_URL": spec.website.rstrip("/"),
    }


def fill(node: Any, values: dict[str, str], where: str = "") -> Any:
    """Replace ${{NAME}} in every string of the template; an unknown name is an error naming its place."""
    if isinstance(node, dict):
        return {key: fill(value, values, f"{where}/{key}") for key, value in node.items()}
    if isinstance(node, list):
        return [fill(value, values, f"{where}/{index}") for index, value in enumerate(node)]
    if isinstance(node, str):

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise PackageError(f"template {where}: unknown placeholder ${{{{{name}}}}}")
            return values[name]

        return PLACEHOLDER.sub(substitute, node)
    return node


def load_template(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PackageError(f"{path}: cannot read template ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PackageError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise PackageError(f"{path}: the manifest must be a JSON object")
    return data


def render_manifest(spec: PackageSpec) -> dict[str, Any]:
    """The filled manifest, with --domain hosts added to validDomains; validated against the schema."""
    manifest: dict[str, Any] = fill(load_template(spec.template_path), variables(spec))
    domains = list(manifest.get("validDomains", []))
    manifest["validDomains"] = domains + [d for d in spec.domains if d not in domains]
    errors = manifest_errors(manifest)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PackageError(f"{spec.template_path}: manifest {errors[0]}{more}")
    return manifest


def icon_paths(manifest: dict[str, Any], icon_dir: Path) -> tuple[Path, Path]:
    icons = manifest["icons"]
    return icon_dir / icons["color"], icon_dir / icons["outline"]


def build_package(spec: PackageSpec, out: Path) -> dict[str, Any]:
    """Write the zip (only after every check passed, so a failed build leaves no file) and return the manifest."""
    manifest = render_manifest(spec)
    color, outline = icon_paths(manifest, spec.icons)
    try:
        check_icons(color, outline)
    except IconError as exc:
        raise PackageError(str(exc)) from None
    members = {
        "manifest.json": (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
        manifest["icons"]["color"]: color.read_bytes(),
        manifest["icons"]["outline"]: outline.read_bytes(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)
    partial.replace(out)
    return manifest
