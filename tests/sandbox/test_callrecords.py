"""getPstnCalls / getDirectRoutingCalls: strict parsing (the SDK's comma-less URL fails), 90-day
limit, 1,000-row pages with @odata.count, half-open windows and the 200-a-minute limit."""

from __future__ import annotations

import datetime as dt

import aiohttp
import pytest
from kiota_abstractions.api_error import APIError

from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox
from tests.conftest import auth
from tests.sandbox.sdk import sdk_client

CALLS = "/communications/callRecords"
OCT1, OCT8 = "2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z"


async def get(sb: RunningSandbox, url: str) -> tuple[int, dict, dict]:
    async with aiohttp.ClientSession(headers=auth("calls")) as session:
        async with session.get(url) as response:
            return response.status, await response.json(), dict(response.headers)


async def test_pages_cover_the_window_exactly_once(sandbox: RunningSandbox) -> None:
    url = f"{sandbox.base_url}{CALLS}/getPstnCalls(fromDateTime={OCT1},toDateTime={OCT8})"
    ids, count = [], None
    while url:
        status, body, _ = await get(sandbox, url)
        assert status == 200 and len(body["value"]) <= 1000
        count = body["@odata.count"]
        ids.extend(row["id"] for row in body["value"])
        url = body.get("@odata.nextLink")
    start, end = dt.datetime(2026, 10, 1, tzinfo=dt.UTC), dt.datetime(2026, 10, 8, tzinfo=dt.UTC)
    expected = {r.id for r in sandbox.state.pstnCalls if start <= r.startDateTime < end}
    assert len(ids) == count == len(expected) > 1000 and set(ids) == expected


async def test_namespace_qualified_form_and_direct_routing(sandbox: RunningSandbox) -> None:
    status, body, _ = await get(
        sandbox,
        f"{sandbox.base_url}{CALLS}/microsoft.graph.callRecords.getDirectRoutingCalls("
        f"fromDateTime=2026-08-01T00:00:00Z,toDateTime=2026-10-30T00:00:00Z)",
    )
    assert status == 200 and body["value"]
    failed = [r for r in body["value"] if not r["successfulCall"]]
    assert failed and all(r["endDateTime"] == "0001-01-01T00:00:00Z" for r in failed)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (f"fromDateTime={OCT1}toDateTime={OCT8}", 400),  # the SDK's comma-less URL
        (f"fromDateTime={OCT8},toDateTime={OCT1}", 400),
        ("fromDateTime=yesterday,toDateTime=today", 400),
        (f"fromDateTime={OCT1}", 400),
        ("fromDateTime=2026-06-01T00:00:00Z,toDateTime=2026-10-01T00:00:00Z", 406),
    ],
)
async def test_strict_parameters(sandbox: RunningSandbox, args: str, status: int) -> None:
    got, body, _ = await get(sandbox, f"{sandbox.base_url}{CALLS}/getPstnCalls({args})")
    assert got == status and body["error"]["code"]


async def test_sdk_generated_url_is_rejected_and_with_url_works(sandbox: RunningSandbox) -> None:
    client = sdk_client(sandbox.base_url)
    start, end = dt.datetime(2026, 10, 1, tzinfo=dt.UTC), dt.datetime(2026, 10, 2, tzinfo=dt.UTC)
    builder = client.communications.call_records.microsoft_graph_call_records_get_pstn_calls_with_from_date_time_with_to_date_time(
        from_date_time=start, to_date_time=end
    )
    with pytest.raises(APIError) as exc:
        await builder.get()
    assert exc.value.response_status_code == 400
    page = await builder.with_url(
        f"{sandbox.base_url}{CALLS}/getPstnCalls(fromDateTime=2026-10-01T00:00:00Z,"
        "toDateTime=2026-10-02T00:00:00Z)"
    ).get()
    assert (
        page is not None
        and page.value
        and page.odata_count == len([r for r in sandbox.state.pstnCalls if start <= r.startDateTime < end])
    )


async def test_call_log_limit_per_app(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(config=SandboxConfig(operation_delay_s=0.05, calllog_limit=3))
    url = f"{sb.base_url}{CALLS}/getPstnCalls(fromDateTime={OCT1},toDateTime=2026-10-01T01:00:00Z)"
    statuses = [(await get(sb, url))[0] for _ in range(3)]
    status, body, headers = await get(sb, url)
    assert statuses == [200, 200, 200] and status == 429
    assert body["error"]["code"] == "TooManyRequests" and 1 <= int(headers["Retry-After"]) <= 60
