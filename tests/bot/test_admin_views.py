"""The usage report and `voiceapps check` from Teams, over HTTP: the cards carry what reports' and
provisioning's use cases compute on the same store and tenant; agency admins are refused both."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from provisioning.voiceapps import check, read_voice_apps, teams_admin_source
from reports import build_report, named_period, sync_all
from tests.bot.admin_rig import ADMIN_GROUP, AGENCY_GROUP, AdminRig, admin_rig
from tests.conftest import TEST_TODAY, SandboxFactory


@pytest.fixture
async def rig(sandbox_factory: SandboxFactory, tmp_path: Path) -> AsyncIterator[AdminRig]:
    async with admin_rig(sandbox_factory, tmp_path) as rig:
        yield rig


def facts(card: dict[str, Any]) -> dict[str, str]:
    return {f["title"]: f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]}


async def test_usage_report_card_for_last_week(rig: AdminRig) -> None:
    await sync_all(rig.graph, rig.store, since=TEST_TODAY - dt.timedelta(days=40), activity=False)
    admin = rig.members(ADMIN_GROUP)[0]
    card = await rig.execute(admin, "report", period="last-week")
    expected = await build_report(rig.store, named_period("last-week", TEST_TODAY, "America/New_York"))
    assert card["body"][0]["text"] == "Usage report, 26 Oct 2026 – 01 Nov 2026"
    shown = facts(card)
    assert expected.summary.calls > 0  # the sync filled the week: the card is not a row of zeros
    assert shown["Calls"] == f"{expected.summary.calls:,}"
    assert shown["PSTN minutes"].startswith(f"{expected.summary.minutes:,.0f} ")
    (period,) = [b for b in card["body"] if b.get("id") == "period"]
    assert period["value"] == "last-week"


async def test_an_unknown_period_is_named(rig: AdminRig) -> None:
    card = await rig.execute(rig.members(ADMIN_GROUP)[0], "report", period="fortnight")
    assert card["body"][0]["text"] == "That did not work"
    assert "unknown period 'fortnight'" in card["fallbackText"]


async def test_voiceapps_check_card(rig: AdminRig) -> None:
    card = await rig.execute(rig.members(ADMIN_GROUP)[0], "voiceapps_check")
    findings = check(await read_voice_apps(teams_admin_source(rig.teams), rig.graph))
    assert findings  # the county seed has waste to find
    assert card["body"][0]["text"] == f"Voice-app check: {len(findings)} findings"
    for finding in findings:
        assert f"{finding.code}: {finding.message}" in card["fallbackText"]
    (event,) = await rig.audit("bot.voiceapps.check")
    assert event.detail == f"{len(findings)} findings"


async def test_agency_admins_get_neither(rig: AdminRig) -> None:
    (librarian,) = rig.members(AGENCY_GROUP)
    for verb in ("report", "voiceapps_check"):
        card = await rig.execute(librarian, verb)
        assert card["body"][0]["text"] == "Not allowed"
        assert "county-wide admins only" in card["fallbackText"]
