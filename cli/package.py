"""`switchboard package`: the Teams app package (manifest.json + icons, a flat zip) for upload to Teams.

The logic lives in manifests/; this module parses options and reports. Bad input exits 2 in one line.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import typer

from cli.output import EXIT_BAD_INPUT, console, fail
from manifests import EXAMPLE_WEBSITE, PackageError, PackageSpec, build_package


def app_version() -> str:
    """The manifest version follows the installed Switchboard's, so each release can be re-uploaded."""
    try:
        return version("switchboard")
    except PackageNotFoundError:
        return "0.0.0"


def package(
    bot_id: str = typer.Option(
        ..., "--bot-id", help="The Azure Bot's Microsoft App ID (SWITCHBOARD_BOT_APP_ID)."
    ),
    app_id: str | None = typer.Option(None, "--app-id", help="Teams app id (GUID); defaults to the bot id."),
    out: Path = typer.Option(Path("switchboard.zip"), "--out", help="Where to write the zip."),
    domain: list[str] = typer.Option(
        [], "--domain", help="Extra valid domain, e.g. the bot's host (repeatable)."
    ),
    website: str = typer.Option(
        EXAMPLE_WEBSITE, "--website", help="Your organisation's https page; /privacy and /terms are appended."
    ),
    publisher: str = typer.Option(
        "Switchboard", "--publisher", help="Developer name shown in Teams (≤ 32 characters)."
    ),
    template: Path | None = typer.Option(
        None, "--template", help="Your own manifest template (default: the bundled one)."
    ),
    icons: Path | None = typer.Option(None, "--icons", help="Folder with the icons the template names."),
) -> None:
    """Fill the manifest, check icon sizes and the v1.30 schema offline, write the zip."""
    spec = PackageSpec(
        bot_id=bot_id,
        app_id=app_id,
        version=app_version(),
        publisher=publisher,
        website=website,
        domains=tuple(domain),
        template=template,
        icon_dir=icons,
    )
    try:
        manifest = build_package(spec, out)
    except PackageError as exc:
        fail(str(exc), code=EXIT_BAD_INPUT)
    console.print(
        f"wrote {out}: Teams app {manifest['id']} v{manifest['version']} (schema {manifest['manifestVersion']})"
    )
    if website == EXAMPLE_WEBSITE:
        console.print(
            "[yellow]note:[/] developer links point at an example page; pass --website for your own."
        )
    console.print("Upload it in the Teams admin center: Teams apps → Manage apps → Upload new app.")
