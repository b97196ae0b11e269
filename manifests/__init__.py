"""manifests/: the Teams app package — manifest template, icons, offline schema check, zip builder.

A Python package (not loose files) so the template, icons and vendored schema travel as package data
inside the wheel and the container image, where `switchboard package` runs with no repository checkout.
"""

from __future__ import annotations

from manifests.build import EXAMPLE_WEBSITE, PackageError, PackageSpec, build_package, render_manifest
from manifests.icons import IconError, check_icons, read_header
from manifests.schema import SCHEMA_VERSION, manifest_errors

__all__ = [
    "EXAMPLE_WEBSITE",
    "SCHEMA_VERSION",
    "IconError",
    "PackageError",
    "PackageSpec",
    "build_package",
    "check_icons",
    "manifest_errors",
    "read_header",
    "render_manifest",
]
