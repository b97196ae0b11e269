"""The voice-app commands in process against a real county sandbox over HTTP (Graph: who the ids are, free
numbers, group members). Only the module-state source is swapped: the Lakeview fixture, re-keyed onto
county people, stands in for `GET /_sandbox/teams` until the sandbox serves county voice apps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from typer.testing import CliRunner

from cli import voiceapps as cli_voiceapps
from cli.app import app
from cli.runtime import load_settings
from provisioning.voiceapps import WireError
from sandbox.server import SandboxThread
from tests.conftest import FAST, seeded
from tests.provisioning.voiceapps.lakeview import raw_directory, raw_state

runner = CliRunner()


@pytest.fixture(scope="module")
def county() -> Iterator[SandboxThread]:
    thread = SandboxThread(seeded("county"), FAST).start()
    yield thread
    thread.stop()


def rekeyed(county: SandboxThread) -> tuple[dict[str, Any], dict[str, str]]:
    """The fixture with its people and groups replaced by county ones (u-olga stays unknown: she left)."""
    staff = sorted(
        (u for u in county.state.users.values() if u.accountEnabled and "@" in u.userPrincipalName),
        key=lambda u: u.userPrincipalName,
    )
    fixture_ids = [u["id"] for u in raw_directory()["users"]]
    people = dict(zip(fixture_ids, staff, strict=False))
    groups = sorted(county.state.groups.values(), key=lambda g: g.id)
    group_ids = dict(zip(["g-frontdesk", "g-permits", "g-staff", "g-exec"], groups, strict=False))
    text = json.dumps(raw_state())
    for old, user in people.items():
        text = text.replace(f'"{old}"', f'"{user.id}"')
    for old, group in group_ids.items():
        text = text.replace(f'"{old}"', f'"{group.id}"')
    document = json.loads(text)
    document["Groups"] = [{"Id": g.id, "DisplayName": g.displayName} for g in group_ids.values()]
    return document, {old: user.userPrincipalName for old, user in people.items()}


@pytest.fixture(scope="module")
def upns(county: SandboxThread) -> dict[str, str]:
    return rekeyed(county)[1]


@pytest.fixture
def cli(county: SandboxThread, monkeypatch: pytest.MonkeyPatch) -> Any:
    document, _ = rekeyed(county)

    def source(settings: Any) -> Any:
        async def read() -> Mapping[str, Any]:
            return document

        return read

    monkeypatch.setattr(cli_voiceapps, "sandbox_state_source", source)

    def invoke(*args: str) -> Any:
        return runner.invoke(app, ["--graph-url", county.base_url, *args], catch_exceptions=False)

    return invoke


def test_list_puts_dialled_apps_first(cli: Any) -> None:
    result = cli("voiceapps", "list", "--json")
    assert result.exit_code == 0, result.output
    names = [row["name"] for row in json.loads(result.stdout)]
    assert names == [
        "Main Line", "Night Line", "Servicios en Español", "Tax Collector", "West Field Office",
        "Customer Service", "English Services", "EOC Intake", "Library Help", "Night Desk", "Permits", "Records Requests",
    ]  # fmt: skip


def test_check_exits_1_and_counts_the_tenants_free_voice_numbers(cli: Any, county: SandboxThread) -> None:
    result = cli("voiceapps", "check", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    free = sorted(
        n.telephoneNumber
        for n in county.state.numbers.values()
        if n.assignmentStatus == "unassigned" and "voiceApplicationAssignment" in n.capabilities
    )
    assert free  # the county seed keeps spare voice-app numbers
    assert [f["items"] for f in findings if f["code"] == "numbers-free"] == [free]
    assert ("ra-unassociated", "old-hotline@lakeview.gov") in {(f["code"], f["subject"]) for f in findings}
    assert "ra-unlicensed" not in {f["code"] for f in findings}  # fixture RAs are not Graph users: unknown


def test_trace_on_a_holiday_and_to_the_operator(cli: Any, upns: dict[str, str]) -> None:
    holiday = json.loads(cli("trace", "+15615550100", "--at", "2026-12-25T10:00", "--json").stdout)
    assert (holiday["final"]["kind"], holiday["at"]) == ("disconnect", "2026-12-25T10:00:00-05:00")
    weekday = cli("trace", "+15615550100", "--at", "2026-11-02T10:00", "--press", "0", "--json")
    final = json.loads(weekday.stdout)["final"]
    assert (final["kind"], final["ref"]) == ("user", upns["u-frank"])  # the operator, named by Graph
    text = cli("trace", "+15615550100", "--at", "2026-11-02T10:00", "--press", "1", "--press", "1")
    assert text.exit_code == 0 and "if more than 10 calls waiting" in text.stdout


def test_bad_input_exits_2(cli: Any) -> None:
    assert cli("trace", "+15615559999", "--at", "2026-11-02T10:00").exit_code == 2
    assert cli("trace", "+15615550100", "--at", "Christmas").exit_code == 2
    assert cli("flows", "+15615550100", "--format", "png").exit_code == 2  # png needs --out
    assert cli("voiceapps", "show", "Nobody").exit_code == 2


def test_flows_and_show(cli: Any, tmp_path: Path) -> None:
    mermaid = cli("flows", "+15615550100", "--format", "mermaid")
    assert mermaid.stdout.startswith("flowchart LR\n  app_main_line")
    png = tmp_path / "main.png"
    assert cli("flows", "Main Line", "--format", "png", "--out", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    shown = cli("voiceapps", "show", "Permits")
    assert "overflow (more than 10 waiting) → external number +15615550150" in shown.stdout
    assert "Tax Collector" not in shown.stdout  # show is the one app, flows follows the calls


async def test_the_temporary_source_reads_the_sandbox_control_plane() -> None:
    seen: list[str] = []

    async def teams(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization", ""))
        return web.json_response(raw_state())

    application = web.Application()
    application.router.add_get("/_sandbox/teams", teams)
    server = web.AppRunner(application)
    await server.setup()
    site = web.TCPSite(server, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        settings = load_settings(graph_url=f"http://127.0.0.1:{port}/v1.0")
        document = await cli_voiceapps.sandbox_state_source(settings)()
        assert document["AutoAttendants"][0]["Name"] == "Main Line"
        assert seen == ["Bearer sandbox.switchboard"]
        missing = load_settings(graph_url=f"http://127.0.0.1:{port}/elsewhere/v1.0")
        with pytest.raises(WireError, match="404"):
            await cli_voiceapps.sandbox_state_source(missing)()
    finally:
        await server.cleanup()


def test_a_tenant_url_is_refused_until_the_powershell_reader_lands() -> None:
    result = runner.invoke(app, ["--graph-url", "https://graph.microsoft.com/v1.0", "voiceapps", "list"])
    assert result.exit_code == 1
    assert "Teams PowerShell worker" in result.output
