"""getTeamsUserActivityUserDetail: 302 to a pre-authenticated CSV with the documented columns."""

from __future__ import annotations

import csv
import io

import aiohttp
import pytest

from sandbox.routes.reports import COLUMNS
from sandbox.server import RunningSandbox
from tests.conftest import TEST_TODAY, auth
from tests.sandbox.sdk import sdk_client


async def test_period_report_redirects_to_csv(sandbox: RunningSandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(
            f"{sandbox.base_url}/reports/getTeamsUserActivityUserDetail(period='D7')",
            headers=auth(),
            allow_redirects=False,
        ) as response:
            assert response.status == 302
            location = response.headers["Location"]
        async with session.get(location) as download:  # no Authorization: pre-authenticated
            data = await download.read()
        async with session.get(location.replace(".csv", "x.csv")) as bad:
            assert bad.status == 403
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert {r["Report Refresh Date"] for r in rows} == {str(sandbox.state.historyEnd)}
    assert all(r["Audio Duration"].startswith("PT") for r in rows)


async def test_sdk_follows_the_redirect(sandbox: RunningSandbox) -> None:
    data = (
        await sdk_client(sandbox.base_url)
        .reports.get_teams_user_activity_user_detail_with_period("D30")
        .get()
    )
    assert data is not None and b"User Principal Name" in data


@pytest.mark.parametrize("segment", ["(period='D8')", "(date=2026-01-01)", "(date=notadate)"])
async def test_bad_parameters(sandbox: RunningSandbox, segment: str) -> None:
    async with aiohttp.ClientSession(headers=auth()) as session:
        async with session.get(
            f"{sandbox.base_url}/reports/getTeamsUserActivityUserDetail{segment}", allow_redirects=False
        ) as response:
            assert response.status == 400


async def test_concealed_names_are_hashed(sandbox: RunningSandbox) -> None:
    sandbox.state.concealNames = True
    data = (
        await sdk_client(sandbox.base_url)
        .reports.get_teams_user_activity_user_detail_with_date(TEST_TODAY.replace(day=1))
        .get()
    )
    rows = list(csv.DictReader(io.StringIO((data or b"").decode("utf-8-sig"))))
    assert rows and all(
        "@" not in r["User Principal Name"] and len(r["User Principal Name"]) == 32 for r in rows
    )
