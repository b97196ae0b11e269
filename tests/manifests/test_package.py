"""The Teams app package builder: a good package, and each kind of bad input refused before any zip exists."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from manifests import PackageError, PackageSpec, build_package, manifest_errors, read_header
from manifests.artwork import color_icon, outline_icon
from manifests.build import DATA, TEMPLATE
from manifests.icons import IconError

BOT = "0b6a1c9e-3f4d-4a8b-9c2e-5d7f1a2b3c4d"
APP = "7d1f0e2a-9b8c-4d3e-a1f2-3b4c5d6e7f80"
PERSONAL = ["my number", "my minutes", "my queues", "ring my mobile too", "stop ringing my mobile", "help"]
TEAM = ["popup open", "popup list", "emergency status", "report", "voiceapps check", "help"]


def built(tmp_path: Path, **spec: Any) -> tuple[dict[str, Any], zipfile.ZipFile]:
    out = tmp_path / "switchboard.zip"
    build_package(PackageSpec(bot_id=BOT, **spec), out)
    archive = zipfile.ZipFile(out)
    return json.loads(archive.read("manifest.json")), archive


def copy_of_package_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "appPackage"
    shutil.copytree(DATA, folder)
    return folder


def test_package_is_a_flat_zip_with_the_bot_in_personal_and_team_scopes(tmp_path: Path) -> None:
    manifest, archive = built(tmp_path, domains=("bot.county.example.org",))
    assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
    assert manifest["manifestVersion"] == "1.30"
    assert manifest["id"] == BOT  # the Teams app id defaults to the bot id
    (bot,) = manifest["bots"]
    assert bot["botId"] == BOT
    assert sorted(bot["scopes"]) == ["personal", "team"]
    lists = {tuple(c["scopes"]): [cmd["title"] for cmd in c["commands"]] for c in bot["commandLists"]}
    assert lists == {("personal",): PERSONAL, ("team",): TEAM}
    assert manifest["webApplicationInfo"] == {"id": BOT, "resource": f"api://botid-{BOT}"}
    assert "bot.county.example.org" in manifest["validDomains"]
    assert "${{" not in archive.read("manifest.json").decode()
    assert manifest_errors(manifest) == []


def test_icons_in_the_zip_are_192_and_32_pixels(tmp_path: Path) -> None:
    _, archive = built(tmp_path)
    assert read_header(archive.read("color.png"), "color.png").size == (192, 192)
    outline = read_header(archive.read("outline.png"), "outline.png")
    assert outline.size == (32, 32)
    assert outline.can_be_transparent


def test_app_id_can_differ_from_the_bot_id(tmp_path: Path) -> None:
    manifest, _ = built(tmp_path, app_id=APP.upper())
    assert manifest["id"] == APP
    assert manifest["bots"][0]["botId"] == BOT


def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    build_package(PackageSpec(bot_id=BOT), first)
    build_package(PackageSpec(bot_id=BOT), second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"bot_id": "not-a-guid"}, "--bot-id: 'not-a-guid' is not a GUID"),
        ({"bot_id": BOT, "app_id": "1234"}, "--app-id: '1234' is not a GUID"),
        ({"bot_id": BOT, "website": "http://county.example.org"}, "--website"),
        ({"bot_id": BOT, "domains": ("https://bot.example.org/",)}, "--domain"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(
    tmp_path: Path, spec: dict[str, Any], message: str
) -> None:
    out = tmp_path / "switchboard.zip"
    with pytest.raises(PackageError, match=message):
        build_package(PackageSpec(**spec), out)
    assert list(tmp_path.iterdir()) == []


def test_icon_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    folder = copy_of_package_dir(tmp_path)
    Image.new("RGB", (96, 96), (31, 78, 121)).save(folder / "color.png")
    with pytest.raises(PackageError, match=r"color.png: is 96×96 pixels; Teams needs 192×192"):
        build_package(PackageSpec(bot_id=BOT, icon_dir=folder), tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_missing_icon_is_refused(tmp_path: Path) -> None:
    folder = copy_of_package_dir(tmp_path)
    (folder / "outline.png").unlink()
    with pytest.raises(PackageError, match=r"outline\.png: icon file not found"):
        build_package(PackageSpec(bot_id=BOT, icon_dir=folder), tmp_path / "out.zip")


def test_opaque_outline_is_refused(tmp_path: Path) -> None:
    folder = copy_of_package_dir(tmp_path)
    Image.new("RGB", (32, 32), (255, 255, 255)).save(folder / "outline.png")
    with pytest.raises(PackageError, match="no alpha channel"):
        build_package(PackageSpec(bot_id=BOT, icon_dir=folder), tmp_path / "out.zip")


def test_coloured_outline_is_refused(tmp_path: Path) -> None:
    folder = copy_of_package_dir(tmp_path)
    image = outline_icon()
    image.putpixel((16, 16), (200, 30, 30, 255))
    image.save(folder / "outline.png")
    with pytest.raises(PackageError, match=r"pixel \(16,16\) is #C81E1E"):
        build_package(PackageSpec(bot_id=BOT, icon_dir=folder), tmp_path / "out.zip")


def test_outline_with_no_transparent_pixel_is_refused(tmp_path: Path) -> None:
    folder = copy_of_package_dir(tmp_path)
    Image.new("RGBA", (32, 32), (255, 255, 255, 255)).save(folder / "outline.png")
    with pytest.raises(PackageError, match="no transparent pixels"):
        build_package(PackageSpec(bot_id=BOT, icon_dir=folder), tmp_path / "out.zip")


def test_not_a_png_is_refused() -> None:
    with pytest.raises(IconError, match="not a PNG"):
        read_header(b"GIF89a....", "color.png")


def test_template_breaking_the_schema_names_the_field(tmp_path: Path) -> None:
    folder = copy_of_package_dir(tmp_path)
    template = json.loads(TEMPLATE.read_text())
    del template["accentColor"]
    (folder / "manifest.template.json").write_text(json.dumps(template))
    with pytest.raises(PackageError, match="manifest /: 'accentColor' is a required property"):
        build_package(PackageSpec(bot_id=BOT, template=folder / "manifest.template.json"), tmp_path / "o.zip")


def test_template_with_too_many_commands_is_refused(tmp_path: Path) -> None:
    folder = copy_of_package_dir(tmp_path)
    template = json.loads(TEMPLATE.read_text())
    commands = template["bots"][0]["commandLists"][0]["commands"]
    commands.extend({"title": f"extra {i}", "description": "x"} for i in range(13 - len(commands)))
    (folder / "manifest.template.json").write_text(json.dumps(template))
    with pytest.raises(
        PackageError, match="/bots/0/commandLists/0/commands: has 13 items; at most 12 allowed"
    ):
        build_package(PackageSpec(bot_id=BOT, template=folder / "manifest.template.json"), tmp_path / "o.zip")


def test_unknown_placeholder_and_bad_json_are_named(tmp_path: Path) -> None:
    template = tmp_path / "manifest.template.json"
    template.write_text(json.dumps({"name": {"short": "${{COUNTY}}"}}))
    with pytest.raises(PackageError, match=r"template /name/short: unknown placeholder \$\{\{COUNTY\}\}"):
        build_package(PackageSpec(bot_id=BOT, template=template), tmp_path / "o.zip")
    template.write_text('{\n  "id": ,\n}')
    with pytest.raises(PackageError, match=r"manifest.template.json:2: not valid JSON"):
        build_package(PackageSpec(bot_id=BOT, template=template), tmp_path / "o.zip")


def test_committed_icons_are_what_the_generator_draws() -> None:
    for drawn, committed in ((color_icon(), "color.png"), (outline_icon(), "outline.png")):
        with Image.open(DATA / committed) as image:
            assert image.mode == drawn.mode
            assert image.tobytes() == drawn.tobytes(), f"{committed}: run python -m manifests.artwork"


def test_cli_writes_the_zip_and_refuses_bad_input_with_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "pkg" / "switchboard.zip"
    ok = subprocess.run(
        [sys.executable, "-m", "cli", "package", "--bot-id", BOT, "--out", str(out)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert zipfile.is_zipfile(out)
    bad = subprocess.run(
        [sys.executable, "-m", "cli", "package", "--bot-id", "x", "--out", str(tmp_path / "bad.zip")],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == ["error: --bot-id: 'x' is not a GUID (8-4-4-4-12 hex digits)"]
    assert not (tmp_path / "bad.zip").exists()
